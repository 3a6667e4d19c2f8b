// Consent in a session (issue 8): the parent's agreement, taken on the tablet before it is handed to
// the child, and the child's own assent. The fields are content.consent of docs/three-houses.md.
//
// Main decision: the parent's screen is an adult's form (the GOV.UK look of the worker's screens,
// read aloud on request) and records nothing until "Record the answer" is pressed, so the time kept
// is the time of the answer and a half-filled form is never taken for an answer. The child's screen
// is two questions with big picture buttons; the worker marks how the child answered (spoken,
// nodded, tapped). Recording the child's voice needs all three: the service allows it, a parent
// agreed to it and the child said yes to it; taking any of them back deletes the recordings, which
// could no longer be kept (and the server refuses them).

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { sameControl } from "../../tablet/focus.js";
import { speak } from "../../tablet/speech.js";
import { InkCanvas } from "../../ink/canvas.js";
import { MEDIA_TYPE, decode, encode } from "../../ink/codec.js";
import { fold } from "../../ink/fold.js";
import { setPart } from "../screen.js";
import { isBlank, typeable } from "../checks.js";
import { button, radios, textField } from "../forms.js";
import contract from "./contract.json" with { type: "json" };

// The limits and choices are Three Houses' contract (contract.json), which the server reads too.
export const SIGNATURE_PART = contract.signature_part;
const NAME_MAX = contract.parent_name_max;
const RELATIONSHIP_MAX = contract.relationship_max;
const HOW = contract.assent_ways;

export function emptyConsent() {
  return { parent: null, child: null, explainer: null };
}

// Why recording is not possible yet (empty: it is). `service` is the prepared service settings.
export function audioReasons(content, service) {
  const reasons = [];
  if (!service.audio_recording) reasons.push(_("The service does not allow recording on tablets."));
  const parent = content.consent.parent;
  if (!parent || parent.decision !== "agreed" || !parent.audio) {
    reasons.push(_("A parent has not agreed to recording the child's voice (see Consent)."));
  }
  const child = content.consent.child;
  if (child && child.assent === "given" && child.audio === false) reasons.push(_("The child said no to being recorded."));
  else if (!child || child.assent !== "given" || !child.audio) {
    reasons.push(_("The child has not said yes to being recorded (see The child's OK)."));
  }
  return reasons;
}

// The child is asked about recording only when it could happen: the service allows it and a parent agreed.
function audioAskable(content, service) {
  const parent = content.consent.parent;
  return Boolean(service.audio_recording && parent && parent.decision === "agreed" && parent.audio);
}

// A yes or no the child or parent may not have been asked yet (null), in words.
function recordingAnswer(answer) {
  if (answer === true) return _("Yes");
  if (answer === false) return _("No");
  return _("Not asked yet");
}

// The session record's agreement follows the consent screen (docs/three-houses.md).
export function agreementBy(parent) {
  return `${parent.name} (${parent.relationship})`;
}

function signatureOps(draft) {
  const part = draft.parts.find((candidate) => candidate.name === SIGNATURE_PART);
  return part ? decode(part.bytes) : [];
}

// GOV.UK radios at their full size: a parent's answer should be big and clear.
function bigRadios(options) {
  const group = radios(options);
  group.querySelector(".govuk-radios").classList.remove("govuk-radios--small");
  group.querySelector("legend").classList.replace("govuk-fieldset__legend--s", "govuk-fieldset__legend--m");
  return group;
}

function withError(group, message) {
  if (!message) return group;
  group.classList.add("govuk-form-group--error");
  const fieldset = group.querySelector("fieldset") || group;
  const error = element("p", { class: "govuk-error-message" });
  error.append(element("span", { class: "govuk-visually-hidden" }, `${_("Error")}: `), document.createTextNode(message));
  const legend = fieldset.querySelector("legend");
  if (legend) legend.after(error);
  else fieldset.prepend(error);
  return group;
}

