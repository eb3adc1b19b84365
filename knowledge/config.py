"""Range checks for the config dataclasses: each calls `check_fields` in its `__post_init__`, so a config
that exists is valid (a bad value from a file, a flag or code is one clear InputError, before any work).

>>> from dataclasses import dataclass
>>> @dataclass
... class Demo:
...     steps: int = 10
...     def __post_init__(self):
...         check_fields(self, positive=("steps",))
>>> Demo(steps=0)
Traceback (most recent call last):
...
signbridge.knowledge.errors.InputError: Demo.steps must be > 0 (got 0)
"""

from __future__ import annotations

from collections.abc import Iterable

from signbridge.knowledge.errors import InputError


def check_fields(config, positive: Iterable[str] = (), non_negative: Iterable[str] = (),
                 fractions: Iterable[str] = (), choices: dict[str, Iterable] | None = None) -> None:
    """Raise InputError for the first field out of range: `positive` > 0, `non_negative` >= 0,
    `fractions` in [0, 1], `choices` one of the listed values. Fields set to None are not checked."""
    name = type(config).__name__
    rules = ([(f, "> 0", lambda v: v > 0) for f in positive] + [(f, ">= 0", lambda v: v >= 0) for f in non_negative]
             + [(f, "in [0, 1]", lambda v: 0 <= v <= 1) for f in fractions])
    for field_name, text, ok in rules:
        value = getattr(config, field_name)
        if value is not None and not ok(value):
            raise InputError(f"{name}.{field_name} must be {text} (got {value!r})")
    for field_name, allowed in (choices or {}).items():
        value, allowed = getattr(config, field_name), tuple(allowed)
        if value not in allowed:
            raise InputError(f"{name}.{field_name} must be one of {', '.join(map(str, allowed))} (got {value!r})")
