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
read — never another exception.
"""

from dataclasses import dataclass

from ..platform.i18n import _

MEDIA_TYPES = ("audio/webm", "audio/mp4")
LONGEST_MS = 60 * 60 * 1000
# Speech at 24–32 kbps is 180–240 kB a minute; 480 KiB a minute leaves room for any browser's
# encoder (and its container) while refusing a file far larger than speech needs.
BYTES_PER_MINUTE = 480 * 1024
TOLERANCE_MS = 1000
TOLERANCE_PERCENT = 5
CODEC_NAMES = {"opus": "Opus", "aac": "AAC"}


class AudioInvalid(Exception):
    """A recording refused; `reason` is a sentence saying why."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)


@dataclass(frozen=True)
class AudioInfo:
    codec: str  # "opus" or "aac"
    duration_ms: int
    tracks: int


@dataclass
class _Sound:
    """What a container parser found: the codec, the real length and how many packets of sound."""
    codec: str
    duration_ns: int
    packets: int
    tracks: int


def _truncated() -> AudioInvalid:
    return AudioInvalid(_("The file is incomplete or damaged: part of it ends before its own length says it should."))


def _video() -> AudioInvalid:
    return AudioInvalid(_("It is a video, not a sound recording. Only the child's voice can be kept."))


def _uint(data: bytes, start: int, end: int) -> int:
    """An EBML unsigned integer element's value: at most 8 bytes (RFC 8794 §7.2)."""
    if end - start > 8:
        raise AudioInvalid(_("The file is damaged: it has a number longer than WebM allows."))
    return int.from_bytes(data[start:end], "big")


# --- WebM (EBML, RFC 8794; Matroska, RFC 9559) --------------------------------------------------------

EBML_HEADER, DOC_TYPE = 0x1A45DFA3, 0x4282
SEGMENT = 0x18538067
INFO, TIMECODE_SCALE = 0x1549A966, 0x2AD7B1
TRACKS, TRACK_ENTRY, TRACK_NUMBER, TRACK_TYPE, CODEC_ID = 0x1654AE6B, 0xAE, 0xD7, 0x83, 0x86
VIDEO_SETTINGS = 0xE0
CLUSTER, CLUSTER_TIMECODE, SIMPLE_BLOCK, BLOCK_GROUP, BLOCK = 0x1F43B675, 0xE7, 0xA3, 0xA0, 0xA1
# What may follow a cluster of unknown size at the segment's level, which therefore ends it.
SEGMENT_LEVEL = {0x114D9B74, INFO, TRACKS, CLUSTER, 0x1C53BB6B, 0x1941A469, 0x1043A770, 0x1254C367,
                 EBML_HEADER, SEGMENT}
TRACK_VIDEO, TRACK_AUDIO = 1, 2


