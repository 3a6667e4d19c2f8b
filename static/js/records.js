// A child's record on the practitioner's pages: "Replay the drawing" for each house that has one.
//
// Main decision: the page works without this script (the drawing is an <img> rendered by the
// server); the script only adds the replay. The drawing's bytes are fetched from the record's own
// endpoint and decoded here with the same codec and drawn on the same surface as on the tablet
// (static/js/ink/), so the replay is the drawing exactly as the child made it, op by op.

import { _, loadCatalogue } from "./tablet/i18n.js";
import { decode } from "./ink/codec.js";
import { loadArtwork } from "./ink/draw.js";
import { Replay } from "./ink/replay.js";

async function loadReplay(block) {
  const [artwork, response] = await Promise.all([
    loadArtwork(),
    fetch(block.dataset.drawingUrl, { credentials: "same-origin", cache: "no-store" }),
  ]);
  if (!response.ok) throw new Error(_("The drawing could not be loaded. Reload the page and try again."));
  const outline = block.dataset.outline;
  const ops = decode(new Uint8Array(await response.arrayBuffer()), { artwork, outline });
  return { artwork, outline, ops };
}

function setUp(block) {
  const start = block.querySelector("[data-replay-start]");
  const stage = block.querySelector("[data-replay-stage]");
  const controls = block.querySelector("[data-replay-controls]");
  const playButton = block.querySelector("[data-replay-play]");
  const status = block.querySelector("[data-replay-status]");
  const announce = block.querySelector("[data-replay-announce]");
  let replay = null;

  // A replay that has shown its last op counts as finished, though it idles a moment before stopping.
  const running = () => replay.playing && replay.index < replay.total;
  const showPlaying = () => {
    playButton.textContent = running() ? _("Pause") : _("Play");
  };

  start.hidden = false;
  start.addEventListener("click", async () => {
    start.disabled = true;
    status.textContent = _("Loading the drawing…");
    try {
      const { artwork, outline, ops } = await loadReplay(block);
      // The replay takes the still picture's place; the still comes back if the replay is closed.
      block.querySelector("[data-replay-picture]").hidden = true;
      stage.hidden = false;
      controls.hidden = false;
      start.hidden = true;
      replay = new Replay(stage, {
        artwork, outline, ops, label: block.dataset.label,
        onStep: (step, total) => {
          status.textContent = _("Step %(step)s of %(total)s", { step, total });
          if (step === total) {
            announce.textContent = _("The replay has finished.");
            showPlaying();
          }
        },
      });
      status.textContent = _("Step %(step)s of %(total)s", { step: 0, total: ops.length });
      announce.textContent = _("Replaying the drawing.");
      replay.play();
      showPlaying();
    } catch (error) {
      status.textContent = error.message;
      start.disabled = false;
    }
  });

  playButton.addEventListener("click", () => {
    if (running()) {
      replay.pause();
    } else {
      replay.pause();
      replay.play(); // from the start again when it had finished
    }
    showPlaying();
  });
  block.querySelector("[data-replay-step]").addEventListener("click", () => {
    replay.step();
    showPlaying();
  });
  block.querySelector("[data-replay-restart]").addEventListener("click", () => {
    replay.restart();
    showPlaying();
  });
}

await loadCatalogue(document.documentElement.lang);
for (const block of document.querySelectorAll("[data-replay]")) setUp(block);
