"""Reading a WebM recording (EBML, RFC 8794; Matroska, RFC 9559): its one sound track, its codec
(Opus) and how long its sound really lasts.

Main decision: MediaRecorder writes no duration, and writes the segment and its clusters with an
*unknown* size (all ones, RFC 8794 §6.2) while recording goes on, so the length is the span of the
blocks' timestamps plus the last packet's own length, read from its Opus table-of-contents byte
(RFC 6716 §3.1). Every read is bounds-checked: any bytes at all give either a result or
AudioInvalid.
"""

from ..platform.i18n import _
from .audio_sound import AudioInvalid, Sound, truncated, video

# --- WebM (EBML, RFC 8794; Matroska, RFC 9559) --------------------------------------------------------

EBML_HEADER, DOC_TYPE = 0x1A45DFA3, 0x4282
SEGMENT = 0x18538067
INFO, TIMECODE_SCALE = 0x1549A966, 0x2AD7B1
TRACKS, TRACK_ENTRY, TRACK_NUMBER, TRACK_TYPE, CODEC_ID = 0x1654AE6B, 0xAE, 0xD7, 0x83, 0x86
VIDEO_SETTINGS = 0xE0
CLUSTER, CLUSTER_TIMECODE, SIMPLE_BLOCK, BLOCK_GROUP, BLOCK = 0x1F43B675, 0xE7, 0xA3, 0xA0, 0xA1
# What may follow a cluster of unknown size at the segment's level, which therefore ends it.
SEGMENT_LEVEL = {
    0x114D9B74,
    INFO,
    TRACKS,
    CLUSTER,
    0x1C53BB6B,
    0x1941A469,
    0x1043A770,
    0x1254C367,
    EBML_HEADER,
    SEGMENT,
}
TRACK_VIDEO, TRACK_AUDIO = 1, 2


def _uint(data: bytes, start: int, end: int) -> int:
    """An EBML unsigned integer element's value: at most 8 bytes (RFC 8794 §7.2)."""
    if end - start > 8:
        raise AudioInvalid(_("The file is damaged: it has a number longer than WebM allows."))
    return int.from_bytes(data[start:end], "big")