def _vint(data: bytes, position: int, end: int, marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: (value, position after it, whether it is the "unknown" size).
    An element id keeps its length marker (`marker`); a size does not."""
    if position >= end:
        raise _truncated()
    first = data[position]
    if first == 0:
        raise AudioInvalid(_("The file is damaged: it has a number longer than WebM allows."))
    length = 9 - first.bit_length()
    if position + length > end:
        raise _truncated()
    value = first if marker else first & (0xFF >> length)
    for byte in data[position + 1:position + length]:
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
        raise _truncated()
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
        raise _truncated()
    count = data[position] + 1
    position += 1
    sizes = []
    if lacing == 1:  # Xiph: each size as a run of 255s and a last byte below 255
        for _frame in range(count - 1):
            size = 0
            while True:
                if position >= end:
                    raise _truncated()
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
            raise _truncated()
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
            raise _truncated()
        at = (cluster_time + int.from_bytes(data[position:position + 2], "big", signed=True)) * self.scale
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
        last = sum(_opus_packet_ns(data[frame_start:frame_end])
                   for frame_start, frame_end in _laced_frames(data, start, end, lacing))
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


def _webm(data: bytes) -> _Sound:
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
            entries += [_track_entry(data, child, child_end)
                        for child_id, child, child_end in _children(data, body, body_end) if child_id == TRACK_ENTRY]
        position = body_end
    if any(entry["type"] == TRACK_VIDEO or entry["video"] or entry["codec"].startswith("V_") for entry in entries):
        raise _video()
    if any(entry["type"] != TRACK_AUDIO for entry in entries):
        raise AudioInvalid(_("It has a track that is not sound, such as subtitles. Only sound can be kept."))
    if len(entries) != 1:
        raise AudioInvalid(_("It must have exactly one sound track; it has %(count)s.", count=len(entries)))
    entry = entries[0]
    if entry["codec"] != "A_OPUS":
        raise AudioInvalid(_("Its sound is not Opus, the format tablets record in WebM (it is %(codec)s).",
                             codec=entry["codec"][:40] or "?"))
    blocks = blocks or _WebmBlocks(scale)
    if set(blocks.tracks) - {entry["number"]}:
        raise AudioInvalid(_("The file is damaged: it has sound for a track it does not describe."))
    duration_ns, packets = blocks.played_ns(data, entry["number"])
    return _Sound("opus", duration_ns, packets, len(entries))


# --- MP4 (ISO base media file format, ISO/IEC 14496-12) -----------------------------------------------

def _u32(data: bytes, at: int, end: int) -> int:
    """A 32-bit field at `at`, which must lie inside its box (ending at `end`)."""
    if at + 4 > end:
        raise _truncated()
    return int.from_bytes(data[at:at + 4], "big")


def _boxes(data: bytes, start: int, end: int):
    """(type, body start, body end) of each box between `start` and `end`."""
    position = start
    while position < end:
        size, header = _u32(data, position, end), 8
        kind = bytes(data[position + 4:position + 8])
        if len(kind) < 4 or position + 8 > end:
            raise _truncated()
        if size == 1:  # a 64-bit size follows the type
            size, header = (_u32(data, position + 8, end) << 32) | _u32(data, position + 12, end), 16
        elif size == 0:  # the last box: it runs to the end
            size = end - position
        if size < header:
            raise AudioInvalid(_("The file is damaged: a box in it is smaller than its own header."))
        if position + size > end:
            raise _truncated()
        yield kind, position + header, position + size
        position += size


def _box(data: bytes, where: tuple[int, int] | None, kind: bytes) -> tuple[int, int] | None:
    """The first box of `kind` inside `where` (body start, body end), if there is one."""
    if where is None:
        return None
    return next(((body, end) for found, body, end in _boxes(data, *where) if found == kind), None)


def _after_times(data: bytes, box: tuple[int, int]) -> int:
    """The 32-bit field after a full box's creation and modification times: `tkhd`'s track id,
    `mdhd`'s timescale. The times are 32-bit in version 0 and 64-bit in version 1."""
    body, end = box
    if body >= end:
        raise _truncated()
    return _u32(data, body + (12 if data[body] == 0 else 20), end)


def _track(data: bytes, trak: tuple[int, int]) -> dict:
    """One `trak`: its id, handler (soun, vide…), timescale, codec and any samples in its own tables."""
    track = {"ticks": 0, "samples": 0, "bytes": 0}
    tkhd, mdia = _box(data, trak, b"tkhd"), _box(data, trak, b"mdia")
    mdhd, hdlr = _box(data, mdia, b"mdhd"), _box(data, mdia, b"hdlr")
    if tkhd is None or mdhd is None or hdlr is None:
        raise AudioInvalid(_("The file is damaged: a track in it does not say what it holds."))
    track["id"], track["timescale"] = _after_times(data, tkhd), _after_times(data, mdhd)
    track["handler"] = _u32(data, hdlr[0] + 8, hdlr[1]).to_bytes(4, "big")
    stbl = _box(data, _box(data, mdia, b"minf"), b"stbl")
    stsd = _box(data, stbl, b"stsd")
    if stsd is None:
        raise AudioInvalid(_("The file is damaged: a track in it does not say its format."))
    track["codec"] = _u32(data, stsd[0] + 12, stsd[1]).to_bytes(4, "big")  # the first sample entry's type
    stts = _box(data, stbl, b"stts")
    if stts is not None:  # samples indexed in the track itself (a file that is not fragmented)
        body, end = stts
        count = _u32(data, body + 4, end)
        if body + 8 + 8 * count > end:
            raise _truncated()
        for entry in range(body + 8, body + 8 + 8 * count, 8):
            samples = _u32(data, entry, end)
            track["samples"] += samples
            track["ticks"] += samples * _u32(data, entry + 4, end)
    stsz = _box(data, stbl, b"stsz")
    if stsz is not None:
        body, end = stsz
        size, count = _u32(data, body + 4, end), _u32(data, body + 8, end)
        if not size and body + 12 + 4 * count > end:
            raise _truncated()
        track["bytes"] += size * count if size else sum(
            _u32(data, entry, end) for entry in range(body + 12, body + 12 + 4 * count, 4))
    return track


def _run(data: bytes, trun: tuple[int, int], duration: int | None, size: int) -> tuple[int, int, int]:
    """(ticks, samples, bytes) of one `trun`: each sample's duration and size are its own when the
    run's flags say they are listed, else the fragment's (or the movie's) defaults."""
    body, end = trun
    flags, count = _u32(data, body, end) & 0xFFFFFF, _u32(data, body + 4, end)
    position = body + 8 + (4 if flags & 0x01 else 0) + (4 if flags & 0x04 else 0)
    listed = [flags & bit != 0 for bit in (0x100, 0x200, 0x400, 0x800)]
    stride = 4 * sum(listed)
    if position + stride * count > end:
        raise _truncated()
    rows = range(position, position + stride * count, stride or 1)  # nothing listed: no rows to read
    if listed[0]:
        ticks = sum(_u32(data, row, end) for row in rows)
    elif duration is None:
        raise AudioInvalid(_("The file is damaged: it does not say how long its sound lasts."))
    else:
        ticks = duration * count
    sizes = sum(_u32(data, row + 4 * listed[0], end) for row in rows) if listed[1] else size * count
    return ticks, count, sizes


def _fragment(data: bytes, moof: tuple[int, int], defaults: dict, track_id: int) -> tuple[int, int, int]:
    """(ticks, samples, bytes) of one `moof`: its `traf`s, each a `tfhd` and its `trun`s."""
    totals = [0, 0, 0]
    for kind, body, end in _boxes(data, *moof):
        if kind != b"traf":
            continue
        tfhd = _box(data, (body, end), b"tfhd")
        if tfhd is None:
            raise AudioInvalid(_("The file is damaged: a fragment of it does not say which track it is."))
        flags, fragment_track = _u32(data, tfhd[0], tfhd[1]) & 0xFFFFFF, _u32(data, tfhd[0] + 4, tfhd[1])
        if fragment_track != track_id:
            raise AudioInvalid(_("The file is damaged: it has sound for a track it does not describe."))
        # After the track id: base data offset (8 bytes), sample description index, then the defaults.
        position = tfhd[0] + 8 + (8 if flags & 0x01 else 0) + (4 if flags & 0x02 else 0)
        duration, size = defaults.get("duration"), defaults.get("size", 0)
        if flags & 0x08:
            duration = _u32(data, position, tfhd[1])
            position += 4
        if flags & 0x10:
            size = _u32(data, position, tfhd[1])
        for found, run, run_end in _boxes(data, body, end):
            if found == b"trun":
                totals = [total + more for total, more in zip(totals, _run(data, (run, run_end), duration, size))]
    return totals[0], totals[1], totals[2]


def _mp4(data: bytes) -> _Sound:
    top = list(_boxes(data, 0, len(data)))
    if not top or top[0][0] != b"ftyp":
        raise AudioInvalid(_("It is not an MP4 recording: its first bytes are not an MP4 header."))
    movies = [(body, end) for kind, body, end in top if kind == b"moov"]
    if len(movies) != 1:
        raise AudioInvalid(_("The file is damaged: it must describe its recording exactly once."))
    moov = movies[0]
    tracks = [_track(data, (body, end)) for kind, body, end in _boxes(data, *moov) if kind == b"trak"]
    if any(track["handler"] == b"vide" for track in tracks):
        raise _video()
    if any(track["handler"] != b"soun" for track in tracks):
        raise AudioInvalid(_("It has a track that is not sound, such as subtitles. Only sound can be kept."))
    if len(tracks) != 1:
        raise AudioInvalid(_("It must have exactly one sound track; it has %(count)s.", count=len(tracks)))
    track = tracks[0]
    codec = {b"mp4a": "aac", b"Opus": "opus"}.get(track["codec"])
    if codec is None:
        raise AudioInvalid(_("Its sound is not AAC or Opus, the formats tablets record in MP4 (it is %(codec)s).",
                             codec=track["codec"].decode("latin-1")))
    if not track["timescale"]:
        raise AudioInvalid(_("The file is damaged: its time scale is missing."))
    defaults = {}
    mvex = _box(data, moov, b"mvex")
    for kind, body, end in _boxes(data, *mvex) if mvex else ():
        if kind == b"trex" and _u32(data, body + 4, end) == track["id"]:
            defaults = {"duration": _u32(data, body + 12, end), "size": _u32(data, body + 16, end)}
    ticks, samples, sample_bytes = track["ticks"], track["samples"], track["bytes"]
    for kind, body, end in top:
        if kind == b"moof":
            more = _fragment(data, (body, end), defaults, track["id"])
            ticks, samples, sample_bytes = ticks + more[0], samples + more[1], sample_bytes + more[2]
    if sample_bytes > sum(end - body for kind, body, end in top if kind == b"mdat"):
        raise _truncated()
    return _Sound(codec, ticks * 1_000_000_000 // track["timescale"], samples, len(tracks))


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
        sound = _webm(data)
    elif media_type == "audio/mp4":
        if data[4:8] != b"ftyp":
            raise AudioInvalid(_("It is not an MP4 recording: its first bytes are not an MP4 header."))
        sound = _mp4(data)
    else:
        raise AudioInvalid(_("Recordings must be WebM or MP4 sound files."))
    duration_ms = sound.duration_ns // 1_000_000
    if not sound.packets or duration_ms <= 0:
        raise AudioInvalid(_("It has no sound in it."))
    if duration_ms > LONGEST_MS:
        raise AudioInvalid(_("It lasts longer than 60 minutes, the most a recording can last."))
    if abs(duration_ms - declared_ms) > max(TOLERANCE_MS, declared_ms * TOLERANCE_PERCENT // 100):
        raise AudioInvalid(_("It lasts %(actual)s, but the tablet recorded %(declared)s: part of it may be "
                             "missing.", actual=clock(duration_ms), declared=clock(declared_ms)))
    if len(data) * 60000 > BYTES_PER_MINUTE * max(60000, duration_ms):
        raise AudioInvalid(_("It is %(size)s KiB for %(actual)s of sound: more than the %(n)s KiB a minute a "
                             "recording of speech needs.", size=len(data) // 1024, actual=clock(duration_ms),
                             n=BYTES_PER_MINUTE // 1024))
    return AudioInfo(sound.codec, duration_ms, sound.tracks)
