// The recordings of the child's voice on a session's page: each gets the player the tablet uses
// (static/js/tools/player.js) — play and pause, a seek bar, the length as recorded — and a button
// beside each marked moment plays the recording from that moment.
//
// Main decision: the page works without this script (each recording has the browser's own player,
// and each moment shows its time); the script replaces the browser's controls, whose length is
// "0:00" for a WebM from MediaRecorder, and shows the moment buttons, which start hidden. The player
// loads nothing until it is used (preload="none"); the server answers Range requests, so the player
// fetches only what it needs.

import { loadCatalogue } from "../tablet/i18n.js";
import { clipPlayer } from "../tools/player.js";

await loadCatalogue(document.documentElement.lang);
for (const clip of document.querySelectorAll("[data-clip]")) {
  const audio = clip.querySelector("[data-clip-player]");
  const player = clipPlayer(audio, { durationMs: Number(clip.dataset.durationMs), name: clip.dataset.clipName });
  for (const button of clip.querySelectorAll("[data-seek-ms]")) {
    button.hidden = false;
    button.addEventListener("click", () => player.seek(Number(button.dataset.seekMs), true));
  }
}
