// The child's one-minute feedback at the hand-back: the Standard Safeguarding Dataset's questions
// (static/js/tools/feedback.json; sofs_direct/artefacts/feedback.py) that the tool on screen asks
// (its `feedbackQuestions`), one at a time, each read aloud, answered with a face: yes, a bit, no,
// don't know.
//
// Main decision: it is the child's screen laid over the tool, like the read-back (read-back.js), and
// shares its cover (child-ui.js childCover), so the tool beneath is untouched. Nothing here is
// required and nothing can be wrong: each question can be skipped, "Skip" skips the rest, and
// "Back to the worker" pressed again goes to the PIN. It is offered once per session: the first
// hand-back writes the questions into `draft.feedback` (null: not answered), and a later hand-back
// finds them there and asks nothing again.

import contract from "../tools/feedback.json" with { type: "json" };
import { element } from "./dom.js";
import { _ } from "./i18n.js";
import { childCover, pictureButton, readAloudButton } from "./child-ui.js";
import { speak } from "./speech.js";

// The words the child hears (the dataset's questions, said simply), and a symbol for each.
const QUESTIONS = {
  VOCH002A: { symbol: "worried", words: () => _("Did someone tell you why people are worried, in a way you understand?") },
  VOCH003A: { symbol: "book", words: () => _("Does your story with words and pictures help you understand what happened?") },
  VOCH004A: { symbol: "social-worker", words: () => _("Do you agree with your worker about what needs to happen to keep you safe?") },
  VOCH005A: { symbol: "safe", words: () => _("Does the plan say what everyone will do to keep you safe?") },
  VOCH006A: { symbol: "draw", words: () => _("Did drawing or writing on the tablet help you say what you think?") },
};
// The faces, in the contract's order: a face picture, the words, and the symbol of the vocabulary.
const FACES = {
  yes: { picture: "face-yes", symbol: "yes", words: () => _("Yes") },
  a_bit: { picture: "face-a-bit", symbol: "like", words: () => _("A bit") },
  no: { picture: "face-no", symbol: "no", words: () => _("No") },
  dont_know: { picture: "face-dont-know", symbol: "not-sure", words: () => _("I don't know") },
};

let cover = null;

export const feedbackOpen = () => Boolean(cover);

// The tool's questions in the contract's order; [] when it asks none or they were offered before.
export function questionsToAsk(tool, draft) {
  if (!tool || !draft || draft.feedback) return [];
  const asked = new Set(tool.feedbackQuestions || []);
  return contract.questions.filter((code) => asked.has(code));
}

// Asks `questions` one by one; every answer is written to draft.feedback and `save`d at once, so a
// tablet put down mid-way keeps what was said. `onDone()` when the last is answered or skipped.
export function showFeedback(draft, questions, language, save, onDone) {
  closeFeedback();
  draft.feedback = Object.fromEntries(questions.map((code) => [code, null]));
  save();
  const ask = (index) => {
    if (index >= questions.length) return finish(onDone);
    const code = questions[index];
    const question = QUESTIONS[code];
    closeFeedback();
    const view = childCover("app-feedback", "feedback-title", language);
    cover = view;
    const title = element("h2", { class: "app-read-back__title", id: "feedback-title", tabindex: "-1",
      "data-symbol": question.symbol }, question.words());
    const count = element("p", { class: "app-feedback__count" },
      _("Question %(n)s of %(total)s", { n: index + 1, total: questions.length }));
    const bar = element("div", { class: "app-read-back__bar" });
    bar.append(readAloudButton({ text: () => title.textContent, language, fallback: title }), title);
    const faces = element("div", { class: "app-read-back__answers app-feedback__faces", role: "group",
      "aria-label": question.words() });
    for (const answer of contract.answers) {
      const face = FACES[answer];
      faces.append(pictureButton({ picture: face.picture, label: face.words(), symbol: face.symbol,
        className: "app-feedback__face",
        onPress: () => { draft.feedback[code] = answer; save(); ask(index + 1); } }));
    }
    const skips = element("div", { class: "app-feedback__skips", role: "group", "aria-label": _("Skip") });
    skips.append(
      pictureButton({ picture: "play", label: _("Skip this question"), symbol: "more", onPress: () => ask(index + 1) }),
      pictureButton({ picture: "done", label: _("Skip the rest"), symbol: "finished", onPress: () => finish(onDone) }),
    );
    view.element.append(bar, count, faces, skips);
    title.focus();
    speak(question.words(), language);
  };
  ask(0);
}

function finish(onDone) {
  closeFeedback();
  onDone();
}

export function closeFeedback() {
  if (!cover) return;
  cover.close();
  cover = null;
}