// The words the parent hears or reads: what happens, who sees it, and (when the service allows it)
// the recording. Plain words, one idea a paragraph.
function explanation(childName, workerName, service) {
  const who = workerName || _("the social worker");
  const paragraphs = [
    _("Today %(worker)s would like to spend some time with %(child)s, using the Three Houses: %(child)s can draw and talk about the good things in their life, their worries and their dreams.", { worker: who, child: childName }),
    _("%(child)s can stop at any time, and does not have to talk about anything they do not want to.", { child: childName }),
    _("The drawings and %(child)s's words are kept locked on this tablet and then sent to the children's services record. The social worker and their manager can see them. They are shown to you, the safety network or a meeting only if %(child)s agrees.", { child: childName }),
  ];
  if (service.audio_recording) {
    paragraphs.push(_("We would also like to record %(child)s's voice, so that their own words are kept exactly. The recording is kept safely in the same way and is never put in the tablet's photos or files. You can say no to the recording and still agree to the session.", { child: childName }));
  }
  return paragraphs;
}

// --- the parent's screen ----------------------------------------------------------------------------------

// `screen`: the tool's screen (content, draft, artwork, changed(), show(view), canvas, consentForm).
export function parentView(body, screen, { childName, workerName, service }) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Agreement to today's session")));
  const words = explanation(childName, workerName, service);
  const text = element("div", { class: "app-consent__words", lang: document.documentElement.lang });
  for (const paragraph of words) text.append(element("p", { class: "govuk-body-l" }, paragraph));
  const noVoice = element("p", { class: "govuk-inset-text", hidden: true },
    _("This tablet has no voice for this language. Please read the words out."));
  const listen = button(_("Read this aloud"), async () => {
    noVoice.hidden = await speak(words.join(" "), document.documentElement.lang);
  });
  body.append(listen, noVoice, text);

  const parent = content.consent.parent;
  if (parent && !screen.consentForm) {
    body.append(parentSummary(screen, parent, service));
    return;
  }
  if (!screen.consentForm) {
    screen.consentForm = { decision: null, name: "", relationship: "", typed_name: "", audio: null, ops: [], errors: {} };
  }
  parentForm(body, screen, { childName, service });
}

function parentSummary(screen, parent, service) {
  const block = element("div", { class: "app-consent__answer" });
  block.append(element("h3", { class: "govuk-heading-s" }, _("The answer recorded")));
  const list = element("dl", { class: "govuk-summary-list" });
  const row = (key, value) => {
    const line = element("div", { class: "govuk-summary-list__row" });
    const cell = element("dd", { class: "govuk-summary-list__value" });
    if (typeof value === "string") cell.textContent = value;
    else cell.append(value);
    line.append(element("dt", { class: "govuk-summary-list__key" }, key), cell);
    list.append(line);
  };
  row(_("Agreement"), parent.decision === "agreed" ? _("Agreed") : _("Did not agree"));
  row(_("Name"), parent.name);
  row(_("Relationship to the child"), parent.relationship);
  if (parent.signature) {
    const picture = element("div", { class: "app-consent__signed" });
    screen.canvases.push(new InkCanvas(picture, { artwork: screen.artwork, outline: null, ops: signatureOps(screen.draft),
      readOnly: true, label: _("Signature of %(name)s", { name: parent.name }) }));
    row(_("Signature"), picture);
  }
  if (parent.typed_name) row(_("Typed name"), parent.typed_name);
  // null: not asked (the service does not record, or the parent did not agree to the session).
  if (parent.audio !== null) row(_("Recording the child's voice"), parent.audio ? _("Agreed") : _("Not agreed"));
  row(_("Time"), formatTime(parent.at));
  block.append(list);
  block.append(button(_("Change the answer"), () => {
    screen.consentForm = { decision: parent.decision, name: parent.name, relationship: parent.relationship,
      typed_name: parent.typed_name, audio: service.audio_recording && parent.decision === "agreed" ? parent.audio : null,
      ops: parent.signature ? signatureOps(screen.draft) : [], errors: {} };
    screen.show(screen.view);
  }));
  return block;
}

