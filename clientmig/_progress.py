"""Progress bars for long steps: tqdm in a terminal or a notebook, none in CI or pipes.

Enabled when asked, or by default when stderr is a terminal or the code runs in a Jupyter
kernel, unless ``CI`` is set or ``CLIENTMIG_PROGRESS=0``. A bar appears only once its job has
run for :data:`DELAY` seconds, so quick commands print nothing; while a step runs, its elapsed
time keeps ticking (a long step does not look stuck). tqdm comes with the ``notebook`` extra;
without it there are no bars. Labels name steps, never data.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import Any

DELAY = 2.0
"""Seconds a job runs before its bar appears."""
TICK = 1.0
"""Seconds between refreshes of a bar while a step runs."""


def wanted(enabled: bool | None = None) -> bool:
    """Whether to show bars."""
    if enabled is not None:
        return enabled
    if os.environ.get("CI") or os.environ.get("CLIENTMIG_PROGRESS") == "0":
        return False
    return sys.stderr.isatty() or "ipykernel" in sys.modules


class Steps:
    """``with Steps(n, "run") as s: s.step("clean")`` advances one bar by named steps."""

    def __init__(self, total: int, desc: str, *, enabled: bool | None = None) -> None:
        self._bar: Any = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if wanted(enabled):
            try:
                from tqdm.auto import tqdm
            except ImportError:
                return
            self._bar = tqdm(
                total=total, desc=desc, unit="step", leave=False, delay=DELAY, file=sys.stderr
            )
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        """Refresh the bar (its elapsed time) until the job ends."""
        started = time.monotonic()
        while not self._stop.wait(TICK):
            if self._bar is not None and time.monotonic() - started >= DELAY:
                self._bar.refresh()

    def step(self, label: str) -> None:
        """Finish the current step and name the next one."""
        if self._bar is not None:
            self._bar.set_postfix_str(label, refresh=False)
            self._bar.update(1)

    def __enter__(self) -> Steps:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            self._bar.close()
