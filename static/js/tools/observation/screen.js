// The observation note: what the worker saw and heard on the visit, in their words, with photos of
// anything worth keeping (a drawing on paper, say). The first kind on the platform; its schema
// check on the server is sofs_direct/tools/observation/.
//
// Photos are re-drawn through a canvas before they are stored (photo.js). Its rules are model.js.

import { _ } from "../../tablet/i18n.js";
import { element } from "../../tablet/dom.js";
import { reencode } from "../photo.js";
import { LIMITS, model } from "./model.js";

export default {
  ...model,

  // Draw the tool into `container`; call onChange() after every edit (the platform autosaves).
  render(container, draft, onChange) {
    container.replaceChildren();
    const group = element("div", { class: "govuk-form-group" });
    const label = element("label", { class: "govuk-label govuk-label--m", for: "observation-text" }, _("What did you see and hear?"));
    const hint = element("div", { class: "govuk-hint", id: "observation-text-hint" },
      _("Write the child's own words exactly as they said them, in quotation marks."));
    const text = element("textarea", { class: "govuk-textarea", id: "observation-text", rows: "8",
      maxlength: String(LIMITS.text_max), "aria-describedby": "observation-text-hint", spellcheck: "true",
      // autocomplete="off" also keeps the browser from saving what is typed in its session-restore
      // files, where it would lie on disk unencrypted.
      autocomplete: "off" });
    text.value = draft.content.text;
    text.addEventListener("input", () => {
      draft.content.text = text.value;
      onChange();
    });
    group.append(label, hint, text);

    const photoGroup = element("div", { class: "govuk-form-group" });
    const photoLabel = element("label", { class: "govuk-label", for: "observation-photo" }, _("Add a photo"));
    const photoHint = element("div", { class: "govuk-hint", id: "observation-photo-hint" },
      _("For example, a drawing the child made on paper. Location data is removed."));
    const photo = element("input", { class: "govuk-file-upload", id: "observation-photo", type: "file",
      accept: "image/*", capture: "environment", "aria-describedby": "observation-photo-hint" });
    const list = element("ul", { class: "govuk-list app-photo-list" });
    const showPhotos = () => {
      list.replaceChildren(...draft.content.photos.map((name, index) => element("li", {}, _("Photo %(n)s", { n: index + 1 }))));
    };
    photo.addEventListener("change", async () => {
      const file = photo.files[0];
      photo.value = "";
      if (!file || draft.content.photos.length >= LIMITS.photos_max) return;
      const bytes = await reencode(file);
      const name = `photo-${draft.parts.length + 1}`;
      draft.parts.push({ name, media_type: "image/jpeg", bytes });
      draft.content.photos.push(name);
      showPhotos();
      onChange();
    });
    showPhotos();
    photoGroup.append(photoLabel, photoHint, photo, list);
    container.append(group, photoGroup);
  },
};
