// The Safety House, the worker's views: the session record (where, who else was there, whether the
// child was seen alone, as Three Houses records it) and the people in the house: where the child put
// each, who put them there, and who the child said may see each person and the drawing; saving a
// version to carry on from.
//
// Main decision: the worker changes where a person is only as the child says (the zones are the
// child's); a person is removed only as entered by mistake. `screen` is the SafetyHouse of screen.js.

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { STAMP_NAMES } from "../../ink/toolbar.js";
import { button, checkbox, communicationFields, radios, textField, presentFields as sharedPresentFields } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { LIMITS, PERSON_STICKERS, nextId, stickerURL, zoneNames } from "./model.js";

// --- worker: the session record ---

export function sessionView(body, screen) {
  const session = screen.content.session;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Session details")));
  body.append(element("p", { class: "govuk-body" }, _("Version %(number)s. Started %(time)s",
    { number: screen.content.version, time: formatTime(session.started_at) })));
  body.append(textField({ label: _("Where is the session?"), hint: _("For example, at home in the kitchen, or at school"),
    value: session.place, maxlength: LIMITS.place_max, onInput: (value) => { session.place = value; screen.changed(); } }));
  body.append(presentFields(screen));
  body.append(radios({
    legend: _("Is the child seen alone?"), name: "sh-alone", value: session.seen_alone, inline: true,
    options: [{ value: true, label: _("Yes") }, { value: false, label: _("No") }],
    onChange: (value) => { session.seen_alone = value; screen.changed(); },
  }));
  body.append(communicationFields(screen.draft, () => screen.changed()));
  body.append(element("p", { class: "govuk-body" },
    _("When you are ready, hand the tablet to the child. To come back here you will need your PIN.")));
}

function presentFields(screen) {
  return sharedPresentFields({
    present: screen.content.session.present, limit: { people: LIMITS.present_max, text: LIMITS.person_text_max },
    onChange: () => screen.changed(), rerender: () => screen.show(screen.view), rowClass: "app-sh__present", removeClass: "",
  });
}

// --- worker: the people in the house ---

function personEntry(screen, person, index) {
  const names = zoneNames();
  const item = element("li", { class: "app-sh__note" });
  const title = element("h3", { class: "govuk-heading-s" });
  if (person.sticker) title.append(element("img", { src: stickerURL(person.sticker), alt: "", class: "app-sh__note-sticker" }));
  title.append(document.createTextNode(`${person.name} · ${names[person.zone] || ""}`));
  item.append(title);
  const about = () => [
    person.by === "child" ? _("The child put them here") : _("You put them here"),
    person.network ? _("From the safety network") : "",
    formatTime(person.at),
    `${_("May see it")}: ${describeWish(person.share)}`,
  ].filter(Boolean).join(" · ");
  const meta = element("p", { class: "govuk-body-s" }, about());
  item.append(meta);
  if (person.zone === "outside") {
    const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small govuk-form-group" });
    boxes.append(checkbox({ id: `sh-guarded-${person.id}`, label: _("May come in only with a safe grown-up"),
      checked: person.only_with_safe_adult, onChange: (ticked) => { person.only_with_safe_adult = ticked; screen.changed(); } }));
    item.append(boxes);
  }
  item.append(wishControl({ legend: _("Who may see %(name)s in the house?", { name: person.name }), wish: person.share,
    onChange: (wish) => {
      person.share = wish;
      meta.textContent = about();
      screen.changed();
    } }));
  item.append(button(_("Remove %(name)s (entered by mistake)", { name: person.name }), () => {
    screen.content.people.splice(index, 1);
    screen.changed();
    screen.show(screen.view);
  }, "govuk-button--warning"));
  return item;
}

export function peopleView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("People in the Safety House")));
  if (!content.people.length) body.append(element("p", { class: "govuk-body" }, _("Nobody in the house yet.")));
  const list = element("ul", { class: "govuk-list app-sh__notes" });
  content.people.forEach((person, index) => list.append(personEntry(screen, person, index)));
  body.append(list);
  if (content.people.length < LIMITS.people_max) body.append(addPersonForm(screen));
  body.append(wishControl({ legend: _("Who may see the drawing of the house?"), wish: content.share,
    onChange: (wish) => { content.share = wish; screen.changed(); } }));
  body.append(element("h3", { class: "govuk-heading-s" }, _("Save this version")));
  body.append(element("p", { class: "govuk-body" },
    _("Save this version of the Safety House when the child has finished for today. You can carry on with the next version later.")));
  // The platform finalises the draft and starts the next version from nextVersion() (model.js).
  body.append(element("button", { type: "button", class: "govuk-button", "data-action": "finalise-and-continue" }, _("Save this version")));
}

function addPersonForm(screen) {
  const entry = screen.view.entry || (screen.view.entry = { name: "", zone: "inside", sticker: "person-adult", error: "" });
  const add = element("div", { class: "app-sh__add-person" });
  add.append(element("h3", { class: "govuk-heading-s" }, _("Add a person the child names")));
  add.append(textField({ label: _("Their name"), value: entry.name, maxlength: LIMITS.name_max, width: "govuk-input--width-20",
    error: entry.error, onInput: (value) => { entry.name = value; } }));
  const names = zoneNames();
  add.append(radios({ legend: _("Where does the child put them?"), name: "sh-zone", value: entry.zone,
    options: LIMITS.zones.map((zone) => ({ value: zone, label: names[zone] })), onChange: (value) => { entry.zone = value; } }));
  const stamps = STAMP_NAMES();
  add.append(radios({ legend: _("Choose a picture for them"), name: "sh-sticker", value: entry.sticker,
    options: PERSON_STICKERS.map((id) => ({ value: id, label: stamps[id] || id })), onChange: (value) => { entry.sticker = value; } }));
  add.append(button(_("Add to the house"), () => {
    if (!entry.name.trim()) {
      entry.error = _("Enter the person's name");
      screen.show(screen.view);
      return;
    }
    const { people } = screen.content;
    people.push({ id: nextId(people, "p"), name: entry.name, zone: entry.zone, only_with_safe_adult: false, sticker: entry.sticker,
      network: null, by: "worker", share: "ask", at: new Date().toISOString() });
    screen.view.entry = null;
    screen.changed();
    screen.show(screen.view);
  }));
  return add;
}
