// Read-aloud for children who cannot read: the browser's own speech synthesis, offline.
//
// Main decision: speak only with a voice for the page's language (en-GB / cy-GB, or any voice of
// that language). A Welsh prompt read by an English voice is gibberish to a Welsh-speaking child,
// so with no such voice nothing is spoken and the caller shows the words large on screen for the
// worker to read out instead (speechSynthesis voices: https://developer.mozilla.org/docs/Web/API/SpeechSynthesis/getVoices).

const LOCALES = { en: "en-GB", cy: "cy-GB" };

function voicesNow(scope) {
  return "speechSynthesis" in scope ? scope.speechSynthesis.getVoices() : [];
}

// Chromium fills the voice list asynchronously; wait for it briefly the first time. `scope` is the
// window (or a stand-in: features.js checks the voices of a pretend browser in its test).
function voices(scope) {
  const now = voicesNow(scope);
  if (now.length || !("speechSynthesis" in scope)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(voicesNow(scope));
    scope.speechSynthesis.addEventListener("voiceschanged", done, { once: true });
    setTimeout(done, 700);
  });
}

// Only voices that run on the tablet itself: a remote voice (localService false — some browsers
// offer their maker's online voices) would send the words read out, which may be a family's own
// words, to a third party (https://developer.mozilla.org/docs/Web/API/SpeechSynthesisVoice/localService).
export async function voiceFor(language, scope = window) {
  const wanted = LOCALES[language] || language;
  const local = (await voices(scope)).filter((voice) => voice.localService);
  return local.find((voice) => voice.lang === wanted)
    || local.find((voice) => voice.lang.toLowerCase().startsWith(`${language}-`) || voice.lang === language)
    || null;
}

// Speak `text`; resolves true when it was spoken, false when there is no voice for the language.
export async function speak(text, language) {
  const voice = await voiceFor(language);
  if (!voice) return false;
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9; // a little slower than usual, for young children
  window.speechSynthesis.speak(utterance);
  return true;
}

export function stopSpeaking() {
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
}
