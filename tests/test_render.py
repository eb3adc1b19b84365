"""Renders: GIF and browser-playable MP4 with many frames, vector SVG SignWriting, PNG, HTML page."""

import re

import av
import numpy as np
import pytest
from PIL import Image

from signbridge.knowledge.fingerspelling import signwriting_spell, spell_pose
from signbridge.tools.production import ProductionConfig, fingerspell, produce
from signbridge.tools.render.animation import AnimationConfig, render_frames
from signbridge.tools.render.signwriting_svg import signs_to_svg

SMALL = ProductionConfig(render_size=96)


@pytest.fixture(scope="module")
def pose():
    return spell_pose("ab", "gsg")


def test_frames_show_a_skeleton(pose):
    frames = render_frames(pose, AnimationConfig(size=96))
    assert frames.shape[0] == len(pose.body.data) and frames.shape[-1] == 3
    h, w = frames.shape[1:3]
    assert max(h, w) <= 98 and h % 2 == 0 and w % 2 == 0
    ink = (frames.astype(int).sum(-1) < 600).mean(axis=(1, 2))  # share of drawn pixels per frame
    assert (ink > 0.01).all()
    assert np.abs(frames[0].astype(int) - frames[len(frames) // 2]).sum() > 0  # it moves


def test_gif_mp4_png_svg_html(settings):
    result = fingerspell("Hallo", "gsg", settings, config=SMALL,
                         renders=["r/a.gif", "r/a.mp4", "r/a.svg", "r/a.png", "r/a.html"])
    gif, mp4, svg, png, html = result.renders
    assert all(p.exists() for p in result.renders)
    with Image.open(gif) as image:
        assert image.n_frames > 40  # identical consecutive frames (holds) are merged by the encoder
        assert image.info["duration"] == 40
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and stream.codec_context.pix_fmt == "yuv420p"
        assert stream.width % 2 == 0 and stream.height % 2 == 0
        decoded = sum(1 for _ in container.decode(video=0))
    assert decoded == result.frames
    head = mp4.read_bytes()[:200]
    assert head.find(b"moov") != -1 and head.find(b"moov") < 100  # +faststart: index before the data
    text = svg.read_text()
    assert text.startswith("<svg") and text.count("<path") >= 5 and "<image" not in text
    assert "HALLO" in text
    with Image.open(png) as image:
        assert image.width > 50 and image.height > 50
    page = html.read_text()
    assert "data:video/mp4;base64," in page and "<svg" in page and "fingerspelling" in page and "HALLO" in page


def test_svg_draws_fill_under_line_glyphs():
    [fsw] = signwriting_spell("a", "gsg")
    svg = signs_to_svg([fsw, "M525x535S2e748483x510S10011501x466S2e704510x500S10019476x475"], ["A", "B"])
    paths = re.findall(r'<path transform="translate\(([-\d.]+) ([-\d.]+)\) scale\(0.1 -0.1\)" fill="(#\w+)"', svg)
    assert paths and {fill for *_, fill in paths} == {"#ffffff", "#000000"}
    # each symbol's white fill is painted just before its black line (as signwriting's visualiser does)
    pairs = [(a, b) for a, b in zip(paths, paths[1:]) if a[2] == "#ffffff"]
    assert pairs and all(a[:2] == b[:2] and b[2] == "#000000" for a, b in pairs)
    w, h = (float(v) for v in re.search(r'viewBox="-8 -8 ([\d.]+) ([\d.]+)"', svg).groups())
    assert 40 < w < 200 and 30 < h < 200


def test_png_falls_back_to_a_skeleton_still_without_signwriting(settings):
    result = fingerspell("Merhaba", "tsm", settings, config=SMALL, renders=["m.png"])  # no TİD SignWriting
    assert result.renders and any("skeleton still" in n for n in result.notes)
    with Image.open(result.renders[0]) as image:
        assert image.size[0] > 10


def test_dictionary_signwriting_rendered_for_signs_without_pose(settings, kb):
    result = produce("Haus", "gsg", settings, config=SMALL, renders=["haus.svg", "haus.gif"], kb=kb)
    assert [p.name for p in result.renders] == ["haus.svg", "haus.gif"]  # the GIF: animated from HamNoSys
    with Image.open(result.renders[1]) as gif:
        assert gif.n_frames > 10
    svg = result.renders[0].read_text()
    assert "HAUS" in svg and svg.count("<path") >= 2
