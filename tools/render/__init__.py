"""Renders of a production, chosen by file suffix.

- `.gif`, `.mp4`: skeleton animation (`animation.py` draws, `encoders.py` streams the frames into files)
- `.svg`: SignWriting as vector glyphs; `.png`: SignWriting image (a skeleton still when the
  production has no SignWriting) (`signwriting_svg.py`)
- `.html`: one self-contained page with all of it (`html.py`)
- `.sigml`: the dictionary signs' HamNoSys as SiGML for JASigning/CWASA avatars (`sigml.py`)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write, atomic_write_bytes, atomic_write_text

FORMATS = ("gif", "mp4", "svg", "png", "html", "sigml")  # every render `render_all` writes, named by file suffix
SUFFIXES = tuple(f".{name}" for name in FORMATS)


def _signwriting(result) -> tuple[list[str], list[str]]:
    """FSW signs (one per space-separated sign) and their gloss labels, in gloss order."""
    signs, labels = [], []
    for c in result.coverage:
        if not c.signwriting:
            continue
        for i, fsw in enumerate(c.signwriting.split()):
            signs.append(fsw)
            labels.append(c.gloss if i == 0 else "")
    return signs, labels


def _write(path: Path, data: bytes | str) -> None:
    if isinstance(data, str):
        atomic_write_text(path, data)
    else:
        atomic_write_bytes(path, data)


def render_all(result, paths: list[Path], size: int = 320) -> list[Path]:
    """Write every requested render; returns the paths written. Skipped ones get a note in `result.notes`.

    The animation is drawn once, frame by frame, into every GIF and MP4 asked for (the HTML page embeds
    that MP4): memory holds a frame or two and a chunk of points, however long the production.
    """
    with tempfile.TemporaryDirectory(prefix="signbridge-render-") as tmp:
        return _render_all(result, paths, size, Path(tmp))


def _render_all(result, paths: list[Path], size: int, tmp: Path) -> list[Path]:
    from signbridge.tools.render import animation, encoders

    written: list[Path] = []
    fps = result.fps or 25.0
    skeleton = None
    animated: list[Path | None] = []  # [the MP4 (or None)] once encoded; it is shared by .mp4 and .html

    def get_skeleton():
        nonlocal skeleton
        if skeleton is None:
            skeleton = animation.Skeleton(result.pose, animation.AnimationConfig(size=size))
        return skeleton

    def animate() -> Path | None:
        """Encode the GIFs and the MP4 in one drawing pass (on the first call); returns the MP4."""
        if not animated:
            suffixes = [p.suffix.lower() for p in paths]
            gifs = [p for p, s in zip(paths, suffixes) if s == ".gif"]
            mp4 = tmp / "a.mp4" if {".mp4", ".html"} & set(suffixes) else None
            encoders.save_animation(get_skeleton(), fps, gifs=gifs, mp4=mp4)
            animated.append(mp4)
        return animated[0]

    signs, labels = _signwriting(result)
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".gif", ".mp4"):
            if result.pose is None:
                result.notes.append(f"{path.name} not written: nothing could be animated")
                continue
            video = animate()  # the GIFs are written now too
            if suffix == ".mp4":
                atomic_write(path, lambda out, video=video: shutil.copyfile(video, out))
        elif suffix == ".svg":
            if not signs:
                result.notes.append(f"{path.name} not written: no SignWriting for these signs")
                continue
            from signbridge.tools.render.signwriting_svg import render_svg

            render_svg(signs, path, labels)
        elif suffix == ".png":
            if signs:
                from signbridge.tools.render.signwriting_svg import render_png

                render_png(signs, path, labels)
            elif result.pose is not None:
                still = get_skeleton()
                encoders.save_png(still.frame(len(still) // 2), path)
                result.notes.append(f"{path.name}: no SignWriting for these signs, wrote a skeleton still instead")
            else:
                result.notes.append(f"{path.name} not written: no SignWriting and no pose")
                continue
        elif suffix == ".html":
            from signbridge.tools.render.html import write_page
            from signbridge.tools.render.signwriting_svg import signs_to_svg

            svg = signs_to_svg(signs, labels) if signs else None
            write_page(path, result, animate() if result.pose is not None else None, svg)
        elif suffix == ".sigml":
            from signbridge.tools.render.sigml import sigml

            document, left_out = sigml(result)
            if document is None:
                result.notes.append(f"{path.name} not written: no sign here has HamNoSys")
                continue
            _write(path, document)
            if left_out:
                result.notes.append(f"{path.name}: no HamNoSys for {', '.join(left_out)} (left out)")
        else:
            continue
        written.append(path)
    return written
