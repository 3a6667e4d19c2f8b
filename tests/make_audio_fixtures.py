"""Makes the real recordings that tests/paper/test_audio.py reads, with Chromium's own MediaRecorder.

    .venv/bin/python tests/make_audio_fixtures.py            # writes tests/fixtures/audio/*
    .venv/bin/python tests/make_audio_fixtures.py --measure  # bytes per minute of speech-like sound

Main decision: the fixtures are what a browser really writes, not files built by hand to fit the
parser — Chromium's fake microphone (`--use-fake-device-for-media-stream`, a beep every second)
recorded by MediaRecorder exactly as the tablet records (Opus at speech quality, a chunk every
second), in every container this Chromium offers (WebM, and MP4 holding Opus: Debian's Chromium has
no AAC encoder). A video made from a canvas stream with the same microphone's sound is the "video
posing as audio". Each file's duration as the page measured it (what the tablet declares as
`duration_ms`) goes into manifest.json beside the files. The script is run once and the files are
kept in the repository, so the tests need no browser.

`--measure` records a synthetic voice instead of the beep (`--use-file-for-fake-audio-capture`: a
pitch-varying pulse through vowel formants, in syllables and pauses, so the encoder sees something
like speech rather than near-silence) for 60 seconds at 24 and 32 kbps, and prints bytes per minute.
"""

import argparse
import base64
import json
import math
import shutil
import struct
import sys
import tempfile
import wave
from pathlib import Path

from playwright.sync_api import sync_playwright

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "audio"
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
# getUserMedia needs a secure context; 127.0.0.1 is one. The page is answered by Playwright, no server.
ORIGIN = "http://127.0.0.1:9"

# Every recording starts together from one microphone stream; each stops after its own time.
RECORD = """
async (recordings) => {
  const microphone = await navigator.mediaDevices.getUserMedia({audio: true});
  const run = ({name, mimeType, bits, seconds, video}) => new Promise((resolve, reject) => {
    let stream = microphone;
    if (video) {
      const canvas = document.createElement("canvas");
      canvas.width = 64; canvas.height = 48;
      const paint = canvas.getContext("2d");
      let frame = 0;
      const timer = setInterval(() => { paint.fillStyle = `hsl(${frame++ * 20} 80% 50%)`; paint.fillRect(0, 0, 64, 48); }, 100);
      stream = new MediaStream([...canvas.captureStream(10).getVideoTracks(), ...microphone.getAudioTracks()]);
      setTimeout(() => clearInterval(timer), seconds * 1000 + 500);
    }
    const options = {mimeType};
    if (bits) options.audioBitsPerSecond = bits;
    const recorder = new MediaRecorder(stream, options);
    const chunks = [];
    let started = 0;
    recorder.ondataavailable = (event) => { if (event.data.size) chunks.push(event.data); };
    recorder.onerror = (event) => reject(new Error(String(event.error)));
    recorder.onstart = () => { started = performance.now(); };
    recorder.onstop = async () => {
      const measured = Math.round(performance.now() - started);
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      resolve({name, mime: recorder.mimeType, duration_ms: measured, data: btoa(binary)});
    };
    recorder.start(1000);  // a chunk every second, as the tablet keeps them
    setTimeout(() => recorder.stop(), seconds * 1000);
  });
  return Promise.all(recordings.map(run));
}
"""

FIXTURE_RECORDINGS = [
    {"name": "short.webm", "mimeType": "audio/webm;codecs=opus", "bits": 24000, "seconds": 3},
    {"name": "short.mp4", "mimeType": "audio/mp4;codecs=opus", "bits": 24000, "seconds": 3},
    {"name": "minute.webm", "mimeType": "audio/webm;codecs=opus", "bits": 24000, "seconds": 60},
    {"name": "video.webm", "mimeType": "video/webm;codecs=vp8,opus", "bits": 24000, "seconds": 2, "video": True},
    {"name": "video.mp4", "mimeType": "video/mp4", "bits": 24000, "seconds": 2, "video": True},
]


