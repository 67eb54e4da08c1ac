"""Progress of long work (management commands, the benchmark): a bar on a terminal, plain log
lines elsewhere.

    for user in progress(users, total=len(users), desc="Re-encrypting tokens"):
        ...

On a terminal (the stream, stderr by default, is a TTY) it is tqdm's bar. Anywhere else (CI, a
pipe, `zappa manage` on Lambda, whose output goes to CloudWatch) it is a plain line on the same
stream at each tenth of the way when the total is known, at least every `every_seconds`
otherwise, and one when the work is done: lines a log keeps readably, not a bar's carriage
returns. (Written to the stream rather than through `logging`, so they show whatever the log
level, as the bar would.)

tqdm is imported only for a terminal: Lambda has none, and the Lambda package leaves tqdm out
(.ci/slim_package.py).
"""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO


def progress[T](
    iterable: Iterable[T],
    *,
    total: int | None,
    desc: str,
    stream: IO[str] | None = None,
    every_seconds: float = 30.0,
) -> Iterator[T]:
    """Yield the items of `iterable`, showing how far along they are (see the module)."""
    stream = stream if stream is not None else sys.stderr
    if _is_terminal(stream):
        from tqdm import tqdm

        yield from tqdm(iterable, total=total, desc=desc, file=stream, dynamic_ncols=True)
        return
    yield from _lines(iterable, total=total, desc=desc, stream=stream, every_seconds=every_seconds)


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _lines[T](
    iterable: Iterable[T], *, total: int | None, desc: str, stream: IO[str], every_seconds: float
) -> Iterator[T]:
    started = last_line = time.monotonic()
    done = 0
    tenths = 0  # tenths of the total reported so far

    def line(text: str) -> None:
        stream.write(f"{desc}: {text}, {time.monotonic() - started:.1f}s\n")
        stream.flush()

    for item in iterable:
        yield item
        done += 1
        if total and done >= total:
            continue  # the last line says it
        now = time.monotonic()
        reached = done * 10 // total if total else 0
        if reached > tenths or now - last_line >= every_seconds:
            tenths, last_line = reached, now
            line(f"{done}/{total} ({done * 100 // total}%)" if total else f"{done}")
    line(f"done, {done}")
