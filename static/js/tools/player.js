// A recording's player, the same on the tablet (recorder.js) and on the session's page
// (static/js/records/clips.js): a real button to play and pause, a seek bar, and the time as
// "0:04 / 0:11", with the clip's length as it was recorded (the clip's duration_ms).
//
// Main decision: the length shown is the one the tablet measured and the server checked against the
// sound (docs/three-houses.md), never the media element's own: Chromium's MediaRecorder writes WebM
// with no duration, so the element says Infinity, its built-in controls show "0:00 / 0:00" and its
// scrub bar does nothing until the clip has been played to the end. The <audio> element is kept for
// the sound only (its controls hidden once this player is built, so the page still plays without the
// script). An unknown duration is learnt the known way: on loadedmetadata, seek far past the end;
// Chromium reads to the end, fixes the duration, and from then on seeking anywhere works
// (https://bugs.chromium.org/p/chromium/issues/detail?id=642012).

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";

// "1:05": a length or a place in a clip, to the nearest second, as the server's audio.clock says it
// (so a clip reads the same on the tablet, on its page and in every export).
export function clock(milliseconds) {
  const total = Math.floor((Math.max(0, milliseconds) + 500) / 1000);
  const seconds = String(total % 60).padStart(2, "0");
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}:${seconds}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}:${seconds}`;
}

// Let the element learn a duration MediaRecorder did not write; resolves once seeking works.
function knowDuration(audio) {
  if (audio.knowing) return audio.knowing;
  audio.knowing = new Promise((resolve) => {
    const settle = () => {
      if (Number.isFinite(audio.duration)) return resolve();
      let done = false;
      const found = () => {
        if (done || !(Number.isFinite(audio.duration) || audio.seeking === false)) return;
        done = true;
        audio.removeEventListener("durationchange", found);
        audio.removeEventListener("seeked", found);
        audio.currentTime = 0;
        resolve();
      };
      audio.addEventListener("durationchange", found);
      audio.addEventListener("seeked", found); // a browser that never learns it can still play
      audio.currentTime = 1e101; // far past the end: Chromium reads to it and fixes the duration
    };
    audio.addEventListener("error", () => resolve(), { once: true }); // nothing to wait for: play() says why
    if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) settle();
    else {
      audio.addEventListener("loadedmetadata", settle, { once: true });
      audio.preload = "metadata";
      audio.load();
    }
  });
  return audio.knowing;
}

// Controls for `audio` (an <audio> element already on the page, with its src), placed after it.
// `name`: which recording, for the buttons' and the bar's names ("recording 2"). Returns
// {element, seek(ms, play)}: seek moves to a place and, with `play`, plays from there.
export function clipPlayer(audio, { durationMs, name }) {
  const length = clock(durationMs);
  const box = element("div", { class: "app-player", role: "group", "aria-label": name });
  const play = element("button", { type: "button", class: "govuk-button govuk-button--secondary app-player__play",
    "data-player-play": "" });
  const word = element("span", {}, _("Play"));
  play.append(word, element("span", { class: "govuk-visually-hidden" }, ` ${name}`));
  const bar = element("input", { type: "range", class: "app-player__seek", min: "0", max: String(durationMs),
    step: "100", value: "0", "aria-label": _("Place in %(recording)s", { recording: name }) });
  const time = element("span", { class: "govuk-body-s app-player__time", "aria-hidden": "true" });
  box.append(play, bar, time);

  let dragging = false;
  const show = (milliseconds) => {
    const at = Math.min(durationMs, Math.max(0, milliseconds));
    if (!dragging) bar.value = String(Math.round(at));
    time.textContent = `${clock(at)} / ${length}`;
    bar.setAttribute("aria-valuetext", _("%(time)s of %(length)s", { time: clock(at), length }));
  };
  const playing = () => {
    word.textContent = audio.paused ? _("Play") : _("Pause");
  };
  const seek = async (milliseconds, andPlay = false) => {
    await knowDuration(audio);
    audio.currentTime = Math.min(durationMs, Math.max(0, milliseconds)) / 1000;
    show(milliseconds);
    if (andPlay) audio.play().catch(() => {}); // a browser may refuse to play; the place is still set
  };
  play.addEventListener("click", async () => {
    if (!audio.paused) return audio.pause();
    await knowDuration(audio);
    if (audio.ended || audio.currentTime * 1000 >= durationMs) audio.currentTime = 0;
    audio.play().catch(() => {});
  });
  bar.addEventListener("input", () => {
    dragging = true;
    show(Number(bar.value));
  });
  bar.addEventListener("change", () => {
    dragging = false;
    seek(Number(bar.value));
  });
  audio.addEventListener("timeupdate", () => {
    if (audio.currentTime < 1e100) show(audio.currentTime * 1000); // not the far seek that finds the length
  });
  for (const type of ["play", "pause", "ended"]) audio.addEventListener(type, playing);
  audio.addEventListener("ended", () => show(durationMs));

  audio.controls = false;
  audio.hidden = true;
  show(0);
  audio.after(box);
  return { element: box, seek };
}
