// The observation note: what the worker saw and heard on the visit, in their words, with photos of
// anything worth keeping (a drawing on paper, say). The first kind on the platform; its schema
// check on the server is sofs_direct/tools/observation.py.
//
// Photos are re-drawn through a canvas before they are stored (photo.js).

import { _ } from "../tablet/i18n.js";
import { element } from "../tablet/dom.js";
import { reencode } from "./photo.js";
import { Problems, isBlank } from "./checks.js";

const MAX_TEXT = 20000;
const MAX_PHOTOS = 6;

export default {
  kind: "observation",
  title: () => _("Observation"),
  initialContent: () => ({ text: "", photos: [] }),

  // Draw the tool into `container`; call onChange() after every edit (the platform autosaves).
  render(container, draft, onChange) {
    container.replaceChildren();
    const group = element("div", { class: "govuk-form-group" });
    const label = element("label", { class: "govuk-label govuk-label--m", for: "observation-text" }, _("What did you see and hear?"));
    const hint = element("div", { class: "govuk-hint", id: "observation-text-hint" },
      _("Write the child's own words exactly as they said them, in quotation marks."));
    const text = element("textarea", { class: "govuk-textarea", id: "observation-text", rows: "8",
      maxlength: String(MAX_TEXT), "aria-describedby": "observation-text-hint", spellcheck: "true",
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
      if (!file || draft.content.photos.length >= MAX_PHOTOS) return;
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

  // What must be true before the practitioner can finalise (the server's check, observation.py);
  // a message for each problem.
  problems(draft) {
    const { text, photos } = draft.content;
    const problems = new Problems();
    if (isBlank(text)) problems.add(_("Write what you saw and heard before you finish"));
    problems.text(text, _("what you saw and heard"), MAX_TEXT);
    problems.count(photos, MAX_PHOTOS, _("An observation can have at most %(count)s photos: remove some", { count: MAX_PHOTOS }));
    return problems.list;
  },

  summary(content) {
    return content.text.length > 60 ? `${content.text.slice(0, 60)}…` : content.text;
  },
};
