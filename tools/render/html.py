"""A self-contained HTML page for one production: animation (base64 MP4), SignWriting (inline SVG),
the gloss sequence and the coverage table. No external resources, so it opens offline and can be mailed.
The video is base64-encoded straight from its file into the page, a block at a time."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from signbridge.knowledge.atomic import atomic_path

_BLOCK = 3 * 2**20  # bytes of video encoded at a time (a multiple of 3: base64 blocks join without padding)

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.3rem} .meta{color:#666;font-size:.9rem}
.glosses span{display:inline-block;margin:.15rem;padding:.2rem .5rem;border-radius:.4rem;background:#eef;font-family:monospace}
.glosses span.missing{background:#fdd} .glosses span.fingerspelling{background:#ffe9c7}
.glosses span.generated{background:#e4f5e4} video{background:#fafaf7;border:1px solid #ddd;max-width:100%}
.sw{overflow-x:auto;border:1px solid #ddd;padding:.5rem;margin:1rem 0}
.sw svg{display:block;max-width:100%;max-height:640px;width:auto;height:auto}
.legend{color:#666;font-size:.8rem} .legend span{padding:0 .4rem;border-radius:.3rem;font-family:monospace}
table{border-collapse:collapse;width:100%;font-size:.9rem} td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
.note{color:#845;font-size:.9rem}
"""


def write_page(path: Path, result, video: Path | None, signwriting_svg: str | None) -> Path:
    """Write the page to `path` (atomically); `video` is an MP4 file (or None), `signwriting_svg` an inline
    SVG document (or None). Holds one block of the video, never all of it."""
    head, tail = _page(result, video is not None, signwriting_svg)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        out.write(head)
        if video is not None:
            with open(video, "rb") as source:
                while block := source.read(_BLOCK):
                    out.write(base64.b64encode(block).decode("ascii"))
        out.write(tail)
    return Path(path)


def _page(result, video: bool, signwriting_svg: str | None) -> tuple[str, str]:
    """The HTML text before and after the video's base64 data."""
    title = f"{escape(result.text)} ({escape(result.language)})"
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>{escape(result.text)}</h1>",
             f"<p class='meta'>language {escape(result.language)} · glosser {escape(result.glosser)} · "
             + (f"{result.frames} frames at {result.fps:g} fps" if result.frames else "no animation") + "</p>"]
    by_gloss = {}
    for c in result.coverage:
        by_gloss.setdefault(c.gloss, c.source)
    parts.append("<div class='glosses'>" + "".join(
        f"<span class='{escape(by_gloss.get(g.gloss, ''))}' title='{escape(g.word)}'>{escape(g.gloss)}</span>"
        for g in result.glosses) + "</div>")
    # the chip colours, for the sources that occur (lexicon signs keep the default blue)
    legend = {"lexicon": "sign with a pose", "fingerspelling": "fingerspelled", "generated": "generated (approximate)",
              "missing": "no pose (a gap in the animation)"}
    used = [s for s in legend if s in by_gloss.values()]
    if used:
        parts.append("<p class='legend glosses'>" + " ".join(
            f"<span class='{s}'>{escape(s)}</span> {escape(legend[s])}" for s in used) + "</p>")
    cut = None
    if video:
        parts.append("<p><video autoplay loop muted playsinline controls src='data:video/mp4;base64,")
        cut = len(parts)
        parts.append("'></video></p><p class='legend'>The signer faces you: their right hand (warm colours, one per "
                     "finger) is on your left, their left hand (cool colours) on your right.</p>")
    else:
        parts.append("<p class='note'>No animation: nothing in this text could be animated.</p>")
    if signwriting_svg:
        parts.append(f"<h2>SignWriting</h2><div class='sw'>{signwriting_svg}</div>")
    rows = "".join(
        f"<tr><td>{escape(c.token)}</td><td>{escape(c.gloss)}</td><td>{escape(c.source)}</td>"
        f"<td>{escape(c.detail)}</td><td>{escape(c.provenance or '')}</td><td>{escape(c.license or '')}</td></tr>"
        for c in result.coverage)
    parts.append("<h2>Coverage</h2><table><tr><th>token</th><th>gloss</th><th>source</th><th>detail</th>"
                 f"<th>provenance</th><th>licence</th></tr>{rows}</table>")
    for note in result.notes:
        parts.append(f"<p class='note'>{escape(note)}</p>")
    parts.append("</body></html>")
    if cut is None:
        return "\n".join(parts), ""
    return "\n".join(parts[:cut]), "\n".join(parts[cut:])