function parentForm(body, screen, { childName, service }) {
  const form = screen.consentForm;
  const { errors } = form;
  const summary = element("div", { class: "govuk-error-summary", tabindex: "-1", hidden: !Object.keys(errors).length });
  const summaryList = element("ul", { class: "govuk-list govuk-error-summary__list" });
  const alert = element("div", { role: "alert" });
  alert.append(element("h3", { class: "govuk-error-summary__title" }, _("There is a problem")));
  const summaryBody = element("div", { class: "govuk-error-summary__body" });
  summaryBody.append(summaryList);
  alert.append(summaryBody);
  summary.append(alert);
  body.append(summary);
  const linkTo = (group, message) => {
    if (!message) return;
    const target = group.querySelector("input, textarea, .ink-surface");
    const item = element("li");
    const link = element("a", { href: `#${target.id}` }, message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
    });
    item.append(link);
    summaryList.append(item);
  };

  const decision = withError(bigRadios({
    legend: _("Do you agree to this session?"), name: "consent-decision", value: form.decision,
    options: [{ value: "agreed", label: _("Yes, I agree") }, { value: "refused", label: _("No, I do not agree") }],
    onChange: (value) => {
      form.decision = value;
      audio.hidden = value !== "agreed";
    },
  }), errors.decision);
  body.append(decision);
  linkTo(decision, errors.decision);

  const audio = withError(bigRadios({
    legend: _("May we record %(child)s's voice?", { child: childName }), name: "consent-audio", value: form.audio,
    options: [{ value: true, label: _("Yes, you may record it") }, { value: false, label: _("No, do not record it") }],
    onChange: (value) => { form.audio = value; },
  }), errors.audio);
  audio.hidden = form.decision !== "agreed";
  if (service.audio_recording) {
    body.append(audio);
    linkTo(audio, errors.audio);
  }

  const name = textField({ label: _("Your name"), value: form.name, maxlength: NAME_MAX, width: "govuk-input--width-20",
    error: errors.name, onInput: (value) => { form.name = value; } });
  const relationship = textField({ label: _("How are you related to %(child)s?", { child: childName }),
    hint: _("For example, Mum, Dad, Grandad, Foster carer"), value: form.relationship, maxlength: RELATIONSHIP_MAX,
    width: "govuk-input--width-20", error: errors.relationship, onInput: (value) => { form.relationship = value; } });
  body.append(name, relationship);
  linkTo(name, errors.name);
  linkTo(relationship, errors.relationship);

  const signing = element("div", { class: `govuk-form-group${errors.signature ? " govuk-form-group--error" : ""}` });
  const fieldset = element("fieldset", { class: "govuk-fieldset", "aria-describedby": "consent-sign-hint" });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--m" }, _("Sign")));
  fieldset.append(element("div", { class: "govuk-hint", id: "consent-sign-hint" },
    _("Sign with your finger in the box, or type your name below instead.")));
  withError(signing, errors.signature);
  const pad = element("div", { class: "app-consent__pad" });
  screen.canvas = new InkCanvas(pad, { artwork: screen.artwork, outline: null, ops: form.ops,
    label: _("Box to sign in"), onChange: (ops) => { form.ops = ops; } });
  screen.canvas.element.id = "consent-signature"; // the pen is the canvas's own: black, medium
  fieldset.append(pad, button(_("Clear the signature"), () => {
    form.ops = [];
    screen.show(screen.view);
  }));
  fieldset.append(textField({ label: _("Or type your name instead"), value: form.typed_name, maxlength: NAME_MAX,
    width: "govuk-input--width-20", onInput: (value) => { form.typed_name = value; } }));
  signing.append(fieldset);
  body.append(signing);
  linkTo(signing, errors.signature);

  body.append(element("p", { class: "govuk-body" }, _("The date and time are recorded when you press Record the answer.")));
  const clips = screen.content.clips.length;
  if (form.confirmDelete) {
    const warning = element("div", { class: "govuk-warning-text" });
    warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
    warning.append(element("strong", { class: "govuk-warning-text__text" },
      _("This answer does not allow recording, so the %(count)s recording(s) made in this session will be deleted from this tablet.", { count: clips })));
    body.append(warning);
  }
  body.append(button(form.confirmDelete ? _("Delete the recordings and record the answer") : _("Record the answer"),
    () => recordParent(screen, service), form.confirmDelete ? "govuk-button--warning" : ""));
  if (screen.content.consent.parent) {
    body.append(button(_("Cancel the change"), () => {
      screen.consentForm = null;
      screen.show(screen.view);
    }));
  }
  if (Object.keys(errors).length) requestAnimationFrame(() => summary.focus());
}

