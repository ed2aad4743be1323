"""Worker processes that die with their parent: spaCy's ``nlp.pipe(n_process=...)`` forks workers that
would outlive a ``kill -9`` of the parent (blocked on their queues forever). While
``workers_die_with_parent()`` is active, every child forked gets ``PR_SET_PDEATHSIG`` = SIGKILL on
Linux (via ctypes), plus a watchdog thread that exits when its parent pid changes (other systems, or
when prctl is unavailable)."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

PR_SET_PDEATHSIG = 1
#: seconds between two parent checks of the watchdog thread
WATCHDOG_SECONDS = 1.0

_state = {"armed": 0, "parent": None, "registered": False}
_lock = threading.Lock()


def _prctl_deathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int) -> None:
    """Make this (child) process end when ``parent_pid`` is gone."""
    _prctl_deathsig()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="jamsostek-ie-parent-watchdog", daemon=True).start()


def _after_fork_in_child() -> None:
    parent: Optional[int] = _state["parent"]
    if not _state["armed"] or parent is None:
        return
    _state["armed"], _state["parent"] = 0, None  # the worker's own children are not armed
    die_with_parent(parent)


@contextmanager
def workers_die_with_parent() -> Iterator[None]:
    """While active, processes forked from this one die when this one dies (even by SIGKILL)."""
    with _lock:
        if not _state["registered"] and hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_after_fork_in_child)
            _state["registered"] = True
        _state["armed"] += 1
        _state["parent"] = os.getpid()
    try:
        yield
    finally:
        with _lock:
            _state["armed"] = max(0, _state["armed"] - 1)
