"""The container check for recordings of the child's voice: what browsers really record is accepted
with its real length, and anything else — a video, a cut-off or damaged file, a clip longer than an
hour or far larger than speech, a length that does not match the tablet's — is refused with a
sentence, never with a crash, whatever the bytes.

The recordings in tests/fixtures/audio were made by Chromium's MediaRecorder from its fake microphone
(tests/make_audio_fixtures.py); manifest.json holds each one's length as the page measured it. Files
that no browser here can make (AAC in MP4, a recording of over an hour, two sound tracks) are built
box by box and element by element below, from the container specifications.
"""

import json
import random
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sofs_direct.paper.audio import check_audio
from sofs_direct.paper.audio_sound import AudioInvalid

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audio"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())

pytestmark = pytest.mark.usefixtures("app_context")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def declared(name: str) -> int:
    return MANIFEST[name]["duration_ms"]


def refused(data: bytes, media_type: str, duration_ms: int) -> str:
    with pytest.raises(AudioInvalid) as refusal:
        check_audio(data, media_type, duration_ms)
    return refusal.value.reason


# --- building files from the specifications --------------------------------------------------------


def element(element_id: int, body: bytes = b"", unknown: bool = False) -> bytes:
    """An EBML element: its id (with its marker), an 8-byte size (or the unknown size), its body."""
    size = b"\x01\xff\xff\xff\xff\xff\xff\xff" if unknown else bytes([0x01]) + len(body).to_bytes(7, "big")
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big") + size + body


def uint(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def opus_block(at: int, packet: bytes = b"\xfc\x00\x00") -> bytes:
    """A SimpleBlock of track 1 at `at` (relative to its cluster): 0xfc is one 20 ms CELT frame."""
    return element(0xA3, b"\x81" + struct.pack(">h", at) + b"\x80" + packet)


def webm(clusters: list[bytes], tracks=((2, "A_OPUS"),), doc_type=b"webm") -> bytes:
    """A WebM file as MediaRecorder writes one: segment and clusters of unknown size."""
    header = element(0x1A45DFA3, element(0x4286, b"\x01") + element(0x4282, doc_type))
    entries = b"".join(
        element(0xAE, element(0xD7, uint(number)) + element(0x83, uint(kind)) + element(0x86, codec.encode()))
        for number, (kind, codec) in enumerate(tracks, start=1)
    )
    segment = element(0x1549A966, element(0x2AD7B1, uint(1_000_000))) + element(0x1654AE6B, entries)
    return header + element(0x18538067, segment + b"".join(clusters), unknown=True)


def cluster(time_ms: int, blocks: list[bytes]) -> bytes:
    return element(0x1F43B675, element(0xE7, uint(time_ms)) + b"".join(blocks), unknown=True)


def box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def full(kind: bytes, body: bytes, version: int = 0, flags: int = 0) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags) + body)


def mp4(
    codec: bytes = b"mp4a",
    handler: bytes = b"soun",
    samples: int = 50,
    delta: int = 1024,
    timescale: int = 44100,
    sample_size: int = 100,
) -> bytes:
    """An MP4 that is not fragmented (samples indexed in stts/stsz), as an encoder writes AAC."""
    entry = box(codec, bytes(28))
    stbl = box(
        b"stbl",
        full(b"stsd", struct.pack(">I", 1) + entry)
        + full(b"stts", struct.pack(">III", 1, samples, delta))
        + full(b"stsz", struct.pack(">II", sample_size, samples)),
    )
    mdia = box(
        b"mdia",
        full(b"mdhd", struct.pack(">IIII", 0, 0, timescale, samples * delta) + bytes(4))
        + full(b"hdlr", struct.pack(">I", 0) + handler + bytes(12) + b"\0")
        + box(b"minf", stbl),
    )
    trak = box(b"trak", full(b"tkhd", struct.pack(">III", 0, 0, 1) + bytes(68)) + mdia)
    moov = box(b"moov", full(b"mvhd", bytes(96)) + trak)
    return box(b"ftyp", b"M4A \0\0\0\0isom") + moov + box(b"mdat", bytes(samples * sample_size))


