"""Recordings of the child's voice arriving from tablets: the container check every clip passes
before it is stored.

Main decision: the server reads the container itself — WebM (Matroska's EBML elements) and MP4
(ISO base media boxes) — rather than trusting the declared media type or the tablet's own duration,
and it reads only as far as it must to answer: is this one sound track (no video) in an allowed codec
(Opus, or AAC in MP4), how long does it really last, and is every element whole. Nothing is decoded
or transcoded: the clip is stored exactly as received (OWASP File Upload Cheat Sheet: allow-list the
types, check the signature and the structure, limit the size).

The real duration comes from the sound itself, because MediaRecorder writes no duration: in WebM the
segment and its clusters are written with an *unknown* size (all ones, RFC 8794 §6.2) while
recording goes on, so the length is the span of the blocks' timestamps plus the last packet's own
length, read from its Opus table-of-contents byte (RFC 6716 §3.1); in the fragmented MP4 that
MediaRecorder writes, it is the sum of the sample durations in each fragment's `trun` (with `tfhd`
and `trex` defaults), over the track's timescale (ISO/IEC 14496-12 §8.8). Every read is bounds-
checked, so any bytes at all give either a result or `AudioInvalid` with a sentence a worker can
read — never another exception. The containers are read in audio_webm.py and audio_mp4.py; this
module is the check made of what they find.
"""

from dataclasses import dataclass

from ..platform.i18n import _
from .audio_mp4 import read_mp4
from .audio_sound import AudioInvalid
from .audio_webm import read_webm

MEDIA_TYPES = ("audio/webm", "audio/mp4")
LONGEST_MS = 60 * 60 * 1000
# Speech at 24–32 kbps is 180–240 kB a minute; 480 KiB a minute leaves room for any browser's
# encoder (and its container) while refusing a file far larger than speech needs.
BYTES_PER_MINUTE = 480 * 1024
TOLERANCE_MS = 1000
TOLERANCE_PERCENT = 5
CODEC_NAMES = {"opus": "Opus", "aac": "AAC"}


@dataclass(frozen=True)
class AudioInfo:
    codec: str  # "opus" or "aac"
    duration_ms: int
    tracks: int


# --- the check ------------------------------------------------------------------------------------


def clock(milliseconds: int) -> str:
    """A length as a clock shows it: 0:03, 59:58, 3:00:00 (whole numbers: a file can claim any length)."""
    minutes, seconds = divmod((milliseconds + 500) // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def check_audio(data: bytes, media_type: str, declared_ms: int) -> AudioInfo:
    """Refuse, with AudioInvalid, anything but one whole sound recording of `media_type` lasting
    about `declared_ms` (the tablet's own measure) and no larger than speech needs."""
    data = bytes(data)
    if media_type == "audio/webm":
        if data[:4] != b"\x1a\x45\xdf\xa3":
            raise AudioInvalid(_("It is not a WebM recording: its first bytes are not a WebM header."))
        sound = read_webm(data)
    elif media_type == "audio/mp4":
        if data[4:8] != b"ftyp":
            raise AudioInvalid(_("It is not an MP4 recording: its first bytes are not an MP4 header."))
        sound = read_mp4(data)
    else:
        raise AudioInvalid(_("Recordings must be WebM or MP4 sound files."))
    duration_ms = sound.duration_ns // 1_000_000
    if not sound.packets or duration_ms <= 0:
        raise AudioInvalid(_("It has no sound in it."))
    if duration_ms > LONGEST_MS:
        raise AudioInvalid(_("It lasts longer than 60 minutes, the most a recording can last."))
    if abs(duration_ms - declared_ms) > max(TOLERANCE_MS, declared_ms * TOLERANCE_PERCENT // 100):
        raise AudioInvalid(
            _(
                "It lasts %(actual)s, but the tablet recorded %(declared)s: part of it may be missing.",
                actual=clock(duration_ms),
                declared=clock(declared_ms),
            )
        )
    if len(data) * 60000 > BYTES_PER_MINUTE * max(60000, duration_ms):
        raise AudioInvalid(
            _(
                "It is %(size)s KiB for %(actual)s of sound: more than the %(n)s KiB a minute a "
                "recording of speech needs.",
                size=len(data) // 1024,
                actual=clock(duration_ms),
                n=BYTES_PER_MINUTE // 1024,
            )
        )
    return AudioInfo(sound.codec, duration_ms, sound.tracks)
