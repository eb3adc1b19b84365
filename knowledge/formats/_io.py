"""Small I/O helpers shared by the converters: atomic writes, lazy numeric lines, number formatting."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from signbridge.knowledge.atomic import atomic_path  # noqa: F401  (re-exported for the converters)
from signbridge.knowledge.errors import InputError


def existing_file(path: str | Path, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} '{path}' does not exist or is not a file")
    return path


def iter_number_lines(path: str | Path, what: str) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (line number, float32 numbers) one line at a time; the file is never read whole."""
    path = existing_file(path, what)
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                try:
                    numbers = np.array(line.split(), dtype=np.float32)
                except ValueError as error:
                    bad = str(error).split(":")[-1].strip()
                    raise InputError(f"{path}:{lineno}: not a number ({bad}); is this a {what}?") from None
                yield lineno, numbers
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a text file; expected a {what}") from None


def format_numbers(values: np.ndarray, decimals: int | None) -> str:
    """Space-separated numbers: fixed `decimals`, or None for 9 significant digits (exact for float32)."""
    spec = "{:.9g}" if decimals is None else "{:.%df}" % decimals
    return " ".join(spec.format(v) for v in np.asarray(values, dtype=np.float64).ravel().tolist())