# --- what browsers record ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["short.webm", "short.mp4", "minute.webm"])
def test_real_recordings_are_accepted_with_their_real_length(name):
    info = check_audio(fixture(name), MANIFEST[name]["media_type"], declared(name))
    assert info.codec == "opus" and info.tracks == 1
    # The length comes from the sound itself, and agrees with the page's own measure.
    assert abs(info.duration_ms - declared(name)) < 200


def test_the_length_is_read_from_the_sound_not_believed():
    """The same file declared as lasting very differently: the real length decides."""
    data = fixture("minute.webm")
    assert check_audio(data, "audio/webm", 61000).duration_ms == check_audio(data, "audio/webm", 59000).duration_ms
    assert "the tablet recorded 0:03" in refused(data, "audio/webm", 3000)


def test_the_declared_length_may_differ_by_a_second_or_five_percent():
    short, minute = fixture("short.webm"), fixture("minute.webm")
    real = check_audio(short, "audio/webm", declared("short.webm")).duration_ms
    assert check_audio(short, "audio/webm", real + 1000)
    assert "part of it may be missing" in refused(short, "audio/webm", real + 1100)
    real = check_audio(minute, "audio/webm", declared("minute.webm")).duration_ms
    assert check_audio(minute, "audio/webm", real + 2800)  # 4.7 % of a minute
    assert "part of it may be missing" in refused(minute, "audio/webm", real + 3500)


