"""Progress of long work: the library reports events to a callback; the edge decides how they look.

Library code uses a `Tracker` (the small part of rich's Progress API it needs) or `status()`:

    with tracker(progress) as bar:                      # progress: True | False | a callback
        task = bar.add_task("embedding", total=len(rows))
        bar.advance(task, 256)

    with status("storing the 'de' lemma dictionary"):   # work without a count
        ...

Every change becomes an `Event` passed to the callback. `progress=True` means the process's
reporter: the CLI installs rich bars when stderr is a terminal (agents/cli/progress_view.py);
otherwise `LineReporter` writes one plain status line to stderr for every job that runs longer
than a moment, then one every `Settings.progress_every` seconds, and a last line when it ends.

>>> events = []
>>> with tracker(events.append) as bar:
...     task = bar.add_task("counting", total=2)
...     bar.advance(task)
>>> [(e.description, e.completed, e.total, e.finished) for e in events]
[('counting', 0, 2, False), ('counting', 1, 2, False), ('counting', 1, 2, True)]
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Event:
    job: int  # one id per task, unique in the process
    description: str
    completed: float
    total: float | None  # None: no count (a status)
    started: float  # time.monotonic() when the task began
    finished: bool = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        """'building knowledge base: 2/5 (40%), 12 s' for logs."""
        count = ""
        if self.total:
            count = f": {self.completed:g}/{self.total:g} ({100 * self.completed / self.total:.0f}%)"
        state = "done in" if self.finished else "running for"
        return f"signbridge: {self.description}{count}, {state} {self.elapsed:.0f} s"


Callback = Callable[[Event], None]
_ids = itertools.count(1)
_reporter: dict[str, Callback | None] = {"current": None}


def set_reporter(callback: Callback | None) -> None:
    """The process's reporter for `progress=True` (set once at the edge; None: `LineReporter`)."""
    _reporter["current"] = callback


def _resolve(progress: bool | Callback | None) -> Callback | None:
    if callable(progress):
        return progress
    if not progress:
        return None
    if _reporter["current"] is None:
        _reporter["current"] = LineReporter()
    return _reporter["current"]


class Tracker:
    """Tasks that report to one callback; a context manager that finishes what is left open."""

    def __init__(self, callback: Callback | None):
        self.callback = callback
        self.tasks: dict[int, Event] = {}

    def __enter__(self) -> "Tracker":
        return self

    def __exit__(self, *exc) -> None:
        for task in list(self.tasks):
            self.finish(task)

    def _emit(self, event: Event) -> None:
        self.tasks[event.job] = event
        if self.callback is not None:
            self.callback(event)

    def add_task(self, description: str, total: float | None = None, completed: float = 0, **_) -> int:
        event = Event(next(_ids), description, completed, total, time.monotonic())
        self._emit(event)
        return event.job

    def update(self, task: int, description: str | None = None, total: float | None = None,
               completed: float | None = None, advance: float | None = None, **_) -> None:
        event = self.tasks[task]
        changes = {k: v for k, v in (("description", description), ("total", total), ("completed", completed))
                   if v is not None}
        if advance:
            changes["completed"] = changes.get("completed", event.completed) + advance
        self._emit(replace(event, **changes))

    def advance(self, task: int, advance: float = 1) -> None:
        self.update(task, advance=advance)

    def finish(self, task: int) -> None:
        event = self.tasks.pop(task, None)
        if event is not None and self.callback is not None:
            self.callback(replace(event, finished=True))


def tracker(progress: bool | Callback | None = True) -> Tracker:
    """A Tracker for `progress`: True (the process's reporter), False/None (silent) or a callback."""
    return Tracker(_resolve(progress))


@contextmanager
def status(description: str, progress: bool | Callback | None = True):
    """A job without a count: reported while it runs (if it runs long) and when it ends."""
    with tracker(progress) as bar:
        bar.add_task(description)
        yield


class LineReporter:
    """Plain status lines on stderr (logs, pipes, CI): after `first` seconds, then every `every` seconds.

    A background thread writes the lines, so a job whose single step takes long is reported too.
    Short jobs (done before `first`) print nothing.
    """

    def __init__(self, every: float = 10.0, first: float = 2.0, stream=None):
        self.every, self.first = every, min(first, every)
        self.stream = stream  # None: sys.stderr at write time
        self._jobs: dict[int, Event] = {}
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def _write(self, text: str) -> None:
        stream = self.stream or sys.stderr
        try:
            stream.write(text + "\n")
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: progress is not worth a crash
            pass

    def __call__(self, event: Event) -> None:
        with self._lock:
            if event.finished:
                self._jobs.pop(event.job, None)
                if self._last.pop(event.job, None) is not None:  # it was reported while running: close it
                    self._write(event.line())
                return
            self._jobs[event.job] = event
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._tick, name="signbridge-progress", daemon=True)
                self._thread.start()

    def _tick(self) -> None:
        while True:
            time.sleep(min(0.5, self.first / 2))
            with self._lock:
                if not self._jobs:
                    self._thread = None
                    return
                now = time.monotonic()
                for job, event in self._jobs.items():
                    last = self._last.get(job)
                    due = event.started + self.first if last is None else last + self.every
                    if now >= due:
                        self._last[job] = now
                        self._write(event.line())


__all__ = ["Event", "Callback", "Tracker", "tracker", "status", "set_reporter", "LineReporter"]
