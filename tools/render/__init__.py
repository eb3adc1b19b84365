"""Renders of a production, chosen by file suffix.

- `.gif`, `.mp4`: skeleton animation (`animation.py`)
- `.svg`: SignWriting as vector glyphs; `.png`: SignWriting image (a skeleton still when the
  production has no SignWriting) (`signwriting_svg.py`)
- `.html`: one self-contained page with all of it (`html.py`)
- `.sigml`: the dictionary signs' HamNoSys as SiGML for JASigning/CWASA avatars (`sigml.py`)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write_bytes, atomic_write_text

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
    """Write every requested render; returns the paths written. Skipped ones get a note in `result.notes`."""
    from signbridge.tools.render import animation

    written: list[Path] = []
    frames = None
    fps = result.fps or 25.0

    def get_frames():
        nonlocal frames
        if frames is None:
            frames = animation.render_frames(result.pose, animation.AnimationConfig(size=size))
        return frames

    video: bytes | None = None

    def get_video() -> bytes:  # encoded once, shared by .mp4 and .html
        nonlocal video
        if video is None:
            with tempfile.TemporaryDirectory() as tmp:
                video = animation.save_mp4(get_frames(), Path(tmp) / "a.mp4", fps).read_bytes()
        return video

    signs, labels = _signwriting(result)
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".gif", ".mp4"):
            if result.pose is None:
                result.notes.append(f"{path.name} not written: nothing could be animated")
                continue
            if suffix == ".gif":
                animation.save_gif(get_frames(), path, fps)
            else:
                _write(path, get_video())
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
                animation.save_png_frame(get_frames(), path)
                result.notes.append(f"{path.name}: no SignWriting for these signs, wrote a skeleton still instead")
            else:
                result.notes.append(f"{path.name} not written: no SignWriting and no pose")
                continue
        elif suffix == ".html":
            from signbridge.tools.render.html import page
            from signbridge.tools.render.signwriting_svg import signs_to_svg

            svg = signs_to_svg(signs, labels) if signs else None
            _write(path, page(result, get_video() if result.pose is not None else None, svg))
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
