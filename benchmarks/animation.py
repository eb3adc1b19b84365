"""python benchmarks/animation.py [--limit N] [--examples 5]

How much of the DGS dictionary the rule-based animator turns into motion, and whether the motion
says what the notation says, in one run:

1. success: every entry with HamNoSys (animated from HamNoSys) and every entry with SignWriting
   only (animated from SignWriting): share animated without error; the failures grouped by reason.
2. round trip (HamNoSys entries): `signbridge.evals.animation_check` reads back from each produced
   pose which fingers are straight, the body region of the hand and the main movement direction,
   and compares them with what the HamNoSys definitions say (a checker with its own tables).
   Baseline in the same run: one constant sign (flat hand in neutral space moving forward) scored
   against every entry's expectations — the agreement a pose that ignores the notation gets.
Prints shares per part and the ratio animator / baseline.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time

BASELINE_SIGN = "hamflathand hamextfingeruo hampalml hamneutralspace hammoveo"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--limit", type=int, default=0, help="only the first N entries of each kind (0 = all)")
    parser.add_argument("--examples", type=int, default=5, help="failures and disagreements shown per group")
    args = parser.parse_args(argv)

    from signbridge.evals.animation_check import check
    from signbridge.knowledge.animation import AnimationError, animate_hamnosys, animate_signwriting
    from signbridge.knowledge.hamnosys import CHAR_BY_NAME
    from signbridge.knowledge.sources.dgs import load_dgs_entries

    entries = [e for e in load_dgs_entries() if e.kind == "sign"]
    ham = [e for e in entries if e.hamnosys]
    sw_only = [e for e in entries if not e.hamnosys and e.signwriting]
    if args.limit:
        ham, sw_only = ham[:args.limit], sw_only[:args.limit]
    baseline_notation = "".join(CHAR_BY_NAME[n] for n in BASELINE_SIGN.split())
    baseline_pose = animate_hamnosys(baseline_notation).pose

    start = time.time()
    failures: dict[str, list] = {"hamnosys": [], "signwriting": []}
    agree = collections.defaultdict(list)
    base_agree = collections.defaultdict(list)
    disagree = collections.defaultdict(list)
    for entry in ham:
        try:
            pose = animate_hamnosys(entry.hamnosys).pose
        except AnimationError as error:
            failures["hamnosys"].append((entry, str(error)))
            continue
        for part, (want, found, ok) in check(entry.hamnosys, pose).items():
            agree[part].append(ok)
            if not ok:
                disagree[part].append((entry.gloss, want, found))
        for part, (_, _, ok) in check(entry.hamnosys, baseline_pose).items():
            base_agree[part].append(ok)
    for entry in sw_only:
        try:
            animate_signwriting(entry.signwriting)
        except AnimationError as error:
            failures["signwriting"].append((entry, str(error)))
    seconds = time.time() - start

    print(f"DGS dictionary: {len(ham)} entries with HamNoSys, {len(sw_only)} with SignWriting only "
          f"({seconds:.0f} s, {1000 * seconds / max(1, len(ham) + len(sw_only)):.0f} ms per sign)")
    for kind, total in (("hamnosys", len(ham)), ("signwriting", len(sw_only))):
        failed = failures[kind]
        print(f"  animated from {kind}: {total - len(failed)}/{total} = {100 * (total - len(failed)) / max(1, total):.1f} %")
        for reason, n in collections.Counter(r for _, r in failed).most_common():
            names = ", ".join(e.gloss for e, r in failed if r == reason)
            print(f"    not animated ({n}): {reason} — {names[:160]}")
    print("round trip over the HamNoSys entries (agreement with the notation; baseline = one constant sign):")
    for part in ("fingers", "region", "direction"):
        ok, base = agree[part], base_agree[part]
        share, base_share = sum(ok) / max(1, len(ok)), sum(base) / max(1, len(base))
        ratio = share / base_share if base_share else float("inf")
        print(f"  {part:9s} {sum(ok)}/{len(ok)} = {100 * share:.1f} %   baseline {100 * base_share:.1f} %   "
              f"ratio {ratio:.2f}")
        for gloss, want, found in disagree[part][:args.examples]:
            print(f"    {gloss}: expected {want}, read back {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
