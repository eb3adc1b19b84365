"""Dictionary entries -> animations: HamNoSys preferred, SignWriting otherwise; every DGS entry in turn."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from signbridge.knowledge.animation.animate import Animation, animate_hamnosys, animate_signwriting
from signbridge.knowledge.animation.config import AnimationConfig
from signbridge.knowledge.animation.types import AnimationError


@dataclass
class AnimatedEntry:
    entry: object  # LexiconEntry
    animation: Animation


def animation_for(entry, config: AnimationConfig | None = None) -> Animation:
    """The entry's animation (HamNoSys when it has it, else SignWriting); AnimationError when neither works."""
    if entry.hamnosys:
        return animate_hamnosys(entry.hamnosys, config)
    if entry.signwriting:
        return animate_signwriting(entry.signwriting, config)
    raise AnimationError("the entry has neither HamNoSys nor SignWriting")


def animate_entry(entry, config: AnimationConfig | None = None):
    """A dictionary entry -> `pose_format.Pose` (Holistic, 586 points); raises AnimationError."""
    return animation_for(entry, config).pose


def iter_animations(entries: Iterable | None = None, config: AnimationConfig | None = None,
                    errors: list | None = None) -> Iterator[AnimatedEntry]:
    """Every entry that animates (default: the DGS dictionary); failures go to `errors` as (entry, reason)."""
    if entries is None:
        from signbridge.knowledge.sources.dgs import load_dgs_entries

        entries = [e for e in load_dgs_entries() if e.kind == "sign"]
    for entry in entries:
        try:
            yield AnimatedEntry(entry, animation_for(entry, config))
        except AnimationError as error:
            if errors is not None:
                errors.append((entry, str(error)))
