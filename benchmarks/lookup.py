"""python benchmarks/lookup.py [--home DIR] [--repeat 5]

In-process sign lookup latency (p50/p95) on the full default knowledge base, over a mixed query set
(exact words, typos, lost umlauts, inflections, phrases, compounds, words with no entry), against a
baseline measured in the same run: a naive linear scan with difflib.get_close_matches over every
word of every sign (what a simple dictionary script does). Also reports build and open times and
how often each method returns the expected gloss first.

Without --home it builds a fresh knowledge base in a temporary folder (so the build time is real).
"""

import argparse
import difflib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (query, expected first gloss or None when there is no entry)
QUERIES = [
    ("Haus", "HAUS"), ("Licht", "LICHT"), ("Wasser", "WASSER"), ("Katze", "KATZE"), ("Vater", "VATER"),
    ("Schule", "SCHULE"), ("Auto", "AUTO"), ("Baum", "BAUM"), ("Geld", "GELD"), ("Hund", "HUND"),
    ("Lihct", "LICHT"), ("Vatre", "VATER"), ("Wasesr", "WASSER"), ("Auot", "AUTO"), ("Lehrerr", "LEHRER"),
    ("Rucken", "RÜCKEN"), ("Ruecken", "RÜCKEN"), ("Kaese", "KÄSE"), ("kampfen", "KÄMPFEN"), ("Lowe", "LÖWE"),
    ("spielt", "SPIELEN"), ("Lehrers", "LEHRER"), ("Bäume", "BAUM"), ("Häuser", "HAUS"), ("gehst", "GEHEN"),
    ("guten Morgen", "GUTEN-MORGEN"), ("Hausfrau", "HAUSFRAU"), ("Malaysia", "MALAYSIA"), ("Schulen", "SCHULE"),
    ("Raumstation", None), ("Quantencomputer", None), ("Tich", None), ("house", None), ("Laus", None),
]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def baseline_index(kb):
    words = {}
    for entry in kb.entries(language="gsg", kind="sign"):
        for word in [*entry.words, entry.gloss]:
            words.setdefault(word.lower(), entry.gloss)
    return words


def baseline_lookup(words, query):
    match = difflib.get_close_matches(query.lower(), list(words), n=1, cutoff=0.75)
    return words[match[0]] if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--home", type=Path, help="an existing SIGNBRIDGE_HOME (default: a fresh temp one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from signbridge.knowledge.lookup import lookup
    from signbridge.knowledge.settings import Settings
    from signbridge.knowledge.store import KnowledgeBase

    tmp = None
    if args.home is None:
        tmp = tempfile.TemporaryDirectory()
        args.home = Path(tmp.name)
    settings = Settings(home=args.home)
    start = time.perf_counter()
    kb = KnowledgeBase.open(settings, progress=False)
    build = time.perf_counter() - start
    kb.close()
    start = time.perf_counter()
    kb = KnowledgeBase.open(settings, progress=False)
    reopen = time.perf_counter() - start
    print(f"knowledge base: {len(kb)} entries ({kb.stats()['signs']} signs); first open/build {build:.2f} s, "
          f"reopen {reopen * 1000:.0f} ms")

    lookup("warm up", "gsg", kb=kb)  # loads the lemmatiser once
    words = baseline_index(kb)
    ours, base, ours_ok, base_ok = [], [], 0, 0
    for _ in range(args.repeat):
        for query, expected in QUERIES:
            t = time.perf_counter()
            result = lookup(query, "gsg", k=5, kb=kb)
            ours.append(time.perf_counter() - t)
            top = next((h for h in result.hits if h.confident), None)
            ours_ok += (top.entry.gloss if top else None) == expected
            t = time.perf_counter()
            got = baseline_lookup(words, query)
            base.append(time.perf_counter() - t)
            base_ok += got == expected
    n = len(QUERIES) * args.repeat
    p50, p95, b50, b95 = (percentile(ours, 50), percentile(ours, 95), percentile(base, 50), percentile(base, 95))
    print(f"{len(QUERIES)} queries x {args.repeat}")
    print(f"  signbridge lookup : p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
          f"correct confident top hit (or none when no entry) {ours_ok / n:.0%}")
    print(f"  difflib scan      : p50 {b50 * 1000:6.1f} ms  p95 {b95 * 1000:6.1f} ms  "
          f"correct top match (or none) {base_ok / n:.0%}")
    print(f"  ratio (ours / baseline): p50 {p50 / b50:.2f}x  p95 {p95 / b95:.2f}x")
    print(f"  target p50 < 50 ms: {'met' if p50 < 0.05 else 'NOT met'}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
