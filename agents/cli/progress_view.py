"""How progress looks on the command line: rich bars on a terminal, plain status lines otherwise.

The library only reports events (knowledge/progress.py); `install()` picks the reporter once per
process, from the settings: `LineReporter` every `Settings.progress_every` seconds when stderr is
not a terminal (logs, pipes, CI), a rich bar per running job when it is.
"""

from __future__ import annotations

import sys
import threading

from signbridge.knowledge.progress import Event, LineReporter, set_reporter


class RichReporter:
    """One rich bar per running job, on stderr; the display closes when the last job ends."""

    def __init__(self):
        self._progress = None
        self._tasks: dict[int, int] = {}  # event job -> rich task
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if event.finished:
                task = self._tasks.pop(event.job, None)
                if task is not None and self._progress is not None:
                    self._progress.update(task, completed=event.total or event.completed, description=event.description)
                    self._progress.stop_task(task)
                if not self._tasks and self._progress is not None:
                    self._progress.stop()
                    self._progress = None
                return
            if self._progress is None:
                self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                          MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                                          transient=False)
                self._progress.start()
            task = self._tasks.get(event.job)
            if task is None:
                self._tasks[event.job] = self._progress.add_task(event.description, total=event.total,
                                                                 completed=event.completed)
            else:
                self._progress.update(task, description=event.description, total=event.total,
                                      completed=event.completed)


_installed = {"done": False}


def install(settings) -> None:
    """Choose the process's reporter (once)."""
    if _installed["done"]:
        return
    _installed["done"] = True
    terminal = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    set_reporter(RichReporter() if terminal else LineReporter(every=settings.progress_every))