def test_aac_in_mp4_is_accepted():
    info = check_audio(mp4(), "audio/mp4", 50 * 1024 * 1000 // 44100)
    assert (info.codec, info.duration_ms) == ("aac", 1160)


# --- what is refused --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["video.webm", "video.mp4"])
def test_a_video_posing_as_audio_is_refused(name):
    media_type = MANIFEST[name]["media_type"].replace("video/", "audio/")
    assert "It is a video" in refused(fixture(name), media_type, declared(name))


def test_a_video_track_in_a_built_mp4_is_refused():
    assert "It is a video" in refused(mp4(handler=b"vide"), "audio/mp4", 1160)


def test_the_wrong_kind_of_file_is_refused():
    assert "not a WebM recording" in refused(fixture("short.mp4"), "audio/webm", 2900)
    assert "not an MP4 recording" in refused(fixture("short.webm"), "audio/mp4", 2900)
    assert "WebM or MP4" in refused(fixture("short.webm"), "audio/ogg", 2900)
    assert "not a WebM recording" in refused(
        webm([cluster(0, [opus_block(0)])], doc_type=b"matroska"), "audio/webm", 20
    )


@pytest.mark.parametrize("name", ["short.webm", "short.mp4", "minute.webm"])
def test_a_file_cut_off_in_the_middle_of_its_sound_is_refused(name):
    data = fixture(name)
    for cut in (len(data) - 1, len(data) - 7, len(data) // 2 + 3):
        reason = refused(data[:cut], MANIFEST[name]["media_type"], declared(name))
        assert "incomplete" in reason or "may be missing" in reason, reason


def test_a_file_cut_between_clusters_is_refused_by_its_length():
    """A cut that leaves every element whole can only be seen in the length: it no longer matches."""
    data = fixture("minute.webm")
    half = data.index(b"\x1f\x43\xb6\x75", len(data) // 2)  # the start of a cluster
    assert "may be missing" in refused(data[:half], "audio/webm", declared("minute.webm"))


def test_a_recording_with_no_sound_is_refused():
    assert "no sound" in refused(webm([]), "audio/webm", 1000)
    assert "no sound" in refused(mp4(samples=0), "audio/mp4", 1000)
    header_only = fixture("short.webm")[: fixture("short.webm").index(b"\x18\x53\x80\x67")]
    assert "no sound" in refused(header_only, "audio/webm", 1000)


def test_a_recording_over_an_hour_is_refused():
    data = webm([cluster(0, [opus_block(0)]), cluster(61 * 60 * 1000, [opus_block(0)])])
    assert "longer than 60 minutes" in refused(data, "audio/webm", 61 * 60 * 1000)
    # A file can claim any time at all: the refusal is still a sentence.
    data = webm([cluster(0, [opus_block(0)]), cluster(2**63, [opus_block(0)])])
    assert "longer than 60 minutes" in refused(data, "audio/webm", 1000)


def test_a_file_much_larger_than_speech_is_refused():
    packet = b"\xfc" + bytes(12_000)  # 20 ms of sound in 12 kB: 36 MB a minute
    data = webm([cluster(0, [opus_block(20 * n, packet) for n in range(50)])])
    assert "KiB a minute" in refused(data, "audio/webm", 1000)


def test_only_one_opus_or_aac_sound_track_is_accepted():
    one_block = [cluster(0, [opus_block(0)])]
    assert "exactly one sound track" in refused(
        webm(one_block, tracks=((2, "A_OPUS"), (2, "A_OPUS"))), "audio/webm", 20
    )
    assert "not Opus" in refused(webm(one_block, tracks=((2, "A_VORBIS"),)), "audio/webm", 20)
    assert "not sound" in refused(webm(one_block, tracks=((2, "A_OPUS"), (0x11, "S_TEXT/UTF8"))), "audio/webm", 20)
    assert "It is a video" in refused(webm(one_block, tracks=((2, "A_OPUS"), (1, "V_VP8"))), "audio/webm", 20)
    assert "not AAC or Opus" in refused(mp4(codec=b"ac-3"), "audio/mp4", 1160)
    assert "not sound" in refused(mp4(handler=b"text"), "audio/mp4", 1160)


@pytest.mark.parametrize(
    "lacing, header",
    [
        (1, b"\x02\x03\x03"),  # Xiph: three frames, the first two of 3 bytes each
        (2, b"\x02\x83\xbf"),  # EBML: 3 bytes, then a difference of 0 (63 is zero)
        (3, b"\x02"),  # fixed: the data shared equally
    ],
)
def test_every_packet_of_a_laced_block_counts(lacing, header):
    """Three 20 ms packets in one block (Matroska lacing): the recording lasts 60 ms, not 20."""
    laced = element(0xA3, b"\x81" + struct.pack(">h", 0) + bytes([0x80 | lacing << 1]) + header + b"\xfc\x00\x00" * 3)
    assert check_audio(webm([cluster(0, [laced])]), "audio/webm", 60).duration_ms == 60


def test_sound_for_a_track_the_file_does_not_describe_is_refused():
    stray = element(0xA3, b"\x82" + struct.pack(">h", 0) + b"\x80\xfc\x00")
    assert "does not describe" in refused(webm([cluster(0, [opus_block(0), stray])]), "audio/webm", 20)


def fragmented_mp4(
    trun_flags: int,
    rows: bytes,
    count: int,
    tfhd_flags: int = 0,
    tfhd_defaults: bytes = b"",
    trex_duration: int | None = None,
) -> bytes:
    """A fragmented MP4 as MediaRecorder writes one: an empty sample table, then moof + mdat."""
    plain = mp4(codec=b"Opus", samples=0, timescale=48000)
    moov_at = plain.index(b"moov") - 4
    moov = plain[moov_at : plain.index(b"mdat") - 4]
    if trex_duration is not None:  # the movie's defaults for its fragments
        moov = box(b"moov", moov[8:] + box(b"mvex", full(b"trex", struct.pack(">IIIII", 1, 1, trex_duration, 0, 0))))
    traf = box(
        b"traf",
        full(b"tfhd", struct.pack(">I", 1) + tfhd_defaults, flags=tfhd_flags)
        + full(b"trun", struct.pack(">I", count) + rows, flags=trun_flags),
    )
    return (
        plain[:moov_at]
        + moov
        + box(b"moof", full(b"mfhd", struct.pack(">I", 1)) + traf)
        + box(b"mdat", bytes(count * 3))
    )


def test_fragment_durations_come_from_the_samples_or_their_defaults():
    listed = fragmented_mp4(0x300, b"".join(struct.pack(">II", 2880, 3) for _ in range(50)), 50)
    assert check_audio(listed, "audio/mp4", 3000).duration_ms == 3000  # 50 × 60 ms
    from_fragment = fragmented_mp4(0, b"", 50, tfhd_flags=0x18, tfhd_defaults=struct.pack(">II", 960, 3))
    assert check_audio(from_fragment, "audio/mp4", 1000).duration_ms == 1000  # 50 × 20 ms
    from_movie = fragmented_mp4(0, b"", 50, trex_duration=1920)
    assert check_audio(from_movie, "audio/mp4", 2000).duration_ms == 2000
    assert "how long its sound lasts" in refused(fragmented_mp4(0, b"", 50), "audio/mp4", 1000)
    assert "incomplete" in refused(fragmented_mp4(0x300, struct.pack(">II", 2880, 3), 50), "audio/mp4", 3000)


def test_mp4_sample_sizes_beyond_the_stored_sound_are_refused():
    data = mp4()
    assert "incomplete" in refused(data[:-10] + box(b"free"), "audio/mp4", 1160)


# --- any bytes at all ------------------------------------------------------------------------------


def _answer(data: bytes, media_type: str, duration_ms: int) -> None:
    """A result or AudioInvalid with a sentence; any other exception fails the test."""
    try:
        info = check_audio(data, media_type, duration_ms)
    except AudioInvalid as refusal:
        assert refusal.reason.strip()
    else:
        assert info.duration_ms > 0


SAMPLES = [
    (fixture(name), MANIFEST[name]["media_type"].replace("video/", "audio/"), declared(name))
    for name in ("short.webm", "short.mp4", "video.webm", "video.mp4")
] + [
    (mp4(), "audio/mp4", 1160),
    (fragmented_mp4(0, b"", 50, trex_duration=1920), "audio/mp4", 2000),
    (webm([cluster(0, [opus_block(0)])]), "audio/webm", 20),
]
MEDIA_TYPES = st.sampled_from(["audio/webm", "audio/mp4"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), media_type=MEDIA_TYPES, duration_ms=st.integers(1, 3_600_000))
def test_random_bytes_are_refused_with_a_reason(data, media_type, duration_ms):
    _answer(data, media_type, duration_ms)
    # With the right first bytes, so the parsers read further than the signature.
    _answer(b"\x1a\x45\xdf\xa3" + data, media_type, duration_ms)
    _answer(b"\x00\x00\x00\x10ftypisom" + data, media_type, duration_ms)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sample=st.sampled_from(SAMPLES),
    seed=st.integers(0, 2**32),
    changes=st.integers(1, 8),
    cut=st.one_of(st.none(), st.integers(0, 10_000)),
)
def test_damaged_real_recordings_are_refused_or_accepted_never_crash(sample, seed, changes, cut):
    data, media_type, duration_ms = sample
    damaged = bytearray(data if cut is None else data[:cut])
    chance = random.Random(seed)
    for _change in range(changes):
        if not damaged:
            break
        where = chance.randrange(len(damaged))
        action = chance.randrange(3)
        if action == 0:
            damaged[where] = chance.randrange(256)
        elif action == 1:
            damaged[where:where] = bytes(
                chance.choice(
                    [
                        b"\xff" * 8,
                        b"\x01\xff\xff\xff\xff\xff\xff\xff",
                        b"\x00\x00\x00\x01",
                        bytes([chance.randrange(256)]),
                    ]
                )
            )
        else:
            del damaged[where : where + chance.randrange(1, 40)]
    _answer(bytes(damaged), media_type, duration_ms)
