"""SignWriting as real vector graphics (SVG) and as an image (PNG).

SVG: every FSW symbol (e.g. `S14c20` at 481x471) is drawn from the Sutton SignWriting TrueType
fonts that the `signwriting` package ships, whose glyph names are the FSW symbol keys. A glyph's
Fill outline is painted white under its Line outline in black, as the fonts intend. Font units
are 1/10 of an FSW pixel (unitsPerEm 300 at the visualiser's 30 px) and glyphs sit below the
baseline, hence `scale(0.1, -0.1)`. Signs are laid out left to right with optional labels.

PNG: `signwriting.visualizer.visualize.signwriting_to_image` per sign, composed the same way.
"""

from __future__ import annotations

import os
from functools import lru_cache
from html import escape
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write

SCALE = 0.1  # FSW pixels per font unit
GAP = 24  # FSW pixels between signs
LABEL = 18  # label band height


@lru_cache(maxsize=2)
def _glyphs(kind: str):
    from fontTools.ttLib import TTFont

    from signbridge.knowledge.package_data import signwriting_fonts

    return TTFont(str(signwriting_fonts()[kind]), lazy=True).getGlyphSet()


@lru_cache(maxsize=1)
def _outline_store():
    """SQLite cache of outlines already drawn (reading a font costs seconds a process), or None."""
    import sqlite3

    from signbridge.knowledge.disk_cache import folder
    from signbridge.knowledge.package_data import package_version

    where = folder("signwriting")
    if where is None:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(where / f"outlines-{package_version('signwriting')}.sqlite", timeout=5,
                             check_same_thread=False)
        db.execute("CREATE TABLE IF NOT EXISTS outlines (kind TEXT, key TEXT, path TEXT, bounds TEXT, "
                   "PRIMARY KEY (kind, key)) WITHOUT ROWID")
        return db
    except (OSError, sqlite3.Error):
        return None


