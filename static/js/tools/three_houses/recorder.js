// Recording the child's own voice in a session (issue 8): the microphone, the "recording" sign the
// child sees, and the worker's screen of clips with the moments marked in them.
//
// Main decision: a clip exists only as a part of the draft — bytes in memory while the screen is
// open, encrypted with the local key in IndexedDB, sealed for the server in the outbox — like a
// drawing or a photo. Nothing here makes a file, a download link or a media-library entry, and the
// microphone is let go the moment a recording stops, however it stops (the Stop button, pause,
// leaving or locking, the hour's limit, the microphone going away). Whether recording is allowed at
// all is decided elsewhere (consent.js): this module only records when it is asked to.

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
// The formats a clip may be in, and the one this browser records: the set-up checks the same (features.js).
import { RECORDING_FORMATS, recordingFormat } from "../../tablet/features.js";
import { button, radios, textField } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { setPart } from "../screen.js";
import { clipPlayer, clock } from "../player.js";
import { quote } from "../checks.js";
import contract from "./contract.json" with { type: "json" };

// Speech quality: 24 kbps Opus keeps a voice clear and is about 180 KB a minute (the target is at
// most 250 KB a minute stored, the server's cap 480 KiB).
export const BITS_PER_SECOND = 24000;
// The limits are Three Houses' contract (contract.json), which the server reads too: a moment holds
// the child's words, so it has a word's limit.
export const MAX_CLIPS = contract.clips_max;
export const MAX_MOMENTS = contract.moments_max;
export const MAX_MOMENT_TEXT = contract.word_max;
const MAX_DURATION_MS = contract.recording_ms_max;
const SLICE_MS = 1000;

// "1:05" or "65" → milliseconds; null when it is not a time.
function parseClock(text) {
  const match = /^\s*(?:(\d{1,3}):)?(\d{1,4})\s*$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1] || 0);
  const seconds = Number(match[2]);
  if (match[1] !== undefined && seconds > 59) return null;
  return (minutes * 60 + seconds) * 1000;
}

export class RecordingRefused extends Error {}

// Why the microphone could not be used, in words the worker can act on (getUserMedia's errors:
// https://developer.mozilla.org/docs/Web/API/MediaDevices/getUserMedia#exceptions).
function refusal(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return _("The tablet did not allow the microphone. Allow this app to use the microphone in the tablet's settings, then try again.");
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") return _("This tablet has no microphone that can be used.");
  if (name === "NotReadableError") return _("The microphone is being used by another app. Close that app and try again.");
  return _("The recording could not start. Try again.");
}

// One recording: start() asks for the microphone; `finished` resolves once with the clip
// {bytes, media_type, duration_ms, started_at} however the recording ends, or null when cancelled.
export class Recording {
  static async start({ onLevel = () => {} } = {}) {
    const format = recordingFormat();
    if (!format) throw new RecordingRefused(_("This tablet cannot record sound."));
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (error) {
      throw new RecordingRefused(refusal(error));
    }
    let recording;
    try {
      recording = new Recording(stream, format, onLevel);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw new RecordingRefused(refusal(error));
    }
    await recording.started;
    return recording;
  }

