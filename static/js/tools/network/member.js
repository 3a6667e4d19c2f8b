// The worker's forms for the family and safety network's people: adding a person, and one person's
// details for the safety plan (contact, role, parent, told the danger statement, willing, clear).
// Each is given the network's screen (screen.js), whose content, selection and views it changes.
//
// Main decision: a new person joins the network only with a name (different from everyone else's,
// and one that can be typed) and how they are related, and starts in the widest free space of the
// outer ring; a question about a person that nobody answered stays unanswered, never a "No".

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { STAMP_NAMES } from "../../ink/toolbar.js";
import { button, dateInput, radios, textField } from "../forms.js";
import { typeable } from "../checks.js";
import { RINGS, freeAngle } from "./layout.js";
import { viewNames } from "./map.js";
import { LIMITS, PEOPLE_STAMPS, checkDate, newMemberId, sameName, stamp, value } from "./model.js";

const MAX_MEMBERS = LIMITS.members_max;
const MAX_NAME = LIMITS.name_max;
const MAX_CONTACT = LIMITS.contact_max;
const MAX_ROLE = LIMITS.role_max;

// --- GOV.UK form pieces ----------------------------------------------------------------------------

function yesNo({ legend, name, current, onChange, unknown = null }) {
  const options = [{ value: true, label: _("Yes") }, { value: false, label: _("No") }];
  if (unknown) options.push({ value: null, label: unknown });
  return radios({ legend, name, value: current, inline: true, options, onChange });
}

// --- worker: adding a person -----------------------------------------------------------------------

export function addView(body, screen, view) {
  const entry = view.entry || { name: "", relation: "", stamp: "person-adult" };
  const errors = view.errors || {};
  body.append(element("h2", { class: "govuk-heading-m" }, _("Add a person to the network")));
  if (Object.keys(errors).length) {
    const summary = element("div", { class: "govuk-error-summary", "data-autofocus": "", role: "alert" });
    summary.append(element("h2", { class: "govuk-error-summary__title" }, _("There is a problem")));
    const list = element("ul", { class: "govuk-list govuk-error-summary__list" });
    for (const message of Object.values(errors)) list.append(element("li", {}, message));
    summary.append(list);
    body.append(summary);
  }
  if (screen.content.members.length >= MAX_MEMBERS) {
    body.append(element("p", { class: "govuk-body" }, _("A network can have at most %(count)s people", { count: MAX_MEMBERS })));
    return;
  }
  body.append(textField({ label: _("Name"), hint: _("The name the family uses, for example Nain or Uncle Dave"),
    value: entry.name, maxlength: MAX_NAME, width: "govuk-input--width-20", error: errors.name,
    onInput: (text) => { entry.name = text; } }));
  body.append(textField({ label: _("How are they related to the child?"), hint: _("For example grandmother, neighbour, teacher"),
    value: entry.relation, maxlength: MAX_NAME, width: "govuk-input--width-20", error: errors.relation,
    onInput: (text) => { entry.relation = text; } }));
  const names = STAMP_NAMES();
  body.append(radios({ legend: _("Choose a picture for them"), name: "nw-stamp", value: entry.stamp,
    options: PEOPLE_STAMPS.map((id) => ({ value: id, label: names[id] })),
    onChange: (choice) => { entry.stamp = choice; } }));
  body.querySelectorAll("input[name=nw-stamp]").forEach((input) => {
    input.closest(".govuk-radios__item").querySelector("label")
      .prepend(element("img", { src: `/static/ink/stamps/${input.value}.png`, alt: "", class: "app-nw__stamp-choice" }));
  });
  body.lastChild.classList.add("app-nw__stamps");
  body.append(button(_("Add to the network"), () => addPerson(screen, entry), ""));
}

