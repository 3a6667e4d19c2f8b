// Three Houses, the worker's session record: the theme the child sees, where the session is, who
// else is present, whether the child is seen alone, the parent's agreement and how the session went;
// and, once a parent or carer has said no (issue 13), the warning shown before anything with the child.
//
// Main decision: a parent's agreement recorded on the consent screen (consent.js) is shown here, not
// asked again; only agreement taken some other way (or not needed) is typed here. A refusal is a
// record of its own: the worker may finish the session as the refusal, record a new answer, or go on
// knowing the record will say so. `screen` is the Session of screen.js (content, view, container,
// goingOn, consentForm, sayWhatNext, changed(), show(view), workerNavigation()).

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { button, communicationFields, radios, textField, presentFields as sharedPresentFields } from "../forms.js";
import { LIMITS, prompt, workDone } from "./model.js";

// What a worker needs when the parent or carer said no: finish the session as the refusal it is;
// record a new answer if they changed their mind; or, with another lawful reason, go on, knowing
// the record will say the session went ahead without agreement.
export function refusalView(body, screen, then) {
  const session = screen.content.session;
  body.append(element("h2", { class: "govuk-heading-m" }, _("The parent or carer did not agree to this session")));
  const warning = element("div", { class: "govuk-warning-text" });
  warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
  warning.append(element("strong", { class: "govuk-warning-text__text" },
    _("Do not go on with the child unless they change their mind, or you have another lawful reason to see the child without their agreement.")));
  body.append(warning);
  if (session.agreement_by.trim()) {
    body.append(element("p", { class: "govuk-body" }, _("Who did not agree: %(person)s", { person: session.agreement_by })));
  }
  const nothing = !workDone(screen.content);
  if (nothing) {
    body.append(element("p", { class: "govuk-body" },
      _("You can finish and send the session as it is. The child's record will say that the parent or carer did not agree, so nothing was done with the child.")));
  }
  const group = element("div", { class: "govuk-button-group" });
  if (nothing) {
    group.append(element("button", { type: "button", class: "govuk-button", "data-action": "finalise" },
      _("Finish and send as a refusal")));
  }
  group.append(button(_("They changed their mind: record their new answer"), () => {
    const parent = screen.content.consent.parent;
    if (parent) { // the consent screen's "Change the answer", the new answer with its own time
      screen.consentForm = { decision: null, name: parent.name, relationship: parent.relationship, typed_name: "",
        audio: null, ops: [], errors: {} };
    }
    screen.show({ name: "consent" });
  }));
  body.append(group);
  body.append(element("p", { class: "govuk-body" },
    _("If you go on without their agreement, the record will say so. Write why in How did the session go.")));
  const goOn = button(_("Go on without their agreement"), () => {
    screen.goingOn = true;
    if (then !== "child-mode") screen.show(then || { name: "houses" });
  }, "govuk-button--warning");
  // Handing over: the platform's own action runs after this button's, once going on is chosen.
  if (then === "child-mode") goOn.dataset.action = "child-mode";
  body.append(goOn);
}

