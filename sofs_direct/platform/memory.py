"""Giving memory back to the system after requests that needed a lot of it (issue 19).

Main decision: what a server process kept after a hostile-input run was not Python objects but memory
C's allocator (glibc malloc) had been given back and held on to. Measured with `make bench memory`
and mallinfo2(3): after the hostile uploads the allocator held 336 MB, of which 23 MB was in use and
313 MB free; `malloc_trim(0)` took the process from 431 MB resident to 175 MB. So the fix is in how
the allocator is asked to behave, once a process, and one call after the requests that need it:

- Not `M_MMAP_THRESHOLD`. Fixing it at 1 MiB (so every big block is a mapping of its own, returned
  when freed) also held memory down, but each of those blocks then costs a mapping, page faults and
  an unmapping: the golden crawl's renders took 20% longer (13.7 s against 11.2 s, the sys time 2.2 s
  against 0.9). glibc's own moving threshold (mallopt(3), "M_MMAP_THRESHOLD") keeps big blocks in the
  heap instead, and the trim below returns them once they are free.
- `M_ARENA_MAX` 2. glibc makes up to 8 arenas a core, one for each thread that meets another in the
  allocator, and each keeps its own free memory; the server's threads hold the GIL for most of their
  allocations anyway, so more arenas buy nothing here (the same as `MALLOC_ARENA_MAX=2`).
- `malloc_trim(0)` after a request, once the response is sent, when the process has grown by more
  than TRIM_ABOVE since the last trim: it returns the free pages inside the heap too (since glibc
  2.8), which is what is left after thousands of small objects of a big request were freed in no
  order.

With both, `make bench memory` (2 workers, as `make run`): the largest worker 82 MB at start, 111 MB
after the hostile input, 118 MB after the 50-tablet burst, 189 MB after 100 large drawings (48 MB of
it the record pages' render cache) and after a quiet pause; without them, in the same week, 185,
202, 337 and 337 MB.

Elsewhere than glibc (a laptop on macOS) there is no such call and none of this is done.
"""

import ctypes
import ctypes.util
import os
import threading
from pathlib import Path

M_ARENA_MAX = -8
ARENAS = 2
TRIM_ABOVE = 16 * 1024 * 1024  # growth since the last trim before another pays


def _glibc():
    """glibc's malloc functions, or None where the C library is another (or there is no /proc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        _STATM.read_bytes()
        return libc
    except (OSError, AttributeError):
        return None


_STATM = Path("/proc/self/statm")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_LIBC = _glibc()
_trimming = threading.Lock()
_floor = [0]  # resident bytes after the last trim, or the least seen since


def resident() -> int:
    """This process's resident bytes (about 10 µs: /proc/self/statm)."""
    return int(_STATM.read_bytes().split()[1]) * _PAGE


def give_back(above: int = TRIM_ABOVE) -> bool:
    """Return the allocator's free memory to the system once the process has grown by more than `above`
    since the last time (or since the least it was): the check is cheap, a trim is not (up to 90 ms
    with 190 MB to return, measured), so a process that stays the same size never pays it. One
    thread at a time (a second would find nothing left to return)."""
    if not _LIBC:
        return False
    now = resident()
    _floor[0] = min(_floor[0], now)
    if now - _floor[0] <= above or not _trimming.acquire(blocking=False):
        return False
    try:
        _LIBC.malloc_trim(0)
        _floor[0] = resident()
    finally:
        _trimming.release()
    return True


def configure() -> None:
    """The allocator's settings for this process (see the module's docstring); before the server's
    threads start, so that the arena limit holds for all of them."""
    if _LIBC:
        _floor[0] = resident()
        _LIBC.mallopt(M_ARENA_MAX, ARENAS)


def init_app(app) -> None:
    configure()

    @app.after_request
    def give_back_after_sending(response):
        # After the response is sent: the person waiting is not kept for it.
        response.call_on_close(give_back)
        return response
