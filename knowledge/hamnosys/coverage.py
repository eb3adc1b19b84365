"""Parser coverage: how many symbol occurrences of a set of HamNoSys strings land in a slot.

Run `python -m signbridge.knowledge.hamnosys` for the coverage over the DGS dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

from signbridge.knowledge.hamnosys.parse import parse


@dataclass
class Coverage:
    strings: int
    symbols: int
    understood: int
    unknown: int
    unparsed_by_name: dict[str, int]

    @property
    def ratio(self) -> float:
        return self.understood / self.symbols if self.symbols else 0.0


def coverage(notations: list[str]) -> Coverage:
    """How many symbol occurrences of these strings the parser places into slots."""
    total = understood = unknown = 0
    unparsed: dict[str, int] = {}
    for notation in notations:
        sign = parse(notation)
        total += len(sign.symbols)
        understood += sign.understood
        unknown += len(sign.unknown)
        for name in sign.unparsed:
            unparsed[name] = unparsed.get(name, 0) + 1
    return Coverage(strings=len(notations), symbols=total, understood=understood, unknown=unknown,
                    unparsed_by_name=dict(sorted(unparsed.items(), key=lambda kv: -kv[1])))


def dgs_coverage() -> Coverage:
    """Parser coverage over every HamNoSys string of the DGS dictionary shipped by `signwriting`."""
    import json

    from signbridge.knowledge.package_data import dgs_dictionary_path

    with open(dgs_dictionary_path(), encoding="utf-8") as f:
        records = json.load(f)
    return coverage([s for r in records for s in (r.get("hamnosys") or [])])