  constructor(stream, format, onLevel) {
    this.stream = stream;
    this.format = format;
    this.chunks = [];
    this.cancelled = false;
    this.startedAt = new Date().toISOString();
    this.recorder = new MediaRecorder(stream, { mimeType: format.recorder, audioBitsPerSecond: BITS_PER_SECOND });
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) this.chunks.push(event.data);
    });
    this.started = new Promise((resolve, reject) => {
      this.recorder.addEventListener("start", () => {
        this.begun = performance.now();
        resolve();
      }, { once: true });
      this.recorder.addEventListener("error", (event) => {
        this.release();
        reject(new RecordingRefused(refusal(event.error)));
      }, { once: true });
    });
    this.finished = new Promise((resolve) => {
      this.recorder.addEventListener("stop", async () => {
        const ended = performance.now();
        this.release();
        if (this.cancelled || !this.chunks.length) return resolve(null);
        const bytes = new Uint8Array(await new Blob(this.chunks).arrayBuffer());
        this.chunks = [];
        resolve({ bytes, media_type: this.format.media_type, started_at: this.startedAt,
          duration_ms: Math.max(1, Math.min(MAX_DURATION_MS, Math.round(ended - this.begun))) });
      }, { once: true });
    });
    // The microphone going away (unplugged, taken by another app) ends the recording, kept so far.
    for (const track of stream.getAudioTracks()) track.addEventListener("ended", () => this.stop());
    this.limit = setTimeout(() => this.stop(), MAX_DURATION_MS - 1000);
    this.meter(onLevel);
    this.recorder.start(SLICE_MS);
  }

  get recording() {
    return this.recorder.state !== "inactive";
  }

  elapsed() {
    return this.begun ? performance.now() - this.begun : 0;
  }

  // The level, 0 … 1, about 30 times a second: an AnalyserNode's loudness (RMS) of the last moment.
  meter(onLevel) {
    try {
      this.audio = new AudioContext();
      const analyser = this.audio.createAnalyser();
      analyser.fftSize = 1024;
      this.audio.createMediaStreamSource(this.stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const tick = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
        this.frame = requestAnimationFrame(tick);
      };
      tick();
    } catch (_noAudioContext) {
      this.audio = null; // recording still works; only the meter is missing
    }
  }

  stop() {
    if (this.recording) this.recorder.stop();
    return this.finished;
  }

  // Stop and keep nothing (the screen is torn down with no way to keep the clip).
  cancel() {
    this.cancelled = true;
    if (this.recording) this.recorder.stop();
    else this.release();
  }

  release() {
    clearTimeout(this.limit);
    cancelAnimationFrame(this.frame);
    for (const track of this.stream.getTracks()) track.stop();
    if (this.audio) this.audio.close().catch(() => {});
    this.audio = null;
  }
}

// The sign the child sees for as long as the microphone is on, in child mode too: fixed at the top
// of the screen (where nothing else of the child's screen is), with one big Stop button.
export class RecordingSign {
  constructor(onStop) {
    this.sign = element("div", { class: "app-rec-sign", role: "region", "aria-label": _("Recording") });
    const light = element("span", { class: "app-rec-sign__light", "aria-hidden": "true" });
    const words = element("span", { class: "app-rec-sign__words" }, _("Recording"));
    this.time = element("span", { class: "app-rec-sign__time" }, clock(0));
    const level = element("span", { class: "app-rec-sign__level", "aria-hidden": "true" });
    level.append(element("span", { class: "app-rec-sign__level-bar" }));
    const stop = pictureButton({ image: "/static/icons/explainer/stop.svg", label: _("Stop"),
      className: "app-rec-sign__stop", onPress: () => onStop() });
    this.sign.append(light, words, this.time, level, stop);
    document.body.append(this.sign);
    document.body.classList.add("app-recording");
  }

  // The time so far; the level bar follows body's --rec-level (set by the screen's onLevel).
  update(elapsed) {
    const text = clock(elapsed);
    if (this.time.textContent !== text) this.time.textContent = text;
  }

  remove() {
    this.sign.remove();
    document.body.classList.remove("app-recording");
  }
}

// --- the worker's screen of recordings ------------------------------------------------------------------

