"""python benchmarks/animation_montage.py [--out benchmarks/animation_montage.png] [GLOSS ...]

Frames of animated DGS dictionary signs next to their SignWriting, one row per sign: the sign's
SignWriting (rendered by the signwriting package), then frames of the animation around the movement,
with a zoomed inset of the right hand. For looking at the animator's output by eye.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

# everyday words the DGS dictionary has (HALLO, BITTE, ESSEN, ARBEIT, DEUTSCH are not in it)
EVERYDAY = ["DANKE", "HAUS", "GUT", "MORGEN", "GUTEN-MORGEN", "NAME", "LEHRER", "JA", "NEIN", "SCHULE", "TRINKEN",
            "WASSER", "FREUND", "MUTTER", "VATER", "KIND", "FRAU", "MANN", "AUTO", "HEUTE", "TAG", "LIEBE"]


def pick(entries, gloss: str):
    """The entry for a gloss: one with HamNoSys first (what production animates), else SignWriting."""
    hits = [e for e in entries if e.gloss == gloss and e.kind == "sign"]
    hits.sort(key=lambda e: (not e.hamnosys, e.variant or ""))
    return hits[0] if hits else None


def signwriting_image(fsw: str, height: int):
    from PIL import Image
    from signwriting.visualizer.visualize import signwriting_to_image

    try:
        img = signwriting_to_image(fsw).convert("RGB")
    except Exception:  # a sign the visualizer cannot draw: an empty cell
        return Image.new("RGB", (height, height), (255, 255, 255))
    scale = min(0.9 * height / img.height, 0.9 * height / img.width, 2.0)
    img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))))
    cell = Image.new("RGB", (height, height), (255, 255, 255))
    cell.paste(img, ((height - img.width) // 2, (height - img.height) // 2))
    return cell


def row(entry, animation, size: int, columns: int):
    from PIL import Image, ImageDraw

    from signbridge.tools.render.animation import AnimationConfig, render_frames

    frames = render_frames(animation.pose, AnimationConfig(size=size))  # (T, H, W, 3)
    motion = np.array([np.linalg.norm(f["right"].wrist - animation.frames[0]["right"].wrist) for f in animation.frames])
    active = np.where(motion > 0.6 * motion.max())[0]  # frames well away from rest
    lo, hi = (active[0], active[-1]) if len(active) else (0, len(frames) - 1)
    picks = np.linspace(lo, hi, columns).round().astype(int)
    h = frames.shape[1]
    sw = signwriting_image(entry.signwriting, h) if entry.signwriting else Image.new("RGB", (h, h), "white")
    out = Image.new("RGB", (h + 10 + columns * frames.shape[2], h + 22), "white")
    out.paste(sw, (0, 22))
    for k, i in enumerate(picks):
        out.paste(Image.fromarray(frames[i]), (h + 10 + k * frames.shape[2], 22))
    label = f"{entry.gloss}  ({animation.provenance}; {len(frames)} frames)"
    ImageDraw.Draw(out).text((4, 4), label, fill=(0, 0, 0))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("glosses", nargs="*", default=EVERYDAY)
    parser.add_argument("--out", default="benchmarks/animation_montage.png")
    parser.add_argument("--size", type=int, default=130)
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args(argv)
    from PIL import Image

    from signbridge.knowledge.animation import AnimationError, animation_for
    from signbridge.knowledge.sources.dgs import load_dgs_entries

    entries = load_dgs_entries()
    rows = []
    for gloss in args.glosses:
        entry = pick(entries, gloss)
        if entry is None:
            print(f"{gloss}: not in the dictionary", file=sys.stderr)
            continue
        try:
            rows.append(row(entry, animation_for(entry), args.size, args.columns))
        except AnimationError as error:
            print(f"{gloss}: not animated ({error})", file=sys.stderr)
    width = max(r.width for r in rows)
    sheet = Image.new("RGB", (width, sum(r.height for r in rows)), "white")
    y = 0
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"{len(rows)} signs -> {args.out} ({Path(args.out).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
