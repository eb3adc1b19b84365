"""Descriptions of a manual alphabet's letters, for letter recognition (SLR dataset (a)).

Each letter that the signwriting package spells for the language is read from its SignWriting
(FSW) by the same rule-based reader as dictionary signs (`offline.describe_entries`): handshape
group, palm, plane, arrows, contact. Labels are the letters as the pose alphabet writes them.
SignWriting fingerspelling is read by symbol group only, so letters sharing a handshape group and
palm get the same part texts; the global text names the letter.
"""

from __future__ import annotations

from pathlib import Path

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.settings import Settings
from signbridge.tools.describe.core import resolve_language
from signbridge.tools.describe.offline import describe_entries
from signbridge.tools.describe.types import Description


def describe_letters(language: str) -> list[Description]:
    """One Description per SignWriting letter of the language (grounded in its FSW)."""
    from signbridge.knowledge.sources.fingerspelling import signwriting_letter_entries

    code, name = resolve_language(language)
    entries = [e for e in signwriting_letter_entries() if e.language == code and e.words and e.words[0].isalpha()]
    if not entries:
        from signbridge.knowledge.fingerspelling import signwriting_languages

        raise InputError(f"the signwriting package has no fingerspelling alphabet for {name} ({code}); "
                         f"it has: {', '.join(signwriting_languages())}")
    return [describe_entries(e.words[0], code, name, [e]) for e in entries]


def write_letters(language: str, out_path: str | Path, settings: Settings) -> tuple[Path, int]:
    """Write the letter descriptions as describe rows (JSONL, one per letter) -> (path, rows)."""
    import json

    from signbridge.knowledge.atomic import atomic_write_text
    from signbridge.tools.describe.vocab import output_path

    rows = describe_letters(language)
    out = output_path(out_path, settings)
    atomic_write_text(out, "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in rows))
    return out, len(rows)
