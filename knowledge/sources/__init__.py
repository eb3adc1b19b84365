"""Built-in lexicon sources: real data shipped inside installed packages (no download).

Each source is a name plus a loader returning `LexiconEntry`s; `builtin_fingerprint()` changes when
a package version or our parsing changes, so the knowledge base knows to rebuild them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from signbridge.knowledge import package_data
from signbridge.knowledge.types import LexiconEntry

PARSER_VERSION = 3  # bump when a loader's output changes


@dataclass(frozen=True)
class BuiltinSource:
    name: str
    loader: Callable[[], list[LexiconEntry]]
    description: str


def builtin_sources() -> list[BuiltinSource]:
    from signbridge.knowledge.sources import dgs, fingerspelling

    return [
        BuiltinSource(dgs.SOURCE_NAME, dgs.load_dgs_entries, "DGS dictionary (SignWriting + HamNoSys) from signwriting"),
        BuiltinSource(fingerspelling.POSE_SOURCE, fingerspelling.pose_letter_entries,
                      "fingerspelling .pose clips from spoken-to-signed"),
        BuiltinSource(fingerspelling.SIGNWRITING_SOURCE, fingerspelling.signwriting_letter_entries,
                      "SignWriting fingerspelling alphabets from signwriting"),
    ]


def builtin_fingerprint() -> str:
    return (f"parser={PARSER_VERSION};signwriting={package_data.package_version('signwriting')};"
            f"spoken-to-signed={package_data.package_version('spoken-to-signed')}")
