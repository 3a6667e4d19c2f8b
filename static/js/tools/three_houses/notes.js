// Three Houses, the worker's words and notes for one house: the question asked, the child's exact
// words (scribed or written by the child) with who may see each, who may see the drawing, photos of
// drawings on paper, the worker's observations and what it means for the mapping.
//
// Main decision: the child's words are kept verbatim and apart from the worker's own observations;
// words are removed only as entered by mistake, never edited. A photo is re-encoded on the tablet
// (photo.js) so its location data never leaves it. `screen` is the Session of screen.js (content,
// draft, view, changed(), show(view)).

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { setPart } from "../screen.js";
import { button, radios, textField } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { reencode } from "../photo.js";
import { LIMITS, houseName, houseOf, nextWordId } from "./model.js";
import { themeWords } from "./houses.js";

// --- worker: the words and notes for one house ---
export function notesView(body, screen, key) {
  const house = houseOf(screen.content, key);
  const name = houseName(screen.content, key);
  body.append(element("h2", { class: "govuk-heading-m" }, _("Words and notes: %(house)s", { house: name })));
  body.append(textField({ label: _("The question you asked"), hint: _("As you asked it, so a reader knows what the child was answering"),
    value: house.question, maxlength: LIMITS.question_max, onInput: (value) => { house.question = value; screen.changed(); } }));

  body.append(element("h3", { class: "govuk-heading-s" }, _("The child's words")));
  if (!house.words.length) body.append(element("p", { class: "govuk-body" }, _("No words yet.")));
  const list = element("ul", { class: "govuk-list app-th__notes-words" });
  house.words.forEach((word, index) => {
    const item = element("li", { class: "app-th__notes-word" });
    item.append(element("p", { class: "govuk-body app-th__verbatim" }, word.text));
    const about = () => `${word.by === "child" ? _("Child wrote") : _("Worker scribed")} · ${formatTime(word.at)} · ${_("May see it")}: ${describeWish(word.share)}`;
    const meta = element("p", { class: "govuk-body-s" }, about());
    item.append(meta);
    item.append(wishControl({ legend: _("Who may see these words?"), wish: word.share,
      onChange: (wish) => {
        word.share = wish;
        meta.textContent = about();
        screen.changed();
      } }));
    item.append(button(_("Remove these words (entered by mistake)"), () => {
      house.words.splice(index, 1);
      screen.changed();
      screen.show(screen.view);
    }, "govuk-button--warning"));
    list.append(item);
  });
  body.append(list);

  if (house.words.length < LIMITS.words_max) {
    let by = "worker";
    let text = "";
    const add = element("div", { class: "app-th__add-words" });
    add.append(textField({ label: _("Add the child's words"), multiline: true, maxlength: LIMITS.word_max,
      hint: _("Exactly as the child said them, in the first person. Read them back to the child."),
      value: "", onInput: (value) => { text = value; } }));
    add.append(radios({ legend: _("Who wrote them?"), name: `th-by-${key}`, value: by, inline: true,
      options: [{ value: "worker", label: _("I scribed them") }, { value: "child", label: _("The child wrote them") }],
      onChange: (value) => { by = value; } }));
    add.append(button(_("Add these words"), () => {
      if (!text.trim()) return;
      house.words.push({ id: nextWordId(screen.content), text, by, share: "ask", at: new Date().toISOString() });
      screen.changed();
      screen.show(screen.view);
    }));
    body.append(add);
  }

  body.append(wishControl({ legend: themeWords(screen.content.theme).share, wish: house.share,
    onChange: (wish) => { house.share = wish; screen.changed(); } }));
  body.append(photoField(screen, house));
  body.append(textField({ label: _("Your observations"), multiline: true, maxlength: LIMITS.long_text_max,
    hint: _("What you saw: kept apart from the child's words."),
    value: house.observations, onInput: (value) => { house.observations = value; screen.changed(); } }));
  const mapping = { good: _("What's working well"), worries: _("What are we worried about"), dreams: _("What needs to happen") }[key];
  body.append(textField({ label: _("What it means for the mapping: %(column)s", { column: mapping }), multiline: true,
    maxlength: LIMITS.long_text_max, value: house.reflection, onInput: (value) => { house.reflection = value; screen.changed(); } }));
}

function photoField(screen, house) {
  const group = element("div", { class: "govuk-form-group" });
  const id = `th-photo-${house.key}`;
  group.append(element("label", { class: "govuk-label govuk-label--s", for: id }, _("Add a photo of a drawing on paper")));
  group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, _("Location data is removed from the photo.")));
  const input = element("input", { class: "govuk-file-upload", id, type: "file", accept: "image/*", capture: "environment",
    "aria-describedby": `${id}-hint`, disabled: house.photos.length >= LIMITS.photos_max });
  input.addEventListener("change", async () => {
    const file = input.files[0];
    input.value = "";
    if (!file || house.photos.length >= LIMITS.photos_max) return;
    let bytes;
    try {
      bytes = await reencode(file);
    } catch (_unreadable) {
      group.querySelector(".govuk-error-message")?.remove();
      group.classList.add("govuk-form-group--error");
      input.before(element("p", { class: "govuk-error-message" }, _("That file is not a photo this tablet can open. Choose a JPEG or PNG photo.")));
      return;
    }
    const used = new Set(screen.draft.parts.map((part) => part.name));
    let number = 1;
    while (used.has(`photo-${house.key}-${number}`)) number += 1;
    const name = `photo-${house.key}-${number}`;
    setPart(screen.draft, name, "image/jpeg", bytes);
    house.photos.push(name);
    screen.changed();
    screen.show(screen.view);
  });
  group.append(input);
  if (house.photos.length) {
    const list = element("ul", { class: "govuk-list" });
    house.photos.forEach((name, index) => {
      const item = element("li");
      item.append(document.createTextNode(`${_("Photo %(n)s", { n: index + 1 })} `));
      item.append(button(_("Remove photo %(n)s", { n: index + 1 }), () => {
        house.photos.splice(index, 1);
        setPart(screen.draft, name, null, null);
        screen.changed();
        screen.show(screen.view);
      }, "govuk-button--secondary govuk-!-margin-bottom-0"));
      list.append(item);
    });
    group.append(list);
  }
  return group;
}
