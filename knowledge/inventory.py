"""What is installed per sign language: fingerspelling poses, SignWriting fingerspelling, lexicon entries.

Lexicon counts come from the knowledge base's `stats.json` once it is built; before that, from
the built-in sources (cheap to count), so `signbridge languages` stays fast.
"""

import json
from dataclasses import dataclass, field

from signbridge.knowledge import package_data
from signbridge.knowledge.settings import Settings


@dataclass
class Inventory:
    code: str
    fingerspelling_clips: int = 0  # .pose letter clips (spoken-to-signed)
    signwriting_fingerspelling: bool = False  # SignWriting alphabet (signwriting)
    lexicon_entries: int = 0  # dictionary signs (any source)
    sources: dict[str, int] = field(default_factory=dict)  # source name -> entries

    @property
    def fingerspelling(self) -> bool:
        return self.fingerspelling_clips > 0 or self.signwriting_fingerspelling


def _builtin_lexicon_counts() -> dict[str, dict[str, int]]:
    with open(package_data.dgs_dictionary_path(), encoding="utf-8") as f:
        return {"gsg": {"signwriting-dgs": len(json.load(f))}}


def inventory(settings: Settings) -> dict[str, Inventory]:
    """code -> Inventory, for every language that has anything installed."""
    out: dict[str, Inventory] = {}

    def inv(code: str) -> Inventory:
        return out.setdefault(code, Inventory(code))

    for code, clips in package_data.fingerspelling_pose_languages().items():
        inv(code).fingerspelling_clips = clips
    for code in package_data.signwriting_fingerspelling_languages():
        inv(code).signwriting_fingerspelling = True
    stats_path = settings.index_dir / "stats.json"
    counts = None
    if stats_path.exists():
        try:
            counts = json.loads(stats_path.read_text(encoding="utf-8"))["lexicon"]
        except (ValueError, KeyError, TypeError, OSError):  # damaged: the next index open rewrites it
            counts = None
    if counts is None:
        counts = _builtin_lexicon_counts()
    for code, per_source in counts.items():
        inv(code).sources = dict(per_source)
        inv(code).lexicon_entries = sum(per_source.values())
    return out