@lru_cache(maxsize=4096)
def glyph_path(kind: str, key: str) -> tuple[str, tuple[float, float, float, float] | None]:
    """SVG path data of a symbol in font units and its bounds (xmin, ymin, xmax, ymax), or ('', None)."""
    import json
    import sqlite3

    store = _outline_store()
    if store is not None:
        try:
            row = store.execute("SELECT path, bounds FROM outlines WHERE kind=? AND key=?", (kind, key)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            bounds = json.loads(row[1])
            return row[0], tuple(bounds) if bounds else None
    path, bounds = _draw(kind, key)
    if store is not None:
        try:
            with store:
                store.execute("INSERT OR REPLACE INTO outlines VALUES (?, ?, ?, ?)",
                              (kind, key, path, json.dumps(list(bounds) if bounds else None)))
        except sqlite3.Error:  # another process holds the lock: the next one stores it
            pass
    return path, bounds


def _draw(kind: str, key: str) -> tuple[str, tuple[float, float, float, float] | None]:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen

    glyphs = _glyphs(kind)
    if key not in glyphs:
        return "", None
    pen, bounds = SVGPathPen(glyphs), BoundsPen(glyphs)
    glyphs[key].draw(pen)
    glyphs[key].draw(bounds)
    return pen.getCommands(), bounds.bounds


def _parse(fsw: str) -> list[tuple[str, int, int]]:
    from signwriting.formats.fsw_to_sign import fsw_to_sign

    sign = fsw_to_sign(fsw)
    return [(s["symbol"], int(s["position"][0]), int(s["position"][1])) for s in sign["symbols"]]


def _sign_extent(symbols: list[tuple[str, int, int]]) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) in FSW pixels, from the glyph outlines."""
    xs, ys = [], []
    for key, x, y in symbols:
        _, bounds = glyph_path("line", key)
        if bounds is None:
            continue
        x0, y0, x1, y1 = bounds
        xs += [x + x0 * SCALE, x + x1 * SCALE]
        ys += [y - y1 * SCALE, y - y0 * SCALE]
    if not xs:
        return 0, 0, 1, 1
    return min(xs), min(ys), max(xs), max(ys)


LABEL_FONT_SIZE = 11  # FSW pixels


def _label_width(text: str) -> float:
    """Generous width estimate of a label in FSW pixels (sans-serif capitals ~0.7 em, CJK 1 em)."""
    return sum(LABEL_FONT_SIZE * (1.0 if ord(ch) > 0x2E80 else 0.72) for ch in text) + (4 if text else 0)


def signs_to_svg(fsws: list[str], labels: list[str] | None = None, height: int | None = None) -> str:
    """An SVG document with the signs left to right (vector glyph outlines, no fonts needed)."""
    groups, cursor, tallest = [], 0.0, 1.0
    parsed = []
    for fsw in fsws:
        symbols = _parse(fsw)
        extent = _sign_extent(symbols)
        parsed.append((symbols, extent))
        tallest = max(tallest, extent[3] - extent[1])
    for i, (symbols, (x0, y0, x1, y1)) in enumerate(parsed):
        width = max(x1 - x0, 1.0)
        text = labels[i] if labels and i < len(labels) else ""
        # a slot as wide as the sign or its label, whichever is wider, so labels never overlap
        slot = max(width, _label_width(text))
        parts = []
        for key, x, y in symbols:  # per symbol: white fill, then black line (later symbols on top)
            for kind, colour in (("fill", "#ffffff"), ("line", "#000000")):
                d, _ = glyph_path(kind, key)
                if d:
                    parts.append(f'<path transform="translate({x - x0:g} {y - y0:g}) scale({SCALE} -{SCALE})" '
                                 f'fill="{colour}" d="{d}"/>')
        top = (tallest - (y1 - y0)) / 2
        label = ""
        if text:
            label = (f'<text x="{slot / 2:g}" y="{tallest + LABEL - 4:g}" font-family="sans-serif" '
                     f'font-size="{LABEL_FONT_SIZE}" text-anchor="middle" fill="#333">{escape(text)}</text>')
        groups.append(f'<g transform="translate({cursor:g} 0)"><g transform="translate({(slot - width) / 2:g} {top:g})">'
                      f'{"".join(parts)}</g>{label}</g>')
        cursor += slot + GAP
    total_w = max(cursor - GAP, 1.0) + 2 * 8
    total_h = tallest + (LABEL if labels else 0) + 2 * 8
    zoom = (height / total_h) if height else 2.0
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-8 -8 {total_w:g} {total_h:g}" '
            f'width="{total_w * zoom:.0f}" height="{total_h * zoom:.0f}">'
            f'<rect x="-8" y="-8" width="{total_w:g}" height="{total_h:g}" fill="#ffffff"/>'
            f'{"".join(groups)}</svg>')


def render_svg(fsws: list[str], path: Path, labels: list[str] | None = None) -> Path:
    svg = signs_to_svg(fsws, labels)
    return atomic_write(path, lambda tmp: tmp.write_text(svg, encoding="utf-8"))


# TrueType fonts tried, in order, for PNG labels; the first that has every character of a label wins
# (Pillow's built-in font has Latin only, so Hangul, Greek or Cyrillic glosses would come out as boxes).
LABEL_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@lru_cache(maxsize=16)
def _font_chars(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        return frozenset(font.getBestCmap() or ())
    except Exception:  # unreadable or not a font: never covers anything
        return frozenset()


def _label_font(text: str, size: int):
    """A PIL font that can draw `text`: matplotlib's DejaVu Sans or a system font, else Pillow's default."""
    from PIL import ImageFont

    candidates = list(LABEL_FONTS)
    try:  # matplotlib ships DejaVu Sans (Latin, Greek, Cyrillic) wherever it is installed
        import matplotlib

        candidates.insert(1, str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"))
    except ImportError:
        pass
    needed = {ord(ch) for ch in text if not ch.isspace()}
    for path in candidates:
        if os.path.exists(path) and needed <= _font_chars(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def signs_to_image(fsws: list[str], labels: list[str] | None = None, zoom: int = 2):
    """A white RGB PIL image with the signs left to right (signwriting's own raster visualiser)."""
    from PIL import Image, ImageDraw
    from signwriting.visualizer.visualize import signwriting_to_image

    # trust_box=False: size each sign from its glyphs; the FSW box (M...) can be smaller than them,
    # and the visualiser would then cut the glyph edges off
    images = [signwriting_to_image(fsw, trust_box=False) for fsw in fsws]
    images = [im.resize((im.width * zoom, im.height * zoom), Image.LANCZOS) for im in images]
    band = LABEL * zoom if labels else 0
    texts = [labels[i] if labels and i < len(labels) else "" for i in range(len(images))]
    fonts = [_label_font(t, LABEL_FONT_SIZE * zoom) if t else None for t in texts]
    # each sign gets a slot as wide as itself or its label, so long glosses are neither cut nor overlapping
    slots = [max(im.width, int(f.getlength(t)) + 4 * zoom if f else 0) for im, t, f in zip(images, texts, fonts)]
    width = sum(slots) + GAP * zoom * (len(images) - 1) + 32
    height = max((im.height for im in images), default=1) + band + 32
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    x = 16
    tallest = height - band - 32
    for im, slot, text, font in zip(images, slots, texts, fonts):
        canvas.paste(im, (x + (slot - im.width) // 2, 16 + (tallest - im.height) // 2), im)
        if text:
            draw.text((x + slot // 2, 16 + tallest + 4), text, fill=(50, 50, 50), anchor="mt", font=font)
        x += slot + GAP * zoom
    return canvas


def render_png(fsws: list[str], path: Path, labels: list[str] | None = None) -> Path:
    image = signs_to_image(fsws, labels)
    return atomic_write(path, lambda tmp: image.save(tmp, format="PNG"))