// --- worker: the session record ---
export function sessionView(body, screen) {
  const session = screen.content.session;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Session details")));
  body.append(element("p", { class: "govuk-body" }, _("Started %(time)s", { time: formatTime(session.started_at) })));
  body.append(radios({
    legend: _("How should it look for the child?"), name: "th-theme", value: screen.content.theme,
    options: [{ value: "houses", label: _("Three houses") },
      { value: "fairy", label: _("A fairy (for younger children)") },
      { value: "wizard", label: _("A wizard (for younger children)") }],
    onChange: (theme) => {
      // A question still as the tool wrote it follows the theme; one the worker changed stays.
      for (const house of screen.content.houses) {
        if (house.question === prompt(screen.content.theme, house.key)) house.question = prompt(theme, house.key);
      }
      screen.content.theme = theme;
      screen.changed();
      screen.container.querySelector(".app-th__nav").replaceWith(screen.workerNavigation()); // houses or bubbles
    },
  }));
  body.append(textField({ label: _("Where is the session?"), hint: _("For example, at home in the kitchen, or at school"),
    value: session.place, maxlength: LIMITS.place_max, onInput: (value) => { session.place = value; screen.changed(); } }));
  body.append(presentFields(screen));
  body.append(radios({
    legend: _("Is the child seen alone?"), name: "th-alone", value: session.seen_alone, inline: true,
    options: [{ value: true, label: _("Yes") }, { value: false, label: _("No") }],
    onChange: (value) => { session.seen_alone = value; screen.changed(); },
  }));
  body.append(agreementFields(screen));
  body.append(textField({ label: _("How did the session go?"), multiline: true, maxlength: LIMITS.long_text_max,
    hint: _("Your own account: how the child was, what helped, anything that worried you."),
    value: session.how_it_went, onInput: (value) => { session.how_it_went = value; screen.changed(); } }));
  body.append(communicationFields(screen.draft, () => screen.changed()));
  const next = element("div", { class: "app-th__next", "aria-live": "polite" });
  screen.sayWhatNext = () => next.replaceChildren(session.parental_agreement === "refused" ? refusalNote(screen)
    : element("p", { class: "govuk-body" }, _("When you are ready, hand the tablet to the child. To come back here you will need your PIN.")));
  screen.sayWhatNext();
  body.append(next);
}

// Under the session details once a parent or carer has said no: what finishing will record.
function refusalNote(screen) {
  const note = element("div", { class: "govuk-inset-text app-th__refusal" });
  if (workDone(screen.content)) {
    note.append(element("p", { class: "govuk-body" },
      _("The parent or carer did not agree, but the child has taken part. The record will say the session went ahead without their agreement: write why in How did the session go.")));
  } else {
    note.append(element("p", { class: "govuk-body" },
      _("The parent or carer did not agree. You can finish and send the session as it is: the record will say that nothing was done with the child. Where the session was and who did not agree are still needed; whether the child was seen alone is not.")));
  }
  return note;
}

// The parent's agreement: as recorded on the consent screen, or (agreement taken some other way,
// or not needed) in the two fields of the session record.
function agreementFields(screen) {
  const session = screen.content.session;
  const parent = screen.content.consent.parent;
  const block = element("div", { class: "govuk-form-group" });
  if (parent) {
    block.append(element("h3", { class: "govuk-heading-s" }, _("Did a parent agree to this session?")));
    block.append(element("p", { class: "govuk-body" }, parent.decision === "agreed"
      ? _("%(person)s agreed on the consent screen at %(time)s.", { person: session.agreement_by, time: formatTime(parent.at) })
      : _("%(person)s did not agree, on the consent screen at %(time)s.", { person: session.agreement_by, time: formatTime(parent.at) })));
    block.append(button(_("See or change the consent"), () => screen.show({ name: "consent" })));
    return block;
  }
  block.append(radios({
    legend: _("Did a parent agree to this session?"), name: "th-agreement", value: session.parental_agreement,
    options: [{ value: "agreed", label: _("Yes, a parent agreed") }, { value: "refused", label: _("No, a parent refused") },
      { value: "not-needed", label: _("Agreement was not needed") }, { value: "not-asked", label: _("Not asked yet") }],
    onChange: (value) => {
      session.parental_agreement = value;
      screen.changed();
      screen.sayWhatNext();
    },
  }));
  block.append(textField({ label: _("Who agreed or refused?"), hint: _("Their name and how they are related to the child. Or record it with the parent on the Consent screen."),
    value: session.agreement_by, maxlength: LIMITS.agreement_by_max,
    onInput: (value) => { session.agreement_by = value; screen.changed(); } }));
  return block;
}

function presentFields(screen) {
  return sharedPresentFields({
    present: screen.content.session.present, limit: { people: LIMITS.present_max, text: LIMITS.person_text_max },
    onChange: () => screen.changed(), rerender: () => screen.show(screen.view), rowClass: "app-th__person", removeClass: "app-th__remove",
  });
}
