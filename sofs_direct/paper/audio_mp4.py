"""Reading an MP4 recording (ISO base media file format, ISO/IEC 14496-12): its one sound track, its
codec (AAC or Opus) and how long its sound really lasts.

Main decision: in the fragmented MP4 that MediaRecorder writes, the length is the sum of the sample
durations in each fragment's `trun` (with `tfhd` and `trex` defaults), over the track's timescale
(ISO/IEC 14496-12 §8.8), not any duration the file claims. Every read is bounds-checked: any bytes
at all give either a result or AudioInvalid.
"""

from ..platform.i18n import _
from .audio_sound import AudioInvalid, Sound, truncated, video

# --- MP4 (ISO base media file format, ISO/IEC 14496-12) -----------------------------------------------


def _u32(data: bytes, at: int, end: int) -> int:
    """A 32-bit field at `at`, which must lie inside its box (ending at `end`)."""
    if at + 4 > end:
        raise truncated()
    return int.from_bytes(data[at : at + 4], "big")


def _boxes(data: bytes, start: int, end: int):
    """(type, body start, body end) of each box between `start` and `end`."""
    position = start
    while position < end:
        size, header = _u32(data, position, end), 8
        kind = bytes(data[position + 4 : position + 8])
        if len(kind) < 4 or position + 8 > end:
            raise truncated()
        if size == 1:  # a 64-bit size follows the type
            size, header = (_u32(data, position + 8, end) << 32) | _u32(data, position + 12, end), 16
        elif size == 0:  # the last box: it runs to the end
            size = end - position
        if size < header:
            raise AudioInvalid(_("The file is damaged: a box in it is smaller than its own header."))
        if position + size > end:
            raise truncated()
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
        raise truncated()
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
            raise truncated()
        for entry in range(body + 8, body + 8 + 8 * count, 8):
            samples = _u32(data, entry, end)
            track["samples"] += samples
            track["ticks"] += samples * _u32(data, entry + 4, end)
    stsz = _box(data, stbl, b"stsz")
    if stsz is not None:
        body, end = stsz
        size, count = _u32(data, body + 4, end), _u32(data, body + 8, end)
        if not size and body + 12 + 4 * count > end:
            raise truncated()
        track["bytes"] += (
            size * count
            if size
            else sum(_u32(data, entry, end) for entry in range(body + 12, body + 12 + 4 * count, 4))
        )
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
        raise truncated()
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


def read_mp4(data: bytes) -> Sound:
    top = list(_boxes(data, 0, len(data)))
    if not top or top[0][0] != b"ftyp":
        raise AudioInvalid(_("It is not an MP4 recording: its first bytes are not an MP4 header."))
    movies = [(body, end) for kind, body, end in top if kind == b"moov"]
    if len(movies) != 1:
        raise AudioInvalid(_("The file is damaged: it must describe its recording exactly once."))
    moov = movies[0]
    tracks = [_track(data, (body, end)) for kind, body, end in _boxes(data, *moov) if kind == b"trak"]
    if any(track["handler"] == b"vide" for track in tracks):
        raise video()
    if any(track["handler"] != b"soun" for track in tracks):
        raise AudioInvalid(_("It has a track that is not sound, such as subtitles. Only sound can be kept."))
    if len(tracks) != 1:
        raise AudioInvalid(_("It must have exactly one sound track; it has %(count)s.", count=len(tracks)))
    track = tracks[0]
    codec = {b"mp4a": "aac", b"Opus": "opus"}.get(track["codec"])
    if codec is None:
        raise AudioInvalid(
            _(
                "Its sound is not AAC or Opus, the formats tablets record in MP4 (it is %(codec)s).",
                codec=track["codec"].decode("latin-1"),
            )
        )
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
        raise truncated()
    return Sound(codec, ticks * 1_000_000_000 // track["timescale"], samples, len(tracks))