function formErrors(form, service) {
  const errors = {};
  const special = _("Remove special characters that cannot be typed, such as control codes");
  if (!form.decision) errors.decision = _("Say whether you agree to the session");
  if (service.audio_recording && form.decision === "agreed" && form.audio === null) {
    errors.audio = _("Say whether the child's voice may be recorded");
  }
  if (!form.name.trim()) errors.name = _("Enter your name");
  else if (!typeable(form.name, true)) errors.name = special;
  if (!form.relationship.trim()) errors.relationship = _("Enter how you are related to the child");
  else if (!typeable(form.relationship, true)) errors.relationship = special;
  if (!form.ops.length && !form.typed_name.trim()) errors.signature = _("Sign in the box or type your name");
  else if (!typeable(form.typed_name, true)) errors.signature = special;
  return errors;
}

// What must be put right in the consent record before the session can be finished (the server's
// rules, docs/three-houses.md "consent"), added to `problems` (checks.js). The consent screen writes
// the parent's answer and the session's agreement together, so where they differ the answer is
// recorded again.
// Yes, no, or not asked (null): how a recording question is stored.
const isAnswer = (value) => value === null || typeof value === "boolean";

export function consentProblems(content, draft, problems) {
  const { parent, child, explainer } = content.consent;
  const again = _("Record the parent's answer again on the Consent screen");
  if (parent) {
    problems.choice(parent.decision, ["agreed", "refused"], again);
    problems.text(parent.name, _("the name of the parent or carer"), NAME_MAX, { oneLine: true });
    problems.text(parent.relationship, _("their relationship to the child"), RELATIONSHIP_MAX, { oneLine: true });
    problems.text(parent.typed_name, _("the parent's typed name"), NAME_MAX, { oneLine: true });
    if (isBlank(parent.name) || isBlank(parent.relationship)) problems.add(again);
    const signature = parent.signature && draft.parts.find((part) => part.name === SIGNATURE_PART);
    if (parent.signature ? !signature || (!fold(decode(signature.bytes)).length && isBlank(parent.typed_name))
      : isBlank(parent.typed_name)) {
      problems.add(_("The parent's answer needs their signature or their typed name: record it again on the Consent screen"));
    }
    // Not asked (null) is an answer of its own (three_houses._check_parent): never taken for "no".
    if (!isAnswer(parent.audio) || (parent.audio && parent.decision !== "agreed")) problems.add(again);
    problems.time(parent.at, _("the parent answered"));
    if (content.session.parental_agreement !== parent.decision || content.session.agreement_by !== agreementBy(parent)) {
      problems.add(again);
    }
  }
  if (child) {
    const ask = _("Ask the child again on the child's OK screen");
    problems.choice(child.assent, ["given", "declined"], ask);
    problems.choice(child.how, HOW, ask);
    if (!isAnswer(child.audio) || (child.audio && child.assent !== "given")) problems.add(ask);
    problems.time(child.at, _("the child answered"));
  }
  if (explainer) {
    const show = _("Show the story of what happens today again");
    problems.choice(explainer.version, ["standard", "young"], show);
    problems.choice(explainer.language, ["en", "cy"], show);
    problems.time(explainer.shown_at, _("the story of what happens today was shown"));
  }
}

function recordParent(screen, service) {
  const form = screen.consentForm;
  form.errors = formErrors(form, service);
  if (Object.keys(form.errors).length) return screen.show(screen.view);
  const { content, draft } = screen;
  // Asked only when the service records and the parent agrees to the session; otherwise not asked (null).
  const asked = Boolean(service.audio_recording && form.decision === "agreed");
  const audio = asked && Boolean(form.audio);
  // Taking back agreement to recording: the recordings go too, once the worker has seen that.
  if (!audio && content.clips.length && !form.confirmDelete) {
    form.confirmDelete = true;
    return screen.show(screen.view);
  }
  const signed = form.ops.length > 0;
  content.consent.parent = {
    decision: form.decision, name: form.name, relationship: form.relationship,
    signature: signed ? SIGNATURE_PART : null, typed_name: form.typed_name, audio: asked ? audio : null,
    at: new Date().toISOString(),
  };
  setPart(draft, SIGNATURE_PART, MEDIA_TYPE, signed ? encode(form.ops) : null);
  content.session.parental_agreement = form.decision;
  content.session.agreement_by = agreementBy(content.consent.parent);
  if (!audio) {
    screen.deleteAllClips();
    // The child is asked about recording only while a parent's agreement to it stands: without it
    // the question is off, and if agreement is given again the child is asked again.
    if (content.consent.child) content.consent.child.audio = null;
  }
  screen.consentForm = null;
  screen.changed();
  screen.show(screen.view);
}

