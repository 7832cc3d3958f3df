"""A one-line progress bar on stderr: done / total, failures, time left.

>>> import io
>>> buf = io.StringIO()
>>> bar = Progress(4, stream=buf, label="td0")
>>> bar.update(ok=True); bar.update(ok=False); bar.close()
>>> "2/4" in buf.getvalue() and "échecs : 1" in buf.getvalue()
True
"""

from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class Progress:
    """Progress of a batch (redrawn in place on a terminal, one line per step otherwise)."""

    def __init__(self, total: int, *, stream=None, label: str = "", enabled: bool = True):
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream if stream is not None else sys.stderr
        self.label, self.enabled = label, enabled
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, *, ok: bool, note: str = "") -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        self.draw(note)

    def draw(self, note: str = "") -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else 0
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "·" * (width - filled)
        line = (
            f"[{self.label}] {bar} {self.done}/{self.total} · échecs : {self.failed} · "
            f"écoulé {_clock(elapsed)} · reste ~{_clock(left)}"
        )
        if note:
            line += f" · {note}"
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