function nextId(list, prefix) {
  const numbers = list.map((entry) => Number(entry.id.slice(prefix.length)) || 0);
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

export function newClip(content, kept, house) {
  const id = nextId(content.clips, "c");
  return { id, part: `audio-${id}`, media_type: kept.media_type, house, started_at: kept.started_at,
    duration_ms: kept.duration_ms, share: "ask", moments: [] };
}

export function newMoment(clip, atMs, text) {
  return { id: nextId(clip.moments, "m"), at_ms: Math.max(0, Math.min(clip.duration_ms, Math.round(atMs))), text,
    at: new Date().toISOString() };
}

// What must be put right before a session with clips can be finished (the server's rules for
// clips, docs/three-houses.md), added to `problems` (checks.js).
export function clipProblems(content, draft, problems) {
  const { clips } = content;
  problems.count(clips, MAX_CLIPS, _("A session can have at most %(count)s recordings: delete some", { count: MAX_CLIPS }));
  const parent = content.consent && content.consent.parent;
  const child = content.consent && content.consent.child;
  if (clips.length && !(parent && parent.decision === "agreed" && parent.audio === true
    && child && child.assent === "given" && child.audio === true)) {
    problems.add(_("Delete the recordings: a parent's agreement and the child's yes to recording are both needed to keep them"));
  }
  clips.forEach((clip, index) => {
    const number = index + 1;
    if (!draft.parts.some((part) => part.name === clip.part)) {
      problems.add(_("Recording %(number)s is not on this tablet (it was made on another tablet): delete it or finish the session there",
        { number }));
    }
    problems.choice(clip.media_type, RECORDING_FORMATS.map((format) => format.media_type),
      _("Recording %(number)s is not a sound this tablet can send: delete it", { number }));
    problems.choice(clip.house, [null, "good", "worries", "dreams"],
      _("Say again which house recording %(number)s belongs to", { number }));
    problems.time(clip.started_at, _("recording %(number)s started", { number }));
    if (!Number.isInteger(clip.duration_ms) || clip.duration_ms < 1 || clip.duration_ms > MAX_DURATION_MS) {
      problems.add(_("Recording %(number)s has no length or lasts more than 60 minutes: delete it", { number }));
    }
    problems.wish(clip.share, _("recording %(number)s", { number }));
    problems.count(clip.moments, MAX_MOMENTS,
      _("Recording %(number)s has more than %(count)s moments marked: remove some", { number, count: MAX_MOMENTS }));
    for (const moment of clip.moments) {
      const words = _("the child's words %(quote)s at %(time)s in recording %(number)s",
        { quote: quote(moment.text), time: clock(moment.at_ms), number });
      if (!Number.isInteger(moment.at_ms) || moment.at_ms < 0 || moment.at_ms > clip.duration_ms) {
        problems.add(_("Mark the moment of %(words)s again", { words }));
      }
      if (!moment.text) problems.add(_("Write the child's words at each moment marked in recording %(number)s, or remove the moment", { number }));
      problems.text(moment.text, words, MAX_MOMENT_TEXT);
      problems.time(moment.at, _("the moment of %(words)s was marked", { words }));
    }
  });
  if (clips.reduce((sum, clip) => sum + (Number(clip.duration_ms) || 0), 0) > MAX_DURATION_MS) {
    problems.add(_("The recordings of one session can last 60 minutes in all: delete some"));
  }
}

// The worker's view of recordings. `screen` is the tool's screen: content, draft, changed(),
// show(view), and its recording state (startRecording, stopRecording, markMoment, pending).
export function recordingsView(body, screen, { allowed, reasons, houseNames }) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Recording the child's voice")));
  body.append(element("p", { class: "govuk-body" },
    _("The recording is kept locked on this tablet with the session and sent with it. It is never saved to the tablet's photos, music or files.")));
  if (screen.recordingError) {
    const error = element("div", { class: "govuk-error-summary", role: "alert", tabindex: "-1" });
    error.append(element("h3", { class: "govuk-error-summary__title" }, _("The recording did not start")));
    error.append(element("p", { class: "govuk-body govuk-!-margin-bottom-0" }, screen.recordingError));
    body.append(error);
  }
  if (screen.recording) body.append(duringRecording(screen));
  else body.append(startControls(screen, { allowed, reasons, houseNames }));
  content.clips.forEach((clip, index) => body.append(clipCard(screen, clip, index, houseNames)));
}