def _vint(data: bytes, position: int, end: int, marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: (value, position after it, whether it is the "unknown" size).
    An element id keeps its length marker (`marker`); a size does not."""
    if position >= end:
        raise truncated()
    first = data[position]
    if first == 0:
        raise AudioInvalid(_("The file is damaged: it has a number longer than WebM allows."))
    length = 9 - first.bit_length()
    if position + length > end:
        raise truncated()
    value = first if marker else first & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    unknown = not marker and value == (1 << (7 * length)) - 1
    return value, position + length, unknown


def _element(data: bytes, position: int, end: int) -> tuple[int, int, int, bool]:
    """(id, where its body starts, where it ends, whether its size is unknown). A body of unknown size
    runs to `end` as far as this function knows; the caller decides where it really stops."""
    element_id, position, _unknown = _vint(data, position, end, marker=True)
    size, body, unknown = _vint(data, position, end, marker=False)
    if unknown:
        return element_id, body, end, True
    if body + size > end:
        raise truncated()
    return element_id, body, body + size, False


def _children(data: bytes, start: int, end: int):
    """The elements inside a master element of known size; none may have an unknown size."""
    position = start
    while position < end:
        element_id, body, body_end, unknown = _element(data, position, end)
        if unknown:
            raise AudioInvalid(_("The file is damaged: a part of it that must say its size does not."))
        yield element_id, body, body_end
        position = body_end


def _opus_packet_ns(packet: bytes) -> int:
    """How long one Opus packet plays, from its table-of-contents byte (RFC 6716 §3.1)."""
    if not packet:
        raise AudioInvalid(_("The file is damaged: a packet of sound in it is empty."))
    config, code = packet[0] >> 3, packet[0] & 3
    if config < 12:
        frame_us = (10_000, 20_000, 40_000, 60_000)[config % 4]  # SILK
    elif config < 16:
        frame_us = (10_000, 20_000)[config % 2]  # hybrid
    else:
        frame_us = (2_500, 5_000, 10_000, 20_000)[config % 4]  # CELT
    if code == 0:
        frames = 1
    elif code in (1, 2):
        frames = 2
    else:
        frames = packet[1] & 0x3F if len(packet) > 1 else 0
    if not frames or frames * frame_us > 120_000:  # a packet holds at most 120 ms (RFC 6716 §3.2.5)
        raise AudioInvalid(_("The file is damaged: a packet of sound in it is not valid Opus."))
    return frames * frame_us * 1000


def _laced_frames(data: bytes, position: int, end: int, lacing: int) -> list[tuple[int, int]]:
    """The frames (start, end) of one block's data, after its lacing header (Matroska §10.3)."""
    if lacing == 0:
        return [(position, end)]
    if position >= end:
        raise truncated()
    count = data[position] + 1
    position += 1
    sizes = []
    if lacing == 1:  # Xiph: each size as a run of 255s and a last byte below 255
        for _frame in range(count - 1):
            size = 0
            while True:
                if position >= end:
                    raise truncated()
                byte = data[position]
                position += 1
                size += byte
                if byte != 255:
                    break
            sizes.append(size)
    elif lacing == 3:  # fixed: the frames share the data equally
        if (end - position) % count:
            raise AudioInvalid(_("The file is damaged: a block's frames do not divide its data equally."))
        sizes = [(end - position) // count] * (count - 1)
    else:  # EBML: the first size, then each the difference from the one before
        size, position, _unknown = _vint(data, position, end, marker=False)
        sizes.append(size)
        for _frame in range(count - 2):
            start = position
            raw, position, _unknown = _vint(data, position, end, marker=False)
            size += raw - ((1 << (7 * (position - start) - 1)) - 1)
            sizes.append(size)
    frames = []
    for size in sizes:
        if size < 0 or position + size > end:
            raise truncated()
        frames.append((position, position + size))
        position += size
    frames.append((position, end))
    return frames


class _WebmBlocks:
    """Per track, the span of its blocks' times as clusters are read, and where its latest block is,
    whose packets' own length ends the recording."""

    def __init__(self, scale: int):
        self.scale = scale
        self.tracks: dict[int, dict] = {}

    def add(self, data: bytes, start: int, end: int, cluster_time: int | None) -> None:
        if cluster_time is None:
            raise AudioInvalid(_("The file is damaged: sound comes before the time it belongs to."))
        track, position, _unknown = _vint(data, start, end, marker=False)
        if position + 3 > end:
            raise truncated()
        at = (cluster_time + int.from_bytes(data[position : position + 2], "big", signed=True)) * self.scale
        lacing = (data[position + 2] >> 1) & 3
        span = self.tracks.setdefault(track, {"first": at, "last": at, "block": None, "packets": 0})
        span["packets"] += 1
        span["first"] = min(span["first"], at)
        if at >= span["last"]:
            span["last"], span["block"] = at, (position + 3, end, lacing)

    def played_ns(self, data: bytes, track: int) -> tuple[int, int]:
        """(how long the track's sound lasts, how many blocks it has)."""
        span = self.tracks.get(track)
        if span is None:
            return 0, 0
        start, end, lacing = span["block"]
        last = sum(
            _opus_packet_ns(data[frame_start:frame_end])
            for frame_start, frame_end in _laced_frames(data, start, end, lacing)
        )
        return span["last"] + last - span["first"], span["packets"]


def _cluster(data: bytes, position: int, end: int, unknown: bool, blocks: _WebmBlocks) -> int:
    """Read one cluster's blocks; returns where the cluster ends (for an unknown size: at the next
    element of the segment's level, or the end of the file)."""
    cluster_time = None
    while position < end:
        if unknown and _vint(data, position, end, marker=True)[0] in SEGMENT_LEVEL:
            return position
        element_id, body, body_end, child_unknown = _element(data, position, end)
        if child_unknown:
            raise AudioInvalid(_("The file is damaged: a part of it that must say its size does not."))
        if element_id == CLUSTER_TIMECODE:
            cluster_time = _uint(data, body, body_end)
        elif element_id == SIMPLE_BLOCK:
            blocks.add(data, body, body_end, cluster_time)
        elif element_id == BLOCK_GROUP:
            for inner_id, inner, inner_end in _children(data, body, body_end):
                if inner_id == BLOCK:
                    blocks.add(data, inner, inner_end, cluster_time)
        position = body_end
    return end


def _track_entry(data: bytes, start: int, end: int) -> dict:
    entry = {"number": None, "type": None, "codec": "", "video": False}
    for element_id, body, body_end in _children(data, start, end):
        if element_id == TRACK_NUMBER:
            entry["number"] = _uint(data, body, body_end)
        elif element_id == TRACK_TYPE:
            entry["type"] = _uint(data, body, body_end)
        elif element_id == CODEC_ID:
            entry["codec"] = data[body:body_end].decode("ascii", "replace")
        elif element_id == VIDEO_SETTINGS:
            entry["video"] = True
    return entry


def read_webm(data: bytes) -> Sound:
    element_id, body, body_end, unknown = _element(data, 0, len(data))
    if element_id != EBML_HEADER or unknown:
        raise AudioInvalid(_("It is not a WebM recording: its first bytes are not a WebM header."))
    doc_type = b""
    for child_id, child, child_end in _children(data, body, body_end):
        if child_id == DOC_TYPE:
            doc_type = data[child:child_end].rstrip(b"\0")
    if doc_type != b"webm":
        raise AudioInvalid(_("It is not a WebM recording: its header says it is another kind of file."))
    if body_end >= len(data):
        raise AudioInvalid(_("It has no sound in it: the file stops after its header."))
    element_id, position, segment_end, _unknown = _element(data, body_end, len(data))
    if element_id != SEGMENT:
        raise AudioInvalid(_("It is not a WebM recording: its header is not followed by the recording."))
    if segment_end < len(data):
        raise AudioInvalid(_("The file has something else joined on after the recording."))
    scale = 1_000_000  # TimecodeScale's default: timestamps in milliseconds
    entries: list[dict] = []
    blocks = None
    while position < segment_end:
        element_id, body, body_end, unknown = _element(data, position, segment_end)
        if element_id == CLUSTER:
            blocks = blocks or _WebmBlocks(scale)
            position = _cluster(data, body, body_end, unknown, blocks)
            continue
        if unknown:
            raise AudioInvalid(_("The file is damaged: a part of it that must say its size does not."))
        if element_id in (EBML_HEADER, SEGMENT):
            raise AudioInvalid(_("The file holds more than one recording joined together."))
        if element_id == INFO:
            for child_id, child, child_end in _children(data, body, body_end):
                if child_id == TIMECODE_SCALE:
                    scale = _uint(data, child, child_end)
            if not scale or blocks is not None:
                raise AudioInvalid(_("The file is damaged: its time scale is missing or comes after its sound."))
        elif element_id == TRACKS:
            entries += [
                _track_entry(data, child, child_end)
                for child_id, child, child_end in _children(data, body, body_end)
                if child_id == TRACK_ENTRY
            ]
        position = body_end
    if any(entry["type"] == TRACK_VIDEO or entry["video"] or entry["codec"].startswith("V_") for entry in entries):
        raise video()
    if any(entry["type"] != TRACK_AUDIO for entry in entries):
        raise AudioInvalid(_("It has a track that is not sound, such as subtitles. Only sound can be kept."))
    if len(entries) != 1:
        raise AudioInvalid(_("It must have exactly one sound track; it has %(count)s.", count=len(entries)))
    entry = entries[0]
    if entry["codec"] != "A_OPUS":
        raise AudioInvalid(
            _(
                "Its sound is not Opus, the format tablets record in WebM (it is %(codec)s).",
                codec=entry["codec"][:40] or "?",
            )
        )
    blocks = blocks or _WebmBlocks(scale)
    if set(blocks.tracks) - {entry["number"]}:
        raise AudioInvalid(_("The file is damaged: it has sound for a track it does not describe."))
    duration_ns, packets = blocks.played_ns(data, entry["number"])
    return Sound("opus", duration_ns, packets, len(entries))
