"""Python's cyclic garbage collector paused around one piece of heavy work: building a report's facts, laying out a PDF.

Such work allocates hundreds of thousands of short-lived objects (report tallies and facts; a PDF's fragments, lines,
table cells and canvas states) with few or no reference cycles, so reference counting frees them at once. Yet every
700 allocations start a collection, and the older generations' collections walk every object the process holds (the
app, the session's rows): measured, ~95 ms of a 400 ms 01/TCD page at 1,000,000 letters, and a third of the whole
report's PDF render at 100,000 letters (2.1 s -> 1.36 s; README Performance). The collector is a process-wide switch:
it is turned back on (if it was on) when the last of the pieces of work under way in any thread ends, and its first
run after that takes whatever cycles they left.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The pieces of work under way and whether the collector was on before the first of them.
_pause = {"works": 0, "was_enabled": True}
_pause_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested and concurrent use allowed)."""
    with _pause_lock:
        if _pause["works"] == 0:
            _pause["was_enabled"] = gc.isenabled()
            gc.disable()
        _pause["works"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause["works"] -= 1
            if _pause["works"] == 0 and _pause["was_enabled"]:
                gc.enable()