function startControls(screen, { allowed, reasons, houseNames }) {
  const { content } = screen;
  const block = element("div", { class: "app-rec-start" });
  const full = content.clips.length >= MAX_CLIPS;
  const why = full ? [_("A session can have at most %(count)s recordings. Delete one to record another.", { count: MAX_CLIPS })] : reasons;
  if (allowed && !full) {
    block.append(radios({
      legend: _("What is this recording about?"), name: "rec-house", value: screen.recordingHouse,
      options: [{ value: null, label: _("The whole session") },
        ...Object.entries(houseNames).map(([key, name]) => ({ value: key, label: name }))],
      onChange: (house) => { screen.recordingHouse = house; },
    }));
  }
  const start = element("button", { type: "button", class: "govuk-button app-rec-start__button", "data-action-record": "start",
    "aria-describedby": why.length ? "rec-why" : null, disabled: !allowed || full });
  start.textContent = _("Start recording");
  start.addEventListener("click", () => screen.startRecording());
  if (why.length) {
    const reason = element("div", { class: "govuk-inset-text", id: "rec-why" });
    reason.append(element("p", { class: "govuk-body" }, _("Recording is not possible yet:")));
    const list = element("ul", { class: "govuk-list govuk-list--bullet" });
    for (const text of why) list.append(element("li", {}, text));
    reason.append(list);
    block.append(reason);
  }
  block.append(start);
  return block;
}

function duringRecording(screen) {
  const block = element("div", { class: "app-rec-live" });
  block.append(element("p", { class: "govuk-body govuk-!-font-weight-bold" },
    _("Recording. The child can stop it at any time with the Stop button at the top of the screen.")));
  const meter = element("div", { class: "app-rec-live__meter" });
  meter.append(element("span", { class: "govuk-body-s" }, _("Sound level")),
    element("span", { class: "app-rec-sign__level app-rec-live__level", "aria-hidden": "true" }));
  meter.lastChild.append(element("span", { class: "app-rec-sign__level-bar" }));
  block.append(meter);
  block.append(button(_("Mark this moment"), () => {
    screen.markMoment();
    screen.show(screen.view);
    screen.container.querySelector(".app-rec-moments li:last-child textarea")?.focus(); // type the words at once
  }));
  const list = element("ol", { class: "govuk-list app-rec-moments" });
  screen.pendingMoments.forEach((moment) => {
    const item = element("li");
    item.append(textField({ label: _("The child's words at %(time)s", { time: clock(moment.at_ms) }), multiline: true, rows: 2,
      maxlength: MAX_MOMENT_TEXT, value: moment.text, hint: _("Exactly as the child said them. Kept with the recording when it stops."),
      onInput: (value) => { moment.text = value; } }));
    list.append(item);
  });
  block.append(list);
  block.append(button(_("Stop recording"), () => screen.stopRecording(), "govuk-button--warning"));
  return block;
}

// One clip: what it is about, a player to listen back (no download), who may hear it, its moments.
function clipCard(screen, clip, index, houseNames) {
  const { content, draft } = screen;
  const card = element("section", { class: "app-rec-clip", "aria-labelledby": `rec-clip-${clip.id}` });
  const about = clip.house ? houseNames[clip.house] : _("The whole session");
  card.append(element("h3", { class: "govuk-heading-s", id: `rec-clip-${clip.id}` },
    _("Recording %(number)s: %(about)s, %(length)s", { number: index + 1, about, length: clock(clip.duration_ms) })));
  const facts = () => `${_("Recorded")} ${formatTime(clip.started_at)} · ${_("May hear it")}: ${describeWish(clip.share)}`;
  const meta = element("p", { class: "govuk-body-s" }, facts());
  card.append(meta);
  const part = draft.parts.find((candidate) => candidate.name === clip.part);
  let player = null;
  if (part) {
    player = element("audio", { controls: true, preload: "metadata", class: "app-rec-clip__player",
      controlslist: "nodownload noplaybackrate", "aria-label": _("Listen to recording %(number)s", { number: index + 1 }) });
    player.src = screen.clipURL(part);
    card.append(player);
    clipPlayer(player, { durationMs: clip.duration_ms, name: _("recording %(number)s", { number: index + 1 }) });
  } else {
    card.append(element("p", { class: "govuk-body" }, _("This recording was made on another tablet and is not on this one.")));
  }
  card.append(wishControl({ legend: _("Who may hear this recording?"), wish: clip.share,
    onChange: (wish) => {
      clip.share = wish;
      meta.textContent = facts(); // said at once, not only when the screen is next drawn
      screen.changed();
    } }));

  if (clip.moments.length) {
    const list = element("ul", { class: "govuk-list app-rec-moments" });
    clip.moments.forEach((moment, at) => {
      const item = element("li", { class: "app-th__notes-word" });
      item.append(element("p", { class: "govuk-body app-th__verbatim" }, `${clock(moment.at_ms)} — ${moment.text}`));
      item.append(button(_("Remove the words at %(time)s", { time: clock(moment.at_ms) }), () => {
        clip.moments.splice(at, 1);
        screen.changed();
        screen.show(screen.view);
      }, "govuk-button--secondary govuk-!-margin-bottom-2"));
      list.append(item);
    });
    card.append(list);
  }
  if (clip.moments.length < MAX_MOMENTS) card.append(addMoment(screen, clip, player));
  card.append(deleteControl(screen, clip, index));
  return card;
}