// --- the child's screen ---------------------------------------------------------------------------------

function question(text, language) {
  const words = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: language, "data-symbol": "question" }, text);
  const row = element("div", { class: "app-assent__question" });
  row.append(readAloudButton({ text: () => words.textContent, language, fallback: words }), words);
  return row;
}

// `screen` as above, plus childBar(key, guidance) and the service settings.
export function assentView(body, screen, { service, language }) {
  const { content } = screen;
  const child = content.consent.child;
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Is it OK?")));
  body.append(screen.childBar(null, _("Is it OK to talk and draw today?"), "question"));
  const answer = (assent, event) => {
    const previous = content.consent.child;
    // audio null: not asked yet. Nothing is chosen for the child (GOV.UK: no answer pre-selected).
    content.consent.child = {
      assent, how: previous ? previous.how : "tapped",
      audio: assent === "given" && previous ? previous.audio : null, at: new Date().toISOString(),
    };
    if (assent !== "given") screen.deleteAllClips();
    screen.changed();
    screen.show(screen.view, sameControl(event.currentTarget)); // focus stays on the answer just given
  };
  const choices = element("div", { class: "app-assent__choices", role: "group", "aria-label": _("Is it OK to talk and draw today?") });
  choices.append(
    pictureButton({ picture: "done", label: _("Yes, it's OK"), className: "app-assent__choice app-assent__choice--yes", symbol: "yes",
      pressed: child ? child.assent === "given" : false, onPress: (event) => answer("given", event) }),
    pictureButton({ image: "/static/icons/explainer/no.svg", label: _("No, not today"), className: "app-assent__choice app-assent__choice--no", symbol: "no",
      pressed: child ? child.assent === "declined" : false, onPress: (event) => answer("declined", event) }),
  );
  body.append(choices);

  if (child && child.assent === "given" && audioAskable(content, service)) {
    const ask = _("Can I record your voice?");
    const row = element("div", { class: "app-assent__audio" });
    row.append(element("img", { src: "/static/icons/explainer/microphone.svg", alt: "", class: "app-assent__picture" }));
    row.append(question(ask, language));
    body.append(row);
    const record = (yes, event) => {
      content.consent.child = { ...content.consent.child, audio: yes, at: new Date().toISOString() };
      if (!yes) screen.deleteAllClips(); // the child's no is honoured at once
      screen.changed();
      screen.show(screen.view, sameControl(event.currentTarget));
    };
    const audio = element("div", { class: "app-assent__choices", role: "group", "aria-label": ask });
    audio.append(
      pictureButton({ picture: "done", label: _("Yes, you can record"), className: "app-assent__choice app-assent__choice--yes", symbol: "yes",
        pressed: child.audio === true, onPress: (event) => record(true, event) }),
      pictureButton({ image: "/static/icons/explainer/no.svg", label: _("No recording"), className: "app-assent__choice app-assent__choice--no", symbol: "no",
        pressed: child.audio === false, onPress: (event) => record(false, event) }),
    );
    body.append(audio);
    body.append(element("p", { class: "govuk-body app-worker-only app-assent__said" },
      `${_("Said yes to being recorded")}: ${recordingAnswer(child.audio)}`));
  }

  // The worker marks how the child answered; hidden while the child holds the tablet.
  if (child) {
    const how = radios({
      legend: _("How did the child answer?"), name: "assent-how", value: child.how, inline: true,
      options: HOW.map((value) => ({ value, label: { spoken: _("Said it"), nodded: _("Nodded or shook their head"), tapped: _("Tapped the picture") }[value] })),
      onChange: (value) => { content.consent.child.how = value; screen.changed(); },
    });
    how.classList.add("app-worker-only", "app-assent__how");
    body.append(how);
  }
  body.append(pictureButton({ picture: "house", label: _("To the houses"), className: "app-child-button--go app-assent__go", symbol: "house",
    onPress: () => screen.show({ name: "houses" }) }));
}
