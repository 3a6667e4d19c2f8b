// The observation's rules: a new note, what must be true before it is finished, and its summary.
// The limits are contract.json's, which the server reads too (sofs_direct/tools/observation/).
//
// Main decision: the rules live apart from the screen, so the differential test
// (tests/tablet/test_contract_tablet.py) and the screen ask the same module, and a limit is written once.

import { _ } from "../../tablet/i18n.js";
import { Problems, isBlank } from "../checks.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;

export const model = {
  kind: "observation",
  title: () => _("Observation"),
  initialContent: () => ({ text: "", photos: [] }),

  // What must be true before the practitioner can finalise (the server's check, observation.py);
  // a message for each problem.
  problems(draft) {
    const { text, photos } = draft.content;
    const problems = new Problems();
    if (isBlank(text)) problems.add(_("Write what you saw and heard before you finish"));
    problems.text(text, _("what you saw and heard"), contract.text_max);
    problems.count(photos, contract.photos_max,
      _("An observation can have at most %(count)s photos: remove some", { count: contract.photos_max }));
    return problems.list;
  },

  summary(content) {
    return content.text.length > 60 ? `${content.text.slice(0, 60)}…` : content.text;
  },
};