function addPerson(screen, entry) {
  const name = entry.name.trim();
  const errors = {};
  if (!name) errors.name = _("Enter the person's name");
  else if (screen.content.members.some((member) => sameName(value(member, "name")) === sameName(name))) {
    errors.name = _("%(name)s is already in the network: give each person a different name, for example add a surname", { name });
  } else if (!typeable(name, true)) errors.name = _("Remove special characters that cannot be typed, such as control codes");
  const someone = _("this person");
  if (!entry.relation.trim()) errors.relation = _("Say how %(name)s is related to the child", { name: name || someone });
  if (Object.keys(errors).length) {
    screen.show({ name: "add", entry, errors });
    return;
  }
  const member = { id: newMemberId(), fields: {} };
  const ring = RINGS;
  for (const [field, fieldValue] of [["name", name], ["relation", entry.relation.trim()], ["stamp", entry.stamp],
    ["ring", ring], ["angle", freeAngle(screen.content.members, ring)]]) {
    stamp(member, field, fieldValue, screen.deviceId);
  }
  screen.content.members.push(member);
  screen.selected = member.id;
  screen.save();
  screen.show({ name: "map" });
}

// --- worker: one person's details ------------------------------------------------------------------

export function memberView(body, screen, id) {
  const member = screen.member(id);
  if (!member) return screen.mapView(body);
  const name = value(member, "name");
  const error = screen.view.errors || {};
  body.append(element("h2", { class: "govuk-heading-m" }, _("Details of %(name)s", { name })));
  const text = (label, field, maxlength, options = {}) => textField({ label, value: value(member, field, "") || "",
    maxlength, ...options, error: error[field], onInput: (typed) => screen.set(member, field, typed) });
  body.append(text(_("Name"), "name", MAX_NAME, { width: "govuk-input--width-20" }));
  body.append(text(_("How are they related to the child?"), "relation", MAX_NAME, { width: "govuk-input--width-20" }));
  body.append(text(_("Contact details"), "contact", MAX_CONTACT, { multiline: true, hint: _("Phone, address or how to reach them") }));
  body.append(text(_("Their role in the safety plan"), "role", MAX_ROLE, { multiline: true,
    hint: _("What they will do to keep the child safe") }));
  // GOV.UK radios start with nothing chosen: a question nobody answered is not a "No" (the field
  // stays absent until someone answers, and the pages say "Not asked yet").
  const yes = (legend, field, unknown = null) => yesNo({ legend, name: `nw-${field}`, unknown,
    current: value(member, field, unknown ? null : undefined),
    onChange: (choice) => screen.set(member, field, choice) });
  body.append(yes(_("Are they a parent of the child?"), "parent"));
  body.append(yes(_("Do they have parental responsibility?"), "parental_responsibility"));
  body.append(informedField(screen, member));
  body.append(yes(_("Are they willing to be part of the safety network?"), "willing", _("Not asked yet")));
  body.append(yes(_("Are they clear what to do?"), "clear", _("Not known yet")));
  const views = value(member, "child_view", []);
  body.append(element("p", { class: "govuk-body" }, `${_("The child's view")}: ${views.length
    ? views.map((view) => viewNames()[view]).join(", ") : _("not given")}`));
  const group = element("div", { class: "govuk-button-group" });
  group.append(button(_("Back to the circles"), () => {
    screen.selected = member.id;
    screen.show({ name: "map" });
  }, ""));
  group.append(button(_("Remove %(name)s from the network", { name }), () => removePerson(screen, member), "govuk-button--warning"));
  body.append(group);
}

// GOV.UK date input (https://design-system.service.gov.uk/components/date-input/): the day the
// person was told the danger statement and the worries. Only a real, past date is kept.
function informedField(screen, member) {
  return dateInput({ id: `nw-informed-${member.id}`, current: value(member, "informed"), check: checkDate,
    legend: _("When were they told the danger statement and the worries?"),
    hint: _("Leave empty if they have not been told yet. For example, 27 3 2026"),
    onChange: (result) => {
      if (!result.error && result.date !== value(member, "informed")) screen.set(member, "informed", result.date);
    } });
}

function removePerson(screen, member) {
  screen.content.members = screen.content.members.filter((candidate) => candidate !== member);
  screen.content.removed.push({ id: member.id, at: new Date().toISOString(), by: screen.deviceId });
  screen.selected = null;
  screen.save();
  screen.show({ name: "map" });
}
