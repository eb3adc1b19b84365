"""python -m signbridge.knowledge.animation.signwriting_learn: the SignWriting hand -> HamNoSys handshape table.

Learned from the DGS dictionary's own parallel entries (those with both SignWriting and HamNoSys):
for each ISWA hand symbol base drawn as the right hand, the HamNoSys handshape (base form + thumb)
most often written for the dominant hand of the same sign. Kept when seen at least `MIN_SEEN` times
and agreeing in at least half of them; other symbols fall back to the ISWA group ranges in
signwriting_hands.json. Writes signwriting_hands_learned.json next to this file.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

MIN_SEEN = 2


def learn() -> dict[str, dict]:
    from signbridge.knowledge.animation.signwriting import SignWritingError, _symbols
    from signbridge.knowledge.hamnosys import parse
    from signbridge.knowledge.sources.dgs import load_dgs_entries

    seen: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for entry in load_dgs_entries():
        if not (entry.hamnosys and entry.signwriting):
            continue
        seg = parse(entry.hamnosys).segments[0]
        if not seg.dominant.handshapes:
            continue
        try:
            hands = sorted((s for s in _symbols(entry.signwriting) if 0x100 <= s[0] <= 0x204), key=lambda s: -s[3])
        except SignWritingError:
            continue
        if hands:
            hs = seg.dominant.handshapes[0]
            seen[hands[0][0]][(hs.base, hs.thumb)] += 1
    table = {}
    for base, counts in sorted(seen.items()):
        (shape, thumb), n = counts.most_common(1)[0]
        total = sum(counts.values())
        if total >= MIN_SEEN and n * 2 >= total:
            table[f"{base:03x}"] = {"base": shape, "thumb": thumb, "agree": n, "seen": total}
    return table


def main() -> None:
    table = learn()
    path = Path(__file__).with_name("signwriting_hands_learned.json")
    path.write_text(json.dumps({"_doc": __doc__.strip().splitlines()[2].strip(), "hands": table}, indent=1) + "\n",
                    encoding="utf-8")
    print(f"{len(table)} hand symbols -> {path.name}")


if __name__ == "__main__":
    main()
