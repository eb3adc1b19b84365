"""Plain-English text for a parsed HamNoSys sign (rule-based; every phrase comes from a symbol).

The words are in `hamnosys_words`, the phrases for directions, handshapes and placements in
`hamnosys_phrases`; this module puts them together per hand, movement and segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from signbridge.knowledge.hamnosys import HamNoSysSign, HandConfig, Motion, Placement, SignSegment, Handshape
from signbridge.knowledge.hamnosys import selected_fingers
from signbridge.knowledge.hamnosys.geometry import AXIS_ORDER as _ORDER
from signbridge.knowledge.hamnosys.geometry import palm_direction
from signbridge.knowledge.hamnosys.geometry import vector as _vector  # noqa: F401  (kept importable here)
from signbridge.knowledge.hamnosys.symbols import BODY_SITES, FACE_SITES, MOUTH_SITES
from signbridge.tools.describe.hamnosys_phrases import (_between, _site_text, directions, handshape_text,
                                                        placement_text)
from signbridge.tools.describe.hamnosys_words import (_SHORT_AXIS, FINGER, MODIFIER, REPEAT, SHORT_SHAPE, WRIST)



@dataclass
class HandText:
    shape: str = ""
    orientation: str = ""
    where: list[str] = field(default_factory=list)


def _config_text(config: HandConfig, mirror: bool, fingers: list[str] | None = None) -> HandText:
    """Shape and orientation text; `fingers`: the finger direction in force when the config gives none."""
    out = HandText()
    if config.handshapes:
        out.shape = _between([handshape_text(h) for h in config.handshapes])
    bits = []
    if config.finger_direction:
        bits.append("extended fingers pointing " + directions(config.finger_direction, mirror))
    if config.palm:
        efd = config.finger_direction or fingers or []
        bits.append("palm facing " + directions([palm_direction(c, efd) for c in config.palm], mirror))
    out.orientation = ", ".join(bits) + (" (relative to the other hand)" if config.relative and bits else "")
    return out


def _motion_text(m: Motion, two_handed: bool, symmetry: str | None, home: Placement | None = None,
                 same_hands: bool = False, fingers: list[str] | None = None) -> str:
    """One movement clause; `home` is where the hand started (a bare end contact touches it).

    `same_hands`: a change done by the hands of the previous movement at the same time, worded
    without repeating the subject ("..., while changing to a fist").
    """
    mods = [MODIFIER[x] for x in m.modifiers if x in MODIFIER]
    size = [x for x in mods if x in ("small", "large", "fast", "slow", "tense", "relaxed")]
    path = [x for x in mods if x not in size]
    who = {"dominant": "the right hand" if two_handed else "the hand", "nondominant": "the left hand",
           "both": "both hands"}[m.hands]
    adj = (" ".join(size) + " ") if size else ""
    if m.kind == "straight":
        code = (m.symbol or "")[len("hammove"):]
        codes = [code] + [b[len("hammove"):] for b in m.between if b.startswith("hammove")]
        text = f"{who} make{'s' if m.hands != 'both' else ''} a {adj}movement {directions(codes)}"
        if m.hands == "both" and symmetry == "hamsymmlr" and any(c in code for c in "lr"):
            text += " (mirrored for the left hand)"
    elif m.kind == "circle":
        code = (m.symbol or "")[len("hamcircle"):]
        codes = [code] + [b[len("hamcircle"):] for b in m.between if b.startswith("hamcircle")]
        text = f"{who} move{'s' if m.hands != 'both' else ''} in a {adj}circle, starting {directions(codes)}"
    elif m.kind == "wrist":
        text = f"{WRIST.get(m.symbol or '', 'the wrist moves')}" + (f" ({', '.join(size)})" if size else "")
        if two_handed:
            text = f"{who}: {text}"
    elif m.kind == "cross":
        text = f"{who} make{'s' if m.hands != 'both' else ''} a {adj}crossing movement"
    elif m.kind == "none":
        text = f"{who} stay{'s' if m.hands != 'both' else ''} still"
    else:  # a change of handshape/orientation
        change = _config_text(m.change or HandConfig(), mirror=False, fingers=fingers)
        verb_s = "s" if m.hands != "both" else ""
        change_verb, turn_verb = ("changing", "turning") if same_hands else (f"change{verb_s}", f"turn{verb_s}")
        subject = "" if same_hands else who + " "
        parts = []
        if change.shape:
            shape = ("a handshape " if change.shape.startswith("between ") else "") + change.shape
            parts.append(f"{subject}{change_verb} to {shape}")
        if change.orientation:
            turn = f"{turn_verb} (now {change.orientation})"
            parts.append(turn if parts else subject + turn)
        text = " and ".join(parts) if parts else f"{subject}{change_verb}"
        if path or size:
            text += ", " + ", ".join(size + path)
        return text + _ending(m, two_handed, home)
    if path:
        text += " " + ", ".join(path)
    return text + _ending(m, two_handed, home)


def _ending(m: Motion, two_handed: bool, home: Placement | None) -> str:
    """', ending touching the chin' for a movement (or change) with an end location."""
    target = m.target
    if target is None or target.empty():
        return ""
    if (target.contact and not (target.sites or target.other_parts or target.mutual) and not two_handed
            and home is not None and home.sites):
        # one hand, a bare contact at the end ("hamchin hamclose hammovei hamtouch"): it touches
        # the site the hand started at
        target = Placement(sites=list(home.sites), sides=list(home.sides), contact=target.contact,
                           hand_parts=list(target.hand_parts), between=home.between)
    text = placement_text(target, m.hands, two_handed)
    return ", ending " + text if text else ""




def _short_shape(hs: Handshape) -> str:
    selected = selected_fingers(hs)
    if selected:
        words = "+".join(FINGER[n].replace(" finger", "") for n in selected)
        return words + (" finger" if len(selected) == 1 else " fingers") + (
            " pinch" if "pinch" in (hs.base or "") else " C" if "cee" in (hs.base or "") else "")
    return SHORT_SHAPE.get(hs.base or "", "hand")


def _short_dir(code: str) -> str:
    letters = sorted((c for c in code if c in _SHORT_AXIS), key=_ORDER.index)
    return "-".join(_SHORT_AXIS[c] for c in letters)


def segment_compact(seg: SignSegment) -> str:
    """A terse feature list (a second, differently worded description of the same facts)."""
    bits = ["two hands" + (" mirrored" if seg.symmetry == "hamsymmlr" else " parallel" if seg.symmetry else "")
            if seg.two_handed else "one hand"]
    for label, config in (("right", seg.dominant), ("left", seg.nondominant)):
        if config.empty():
            continue
        tag = f"{label}: " if seg.two_handed and not seg.nondominant.empty() else ""
        shapes = "/".join(_short_shape(h) for h in config.handshapes)
        orient = ", ".join(filter(None, [
            config.finger_direction and "fingers " + "/".join(_short_dir(c) for c in config.finger_direction),
            config.palm and "palm " + "/".join(_short_dir(palm_direction(c, config.finger_direction))
                                               for c in config.palm)]))
        contact = any(p.contact in ("hamtouch", "hambrushing") and not p.mutual for p in config.placements)
        mutual = any(p.contact in ("hamtouch", "hambrushing") and p.mutual for p in config.placements)
        sites = [_site_text(x, None, "dominant", contact).replace("the ", "") for p in config.placements for x in p.sites]
        where = ("touching " if contact else "hands touching at " if mutual else "at ") + " / ".join(
            dict.fromkeys(sites)) if sites else ("hands touching" if mutual else "")
        text = ", ".join(filter(None, [shapes, orient, where]))
        if text:
            bits.append(tag + text)
    for m in seg.motions:
        if m.kind == "straight":
            bits.append("moves " + _short_dir((m.symbol or "")[7:]))
        elif m.kind == "circle":
            bits.append("circles")
        elif m.kind == "wrist":
            bits.append(WRIST.get(m.symbol or "", "wrist moves").replace("the ", ""))
        elif m.kind == "change" and m.change is not None:
            bits.append("changes" + (" to " + "/".join(_short_shape(h) for h in m.change.handshapes)
                                     if m.change.handshapes else " orientation"))
        bits += [x for x in (MODIFIER.get(y, "") for y in m.modifiers) if x.startswith(("in a", "curving", "in ", "as "))]
    if seg.repetitions:
        bits.append("repeated")
    if seg.alternating:
        bits.append("alternating")
    return "; ".join(b for b in bits if b)


_TIMES = {2: "twice", 3: "three times", 4: "four times"}


def _repetitions(names: list[str]) -> list[str]:
    """Consecutive equal repetition symbols count the repetitions ("hamrepeatfromstart" x2: twice)."""
    out: list[tuple[str, int]] = []
    for name in names:
        if name not in REPEAT:
            continue
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + 1)
        else:
            out.append((name, 1))
    return [REPEAT[n] if k == 1 or "once" not in REPEAT[n] else REPEAT[n].replace("once", _TIMES.get(k, f"{k} times"))
            for n, k in out]


@dataclass
class SegmentText:
    compact: str
    right: str
    left: str
    face: list[str]
    mouth: list[str]
    body: list[str]
    movement: str
    summary: str


def segment_text(seg: SignSegment) -> SegmentText:
    two = seg.two_handed
    dom = _config_text(seg.dominant, mirror=False)
    mirror = seg.symmetry == "hamsymmlr"
    explicit_left = not seg.nondominant.empty()
    if explicit_left and seg.symmetry and not (seg.nondominant.handshapes or seg.nondominant.finger_direction):
        # symmetric sign whose bracket only placed the left hand: its shape/orientation mirror the right's
        non = _config_text(seg.dominant, mirror=mirror)
    elif explicit_left:
        non = _config_text(seg.nondominant, mirror=False)
    elif seg.symmetry:
        non = _config_text(seg.dominant, mirror=mirror)
    else:
        non = HandText()
    face, mouth, body = [], [], []

    def regions(sites: list[str], sentence: str):
        for region, names in ((face, FACE_SITES), (mouth, MOUTH_SITES), (body, BODY_SITES)):
            if sentence and any(s in names for s in sites) and sentence not in region:
                region.append(sentence)

    def where(config: HandConfig, hand: str) -> list[str]:
        out = []
        label = ("the right hand is" if hand == "dominant" else "the left hand is" if hand == "nondominant"
                 else "both hands are") if two else "the hand is"
        for p in config.placements:
            text = placement_text(p, hand, two)
            if text:
                out.append(text)
                if text.startswith("with the hands"):
                    sentence = text.replace("with the hands", "the hands are", 1)
                else:
                    sentence = f"{label} {'held ' if text.startswith('with ') else ''}{text}"
                regions(p.sites + p.other_parts, sentence)
        return out

    dom_hand = "both" if seg.symmetry and not explicit_left else "dominant"
    dom_where = where(seg.dominant, dom_hand)
    non_where = where(seg.nondominant, "nondominant") if explicit_left else []
    for m in seg.motions:
        if m.target is not None:
            regions(m.target.sites + m.target.other_parts,
                    f"the movement ends {placement_text(m.target, m.hands, two)}")

    def home(m: Motion) -> Placement | None:
        config = seg.nondominant if m.hands == "nondominant" else seg.dominant
        return next((p for p in config.placements if p.sites), None)

    def hand_sentence(label: str, ht: HandText, places: list[str], note: str = "") -> str:
        bits = [b for b in (ht.shape, ht.orientation) if b]
        if places:
            bits.append("held " + "; ".join(places))
        if not bits:
            return ""
        return f"{label}{note}: " + "; ".join(bits) + "."

    right = hand_sentence("Right (dominant) hand" if two else "Right (dominant) hand, one-handed sign",
                          dom, dom_where)
    if explicit_left:
        left = hand_sentence("Left (non-dominant) hand", non, non_where)
    elif seg.symmetry:
        how = "mirrors the right hand" if mirror else "moves in parallel with the right hand"
        left = hand_sentence("Left hand", non, dom_where, f" ({how})")
    else:
        left = ""
    movements: list[str] = []
    fingers = {"dominant": seg.dominant.finger_direction, "nondominant": seg.nondominant.finger_direction or
               seg.dominant.finger_direction}
    for k, m in enumerate(seg.motions):
        same = bool(m.simultaneous and movements and m.kind == "change" and seg.motions[k - 1].hands == m.hands)
        hand = "nondominant" if m.hands == "nondominant" else "dominant"
        text = _motion_text(m, two, seg.symmetry, home(m), same_hands=same, fingers=fingers[hand])
        if m.change is not None and m.change.finger_direction:  # later palm changes turn from here
            fingers[hand] = m.change.finger_direction
        if m.simultaneous and movements:
            movements[-1] += ", while " + text
        else:
            movements.append(text)
    if seg.alternating:
        movements.append("the hands alternate")
    movements += _repetitions(seg.repetitions)
    movements += [MODIFIER[x] for x in seg.manner if x in MODIFIER]
    movement = "; ".join(movements)
    movement = (movement[0].upper() + movement[1:] + ".") if movement else ""
    kind = "two-handed" if two else "one-handed"
    if seg.symmetry == "hamsymmlr":
        kind += ", mirror-symmetric"
    elif seg.symmetry == "hamsymmpar":
        kind += ", hands parallel"
    # handshape, orientation, location, first movement: the order a signer (and the parts) use;
    # semicolons between the components keep their own commas readable
    shape = dom.shape or non.shape
    if shape.startswith("between "):
        shape = "a handshape " + shape
    first_place = (dom_where or non_where or [""])[0]
    summary = f"A {kind} sign" + (f" with {shape}" if shape else "")
    orientation = dom.orientation or non.orientation
    if orientation:
        summary += "; " + orientation
    if first_place:
        summary += "; held " + first_place
    if seg.motions:
        summary += "; " + movements[0]
    return SegmentText(compact=segment_compact(seg), right=right, left=left, face=face, mouth=mouth, body=body, movement=movement,
                       summary=summary + ".")


def sign_text(sign: HamNoSysSign) -> list[SegmentText]:
    return [segment_text(seg) for seg in sign.segments]
