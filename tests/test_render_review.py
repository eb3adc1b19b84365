"""Review fixes for what people look at: hand colours, label layout, PNG glyph bounds, HTML and report layout."""

import re

import numpy as np

from signbridge.tools.render.animation import LEFT_HAND, RIGHT_HAND, AnimationConfig, project
from signbridge.tools.render.signwriting_svg import _sign_extent, _parse, signs_to_image, signs_to_svg

# GUTEN-MORGEN from the DGS dictionary: its FSW box (M573x547) is smaller than its chin glyph
GUTEN_MORGEN = ("M573x547S30004482x482S15d09476x519S15d01504x519S28911452x492S28909520x490S15d00554x483"
                "S15d08432x485S1ce10394x497S26500385x487S2fb00496x541")
ANNA = "M511x548S1f720488x451S11950485x471S11950485x502S1f720488x533"


def _hue(rgb):
    import colorsys

    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb))[0] * 360


def test_hands_have_disjoint_colour_families():
    assert not set(RIGHT_HAND) & set(LEFT_HAND)
    warm = [_hue(c) for c in RIGHT_HAND]
    cool = [_hue(c) for c in LEFT_HAND]
    assert all(h < 60 or h > 300 for h in warm), warm  # reds, oranges, golds, pinks, browns
    assert all(90 < h < 270 for h in cool), cool  # greens, teals, blues, indigos


def test_projection_keeps_the_signer_facing_the_viewer():
    from signbridge.knowledge.fingerspelling import spell_pose

    pose = spell_pose("ab", "gsg")
    xy, visible, (w, h) = project(pose, AnimationConfig(size=128))
    names = [(c.name, p) for c in pose.header.components for p in c.points]
    right = names.index(("POSE_LANDMARKS", "RIGHT_SHOULDER"))
    left = names.index(("POSE_LANDMARKS", "LEFT_SHOULDER"))
    # not mirrored: the signer's right shoulder is on the viewer's left, and inside the frame
    assert (xy[:, right, 0] < xy[:, left, 0]).mean() > 0.95
    both = visible[:, [right, left]].all(axis=1)
    assert ((xy[both][:, [right, left]] >= 0) & (xy[both][:, [right, left]] < 4 * max(w, h))).all()


def _text_spans(svg):
    """(centre x in document units, label) of every label, with the group offsets applied."""
    return [(float(g) + float(x), t) for g, x, t in
            re.findall(r'<g transform="translate\(([-\d.]+) 0\)"><g [^>]*>.*?</g><text x="([-\d.]+)"[^>]*>([^<]*)</text>',
                       svg)]


def test_svg_labels_wider_than_their_sign_do_not_overlap():
    svg = signs_to_svg([ANNA, ANNA], ["CONSTANTINOPLE", "B"])
    spans = _text_spans(svg)
    assert [t for _, t in spans] == ["CONSTANTINOPLE", "B"]
    (x1, t1), (x2, _) = spans
    assert x2 - x1 > 0.6 * 11 * len(t1) / 2 + 11  # second label starts after the first one ends
    assert x1 - 0.6 * 11 * len(t1) / 2 >= -8  # the long label is inside the viewBox


def test_png_labels_are_not_cut_and_glyphs_not_cropped():
    narrow = signs_to_image([ANNA], ["CONSTANTINOPLE"])
    plain = signs_to_image([ANNA], ["A"])
    assert narrow.width > plain.width + 50  # the slot widened to the label
    ink = np.asarray(narrow.convert("L")) < 128
    cols = np.where(ink.any(axis=0))[0]
    assert cols.min() > 2 and cols.max() < narrow.width - 3  # nothing touches the edges
    # the chin glyph below the FSW box is drawn in full: the sign is as tall as its glyph outlines
    x0, y0, x1, y1 = _sign_extent(_parse(GUTEN_MORGEN))
    image = signs_to_image([GUTEN_MORGEN])
    # (the FSW box would make it 65 px tall at zoom 1 and cut the arc's last row; glyph sizes give 66)
    assert image.height - 32 >= 2 * (y1 - y0) + 2


def test_png_label_font_covers_greek():
    from signbridge.tools.render.signwriting_svg import _label_font

    font = _label_font("ΕΛΛΆΔΑ", 22)
    # a font that has the letters draws six distinct glyphs, not six identical "missing" boxes
    masks = {bytes(np.asarray(font.getmask(ch)).tobytes()) for ch in "ΕΛΆΔ"}
    assert len(masks) == 4


def test_html_page_without_animation_and_tall_signwriting(settings, kb):
    from signbridge.tools.production import produce

    out = settings.out_dir
    result = produce("사랑", "kvk", settings, renders=[str(out / "k.html")], kb=kb)
    page = (out / "k.html").read_text()
    assert "no animation" in page and "0 frames at 0 fps" not in page
    assert "max-height:260px" not in page and "max-height:640px" in page  # tall signs stay readable
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert result.renders


def test_failing_case_block_is_not_all_red(tmp_path, settings):
    from signbridge.evals.report import render_html, render_markdown
    from signbridge.evals.runner import run_suites
    from signbridge.evals.suites import load_suite

    path = tmp_path / "bad.yaml"
    path.write_text("name: review-bad\ndefaults: {kind: lookup, input: {language: DGS, k: 5}}\ncases:\n"
                    "  - {id: ok, input: {query: Haus}, expect: {top1: HAUS}}\n"
                    "  - {id: wrong, input: {query: Haus}, expect: {top1: BAUM}}\n", encoding="utf-8")
    run = run_suites([load_suite(path)], settings, out_root=tmp_path / "runs")
    page = render_html(run)
    # the status class sits on a span only; on the block it would paint every line red and bold
    assert "<div class='case case-fail'>" in page and "<div class='case fail'>" not in page
    assert "<span class='fail'>fail</span>" in page and "expected &#x27;BAUM&#x27;" in page
    assert "<div class='wide'><table>" in page  # wide tables scroll in their box, not the page
    assert "## Failing cases (1)" in render_markdown(run)