def record(recordings: list[dict], extra_args=()) -> list[dict]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS + list(extra_args))
        page = browser.new_page()
        page.route(
            f"{ORIGIN}/**",
            lambda route: route.fulfill(body="<!doctype html><title>Recorder</title>", content_type="text/html"),
        )
        page.goto(f"{ORIGIN}/")
        supported = [
            entry
            for entry in recordings
            if page.evaluate("(type) => MediaRecorder.isTypeSupported(type)", entry["mimeType"])
        ]
        for entry in recordings:
            if entry not in supported:
                print(f"skipped {entry['name']}: this Chromium cannot record {entry['mimeType']}", file=sys.stderr)
        page.set_default_timeout(max(entry["seconds"] for entry in supported) * 1000 + 30000)
        results = page.evaluate(RECORD, supported)
        browser.close()
    return results


def write_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for result in record(FIXTURE_RECORDINGS):
        data = base64.b64decode(result["data"])
        (FIXTURES / result["name"]).write_bytes(data)
        media_type = result["mime"].split(";")[0]
        manifest[result["name"]] = {
            "recorded_as": result["mime"],
            "media_type": media_type,
            "duration_ms": result["duration_ms"],
            "bytes": len(data),
        }
        print(f"{result['name']}: {len(data)} bytes, {result['duration_ms']} ms, {result['mime']}")
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def speech_like_wav(path: Path, seconds: int = 12, rate: int = 48000) -> None:
    """A synthetic voice: a glottal pulse train whose pitch wanders (110–260 Hz), shaped by three
    vowel formants that change each syllable, four syllables a second with pauses between phrases."""
    vowels = [(730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480), (570, 840, 2410)]
    samples = []
    phase = 0.0
    states = [[0.0, 0.0] for _ in range(3)]
    for n in range(seconds * rate):
        t = n / rate
        syllable = int(t * 4)
        in_phrase = (t % 3.0) < 2.2  # a pause after every phrase
        envelope = math.sin(math.pi * ((t * 4) % 1.0)) ** 2 if in_phrase else 0.0
        pitch = 170 + 60 * math.sin(2 * math.pi * 0.7 * t) + 30 * math.sin(2 * math.pi * 3.1 * t)
        phase += pitch / rate
        pulse = 1.0 if phase >= 1.0 else 0.0
        phase %= 1.0
        formants = vowels[syllable % len(vowels)]
        value = 0.0
        for state, centre in zip(states, formants):
            # A two-pole resonator at the formant's centre frequency.
            radius = math.exp(-math.pi * 90 / rate)
            a1, a2 = 2 * radius * math.cos(2 * math.pi * centre / rate), -radius * radius
            out = pulse + a1 * state[0] + a2 * state[1]
            state[1], state[0] = state[0], out
            value += out
        noise = ((n * 1103515245 + 12345) % 65536 / 32768.0 - 1.0) * 0.02
        samples.append(max(-1.0, min(1.0, value * 0.02 * envelope + noise * envelope)))
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(b"".join(struct.pack("<h", int(sample * 32000)) for sample in samples))


def speech_recordings(seconds: int = 60) -> list[tuple[str, int, int]]:
    """(name, bytes, duration in ms) of a speech-like voice recorded by MediaRecorder at 24 and 32 kbps,
    in WebM and MP4, as the tablet records."""
    with tempfile.TemporaryDirectory() as folder:
        voice = Path(folder) / "voice.wav"
        speech_like_wav(voice)
        recordings = [
            {
                "name": f"{container} {bits // 1000} kbps",
                "mimeType": f"audio/{container};codecs=opus",
                "bits": bits,
                "seconds": seconds,
            }
            for container in ("webm", "mp4")
            for bits in (24000, 32000)
        ]
        return [
            (result["name"], len(base64.b64decode(result["data"])), result["duration_ms"])
            for result in record(recordings, [f"--use-file-for-fake-audio-capture={voice}"])
        ]


def measure() -> None:
    for name, size, duration_ms in speech_recordings():
        per_minute = size * 60000 / duration_ms
        print(
            f"{name}: {size} bytes in {duration_ms} ms = {per_minute / 1000:.1f} kB ({per_minute / 1024:.1f} KiB) a minute"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", action="store_true", help="measure bytes per minute of speech-like sound")
    if parser.parse_args().measure:
        measure()
    else:
        write_fixtures()
