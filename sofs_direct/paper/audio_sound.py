"""What reading a recording's container gives (`Sound`), and how a recording is refused
(`AudioInvalid`): shared by the WebM and MP4 readers (audio_webm.py, audio_mp4.py) and the check
(audio.py).

Main decision: every refusal is an AudioInvalid carrying a sentence a worker can read, and the
refusals both containers share (a file cut short, a video) are made here, once, so they say the
same words whichever container the tablet recorded in.
"""

from dataclasses import dataclass

from ..platform.i18n import _


class AudioInvalid(Exception):
    """A recording refused; `reason` is a sentence saying why."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)


@dataclass
class Sound:
    """What a container parser found: the codec, the real length and how many packets of sound."""

    codec: str
    duration_ns: int
    packets: int
    tracks: int


def truncated() -> AudioInvalid:
    return AudioInvalid(_("The file is incomplete or damaged: part of it ends before its own length says it should."))


def video() -> AudioInvalid:
    return AudioInvalid(_("It is a video, not a sound recording. Only the child's voice can be kept."))
