// Every practitioner page: start GOV.UK Frontend's components and give htmx the CSRF token.
// Loaded as a module from a file (never inline) so the Content Security Policy can forbid inline script.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

// What GOV.UK's page template does with an inline script: mark the page as able to run the components.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// Flask-WTF reads the token from this header for htmx's requests (security.py).
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
document.body.addEventListener("htmx:configRequest", (event) => {
  if (csrfToken) {
    event.detail.headers["X-CSRFToken"] = csrfToken;
  }
});