function addMoment(screen, clip, player) {
  const details = element("details", { class: "govuk-details" });
  const summary = element("summary", { class: "govuk-details__summary" });
  summary.append(element("span", { class: "govuk-details__summary-text" }, _("Add the child's words at a moment")));
  const inner = element("div", { class: "govuk-details__text" });
  let when = "";
  let words = "";
  let error = "";
  const form = () => {
    inner.replaceChildren();
    const time = textField({ label: _("Time in the recording (minutes:seconds)"), hint: _("For example, 1:05. Listening, you can use the player's place."),
      value: when, maxlength: 8, width: "govuk-input--width-5", error, onInput: (value) => { when = value; } });
    inner.append(time);
    if (player) {
      inner.append(button(_("Use the player's place"), () => {
        when = clock(player.currentTime * 1000);
        error = "";
        form();
      }));
    }
    inner.append(textField({ label: _("The child's words at that moment"), multiline: true, rows: 2, maxlength: MAX_MOMENT_TEXT,
      value: words, onInput: (value) => { words = value; } }));
    inner.append(button(_("Add these words"), () => {
      let atMs = parseClock(when);
      // The end as the player shows it ("0:03" for 2.95 s) is within the recording.
      if (atMs !== null && atMs > clip.duration_ms && clock(atMs) === clock(clip.duration_ms)) atMs = clip.duration_ms;
      if (atMs === null || atMs > clip.duration_ms) {
        error = _("Enter a time within the recording (0:00 to %(end)s)", { end: clock(clip.duration_ms) });
        return form();
      }
      if (!words.trim()) return;
      clip.moments.push(newMoment(clip, atMs, words));
      screen.changed();
      screen.show(screen.view);
    }));
  };
  form();
  details.append(summary, inner);
  return details;
}

// Deleting asks first: the recording cannot be got back.
function deleteControl(screen, clip, index) {
  const holder = element("div", { class: "app-rec-delete" });
  const ask = () => {
    holder.replaceChildren(button(_("Delete recording %(number)s", { number: index + 1 }), confirm, "govuk-button--warning"));
  };
  const confirm = () => {
    const warning = element("div", { class: "govuk-warning-text" });
    warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
    warning.append(element("strong", { class: "govuk-warning-text__text" },
      _("Delete recording %(number)s? It is removed from this tablet and cannot be got back.", { number: index + 1 })));
    const group = element("div", { class: "govuk-button-group" });
    const yes = button(_("Yes, delete it"), () => {
      removeClip(screen.content, screen.draft, clip.id);
      screen.changed();
      screen.show(screen.view);
    }, "govuk-button--warning");
    group.append(yes, button(_("No, keep it"), ask));
    holder.replaceChildren(warning, group);
    yes.focus();
  };
  ask();
  return holder;
}

export function removeClip(content, draft, id) {
  const index = content.clips.findIndex((clip) => clip.id === id);
  if (index < 0) return;
  setPart(draft, content.clips[index].part, null, null);
  content.clips.splice(index, 1);
}
