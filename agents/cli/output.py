"""Printing for the CLI: JSON on stdout for scripts, rich for people.

Everything printed passes one sanitiser, `terminal_safe`: text a model wrote or an imported file held
must not drive the terminal (set the window title, clear the screen, move the cursor, write the
clipboard). Human output strips escape sequences and control characters from the text (rich's own
styling is added after, so colours stay); JSON escapes them.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

_TERMINAL_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -~]?"  # any other escape (and a lone ESC)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other C0 and C1 controls (CR too: it overwrites a line); tab, LF kept
)
_C1 = re.compile(r"[\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """`text` without terminal control sequences or control characters (tabs and newlines kept).

    >>> terminal_safe("ok\\x1b]0;pwned\\x07 \\x1b[2Jdone\\r")
    'ok done'
    """
    return _TERMINAL_CONTROL.sub("", text)


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON with C1 controls escaped too (json escapes only C0; U+009B is a CSI in some terminals)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_default)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # such characters occur only inside strings


def _default(value: Any):
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data) + "\n")
    sys.stdout.flush()


def _safe_console_class():
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A rich Console whose text segments pass `terminal_safe` (rich's own control segments do not)."""

        def render_str(self, text: str, **kwargs):  # before highlighting could split a sequence apart
            return super().render_str(terminal_safe(text), **kwargs)

        def _render_buffer(self, buffer) -> str:
            return super()._render_buffer(
                seg if seg.control else Segment(terminal_safe(seg.text), seg.style, None) for seg in buffer)

    return SafeConsole


def console(**kwargs):
    return _safe_console_class()(**kwargs)


def err_console(**kwargs):
    return _safe_console_class()(stderr=True, **kwargs)


def write_err(line: str) -> None:
    """One plain line on stderr (errors), sanitised."""
    sys.stderr.write(terminal_safe(line) + "\n")
