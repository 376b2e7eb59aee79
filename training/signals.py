"""Stopping a training run without losing steps.

`pkill -f training.campaign` (SIGTERM) or Ctrl-C (SIGINT) used to kill a worker mid-step: the
run lost every step since its last checkpoint (up to `ckpt_every`, minutes of a core). While a
`StopOnSignal` is active the first such signal only asks the loop to stop after the current
step; the loop then saves. A second signal stops at once, as before.
"""
from __future__ import annotations

import signal
import threading

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopOnSignal:
    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "StopOnSignal":
        if threading.current_thread() is threading.main_thread():  # handlers live there only
            self._previous = {s: signal.signal(s, self._handle) for s in SIGNALS}
        return self

    def _handle(self, signum: int, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt(f"signal {signum} again: stopping without a checkpoint")
        self.requested = True

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
