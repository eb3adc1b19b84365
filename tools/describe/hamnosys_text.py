"""Plain-English text for a parsed HamNoSys sign (rule-based; every phrase comes from a symbol).

HamNoSys is written from the signer's point of view for a right-handed signer: the dominant hand
is the right hand. Directions: u/d = up/down, l/r = the signer's left/right, o = away from the
body (forward), i = towards the body. For the left hand of a mirrored sign (hamsymmlr) left and
right are swapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.hamnosys import HamNoSysSign, Handshape, HandConfig, Motion, Placement, SignSegment

HANDSHAPE = {
    "hamfist": "a fist", "hamflathand": "a flat hand (fingers together)",
    "hamfinger2": "the index finger extended", "hamfinger23": "index and middle fingers extended together",
    "hamfinger23spread": "index and middle fingers extended and spread (V shape)",
    "hamfinger2345": "all four fingers extended and spread",
    "hampinch12": "thumb and index finger pinched together", "hampinchall": "all fingertips pinched together with the thumb",
    "hampinch12open": "thumb and index finger in an open pinch", "hamcee12": "thumb and index finger forming a C",
    "hamceeall": "all fingers and thumb forming a C", "hamceeopen": "an open C shape",
}
THUMB = {"hamthumboutmod": "thumb extended to the side", "hamthumbacrossmod": "thumb across the fingers",
         "hamthumbopenmod": "thumb opposed (open)"}
BENDING = {"hamfingerstraightmod": "fingers straight", "hamfingerbendmod": "fingers bent at the base joints",
           "hamfingerhookmod": "fingers hooked", "hamdoublebent": "fingers double-bent",
           "hamdoublehooked": "fingers double-hooked"}
FINGER = {"hamthumb": "thumb", "hamindexfinger": "index finger", "hammiddlefinger": "middle finger",
          "hamringfinger": "ring finger", "hampinky": "little finger"}
PART = {
    "hamfingertip": "fingertip", "hamfingernail": "fingernail", "hamfingerpad": "finger pad",
    "hamfingermidjoint": "middle finger joint", "hamfingerbase": "finger base", "hamfingerside": "side of the finger",
    "hamupperarm": "upper arm", "hamelbow": "elbow", "hamelbowinside": "inside of the elbow",
    "hamlowerarm": "forearm", "hamwristback": "back of the wrist", "hamwristpulse": "pulse side of the wrist",
    "hamthumbball": "ball of the thumb", "hampalm": "palm", "hamhandback": "back of the hand",
    "hamthumbside": "thumb side of the hand", "hampinkyside": "little-finger side of the hand",
    "hamwristtopulse": "wrist (pulse side)", "hamwristtoback": "wrist (back)",
    "hamwristtothumb": "wrist (thumb side)", "hamwristtopinky": "wrist (little-finger side)",
}
PART.update(FINGER)
SITE = {
    "hamhead": "the head", "hamheadtop": "the top of the head", "hamforehead": "the forehead",
    "hameyebrows": "the eyebrows", "hameyes": "the eyes", "hamnose": "the nose", "hamnostrils": "the nostrils",
    "hamear": "the ear", "hamearlobe": "the earlobe", "hamcheek": "the cheek", "hamlips": "the lips",
    "hamtongue": "the tongue", "hamteeth": "the teeth", "hamchin": "the chin", "hamunderchin": "the area under the chin",
    "hamneck": "the neck", "hamshouldertop": "the top of the shoulder", "hamshoulders": "shoulder height",
    "hamchest": "the chest", "hamstomach": "the stomach", "hambelowstomach": "below the stomach",
    "hamneutralspace": "neutral space in front of the body",
}
FACE_SITES = {"hamhead", "hamheadtop", "hamforehead", "hameyebrows", "hameyes", "hamnose", "hamnostrils",
              "hamear", "hamearlobe", "hamcheek", "hamchin", "hamunderchin"}
MOUTH_SITES = {"hamlips", "hamtongue", "hamteeth"}
BODY_SITES = {"hamneck", "hamshouldertop", "hamshoulders", "hamchest", "hamstomach", "hambelowstomach",
              "hamupperarm", "hamelbow", "hamelbowinside", "hamlowerarm"}
CONTACT = {"hamclose": "close to", "hamtouch": "touching", "haminterlock": "interlocked with",
           "hamcross": "crossed with", "hambrushing": "brushing", "hambehind": "behind",
           "hamarmextended": "with the arm extended towards"}
WRIST = {"hamfingerplay": "the fingers wiggle", "hamnodding": "the wrist nods", "hamswinging": "the wrist swings",
         "hamtwisting": "the forearm twists", "hamstircw": "the wrist stirs clockwise",
         "hamstirccw": "the wrist stirs anticlockwise"}
MODIFIER = {
    "hamarcl": "curving to the left", "hamarcu": "curving upwards", "hamarcr": "curving to the right",
    "hamarcd": "curving downwards", "hamwavy": "in a wavy line", "hamzigzag": "in a zigzag",
    "hamellipseh": "as a horizontal ellipse", "hamellipsev": "as a vertical ellipse",
    "hamellipseur": "as a diagonal ellipse", "hamellipseul": "as a diagonal ellipse",
    "hamincreasing": "growing larger (spiral)", "hamdecreasing": "growing smaller (spiral)",
    "hamsmallmod": "small", "hamlargemod": "large", "hamfast": "fast", "hamslow": "slow",
    "hamtense": "tense", "hamrest": "relaxed", "hamhalt": "stopping abruptly",
    "hamclocku": "starting at the top", "hamclockul": "starting at the upper left", "hamclockl": "starting at the left",
    "hamclockdl": "starting at the lower left", "hamclockd": "starting at the bottom",
    "hamclockdr": "starting at the lower right", "hamclockr": "starting at the right",
    "hamclockur": "starting at the upper right", "hamclockfull": "more than a full turn",
}
REPEAT = {"hamrepeatfromstart": "repeated once from the start", "hamrepeatfromstartseveral": "repeated several times",
          "hamrepeatcontinue": "repeated, continuing from the end point",
          "hamrepeatcontinueseveral": "repeated several times, continuing from the end point",
          "hamrepeatreverse": "done back and forth"}
_AXIS = {"u": "up", "d": "down", "l": "to the left", "r": "to the right", "o": "forward (away from the body)",
         "i": "towards the body"}
_MIRROR = {"l": "r", "r": "l"}
_ORDER = "udlroi"  # vertical, then lateral, then depth


def direction(code: str, mirror: bool = False) -> str:
    """'uo' -> 'up and forward (away from the body)'; mirror swaps left and right (hamsymmlr's left hand).

    >>> direction("ol")
    'to the left and forward (away from the body)'
    """
    letters = sorted((_MIRROR.get(c, c) if mirror else c) for c in code if c in _AXIS)
    letters.sort(key=_ORDER.index)
    return " and ".join(_AXIS[c] for c in letters)


def _between(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "between " + " and ".join(values)


def handshape_text(hs: Handshape) -> str:
    text = HANDSHAPE.get(hs.base or "", "an unspecified handshape")
    extras = [THUMB[hs.thumb]] if hs.thumb in THUMB else []
    if hs.bending in BENDING:
        extras.append(BENDING[hs.bending])
    for detail in hs.details:
        words = [FINGER.get(n) or PART.get(n) or BENDING.get(n, "").replace("fingers ", "") or THUMB.get(n, "")
                 for n in detail]
        words = [w for w in words if w]
        if words:
            extras.append(" ".join(words))
    return text + (" (" + ", ".join(extras) + ")" if extras else "")


def _side_word(side: str | None, hand: str) -> str:
    if side is None:
        return "the centre"
    own = {"dominant": "right", "nondominant": "left"}.get(hand, "own")
    return f"the {own} side" if side == "hamlrat" else f"beside the body on the {own}"


def _site_text(site: str, side: str | None, hand: str, contact: bool = False) -> str:
    base = SITE.get(site) or "the " + PART.get(site, site)
    if contact and site == "hamshoulders":  # a contact is with the shoulders themselves, not a height
        base = "the shoulders"
    if side == "hamlrat":
        return f"{base}, on {'each hand' + chr(39) + 's own side' if hand == 'both' else _side_word(side, hand)}"
    if side == "hamlrbeside":
        return f"{base}, {'off to each side' if hand == 'both' else 'off to the ' + _side_word(side, hand)[-5:].strip()}"
    return base


def _parts_text(names: list[str]) -> str:
    """['hammiddlefinger', 'hamfingerpad'] -> 'the finger pad of the middle finger'."""
    out, i = [], 0
    while i < len(names):
        name = names[i]
        if name in FINGER and i + 1 < len(names) and names[i + 1] in PART and names[i + 1] not in FINGER \
                and names[i + 1].startswith("hamfinger"):
            out.append(f"the {PART[names[i + 1]]} of the {FINGER[name]}")
            i += 2
            continue
        out.append("the " + PART.get(name, name))
        i += 1
    return " and ".join(out)


def placement_text(p: Placement, hand: str, two_handed: bool = False) -> str:
    """One location phrase: 'touching the chin with the fingertip', 'in front of the chest, on the right side'."""
    same_site = p.between and len(p.sites) == 2 and p.sites[0] == p.sites[1]
    if same_site and p.sides[0] == p.sides[1]:  # "between" two identical values: just the site
        where = _site_text(p.sites[0], p.sides[0], hand, bool(p.contact) and not p.mutual)
    elif same_site:
        base = SITE.get(p.sites[0], p.sites[0])
        where = f"{base}, between {_side_word(p.sides[0], hand)} and {_side_word(p.sides[1], hand)}"
    else:
        sites = [_site_text(s, side, hand, bool(p.contact) and not p.mutual) for s, side in zip(p.sites, p.sides)]
        where = (" and ".join(sites) if not p.between else "between " + " and ".join(sites)) if sites else ""
    own_parts = _parts_text(p.hand_parts)
    other = _parts_text(p.other_parts)
    if other and two_handed:
        other += " of the other hand" if hand != "both" else " of the other hand"
    if p.contact:
        relation = CONTACT.get(p.contact, "near")
        if p.mutual:
            at = " " if p.between or where.startswith(("shoulder", "neutral")) else " in front of "
            at = " at " if where.startswith(("shoulder", "neutral")) else at
            return f"with the hands {relation} each other" + (at + where if where else "")
        if where:
            target = f"{other} at {where}" if other else where
            return f"{relation} {target}" + (f" with {own_parts}" if own_parts else "")
        target = other or ("the other hand" if two_handed else "the body")
        return f"{'with ' + own_parts + ' ' if own_parts else ''}{relation} {target}".strip()
    if own_parts:
        return f"with {own_parts} towards {other or where or 'the other hand'}"
    if where:
        if where.startswith("between"):
            return where
        return f"at {where}" if p.sites[0] in ("hamshoulders", "hamneutralspace") else f"in front of {where}"
    return f"at {other}" if other else ""


@dataclass
class HandText:
    shape: str = ""
    orientation: str = ""
    where: list[str] = field(default_factory=list)


def _config_text(config: HandConfig, mirror: bool) -> HandText:
    out = HandText()
    if config.handshapes:
        out.shape = _between([handshape_text(h) for h in config.handshapes])
    bits = []
    if config.finger_direction:
        bits.append("extended fingers pointing " + _between([direction(c, mirror) for c in config.finger_direction]))
    if config.palm:
        bits.append("palm facing " + _between([direction(c, mirror) for c in config.palm]))
    out.orientation = ", ".join(bits) + (" (relative to the other hand)" if config.relative and bits else "")
    return out


def _motion_text(m: Motion, two_handed: bool, symmetry: str | None) -> str:
    mods = [MODIFIER[x] for x in m.modifiers if x in MODIFIER]
    size = [x for x in mods if x in ("small", "large", "fast", "slow", "tense", "relaxed")]
    path = [x for x in mods if x not in size]
    who = {"dominant": "the right hand" if two_handed else "the hand", "nondominant": "the left hand",
           "both": "both hands"}[m.hands]
    adj = (" ".join(size) + " ") if size else ""
    if m.kind == "straight":
        code = (m.symbol or "")[len("hammove"):]
        dirs = [direction(code)] + [direction(b[len("hammove"):]) for b in m.between if b.startswith("hammove")]
        text = f"{who} make{'s' if m.hands != 'both' else ''} a {adj}movement {_between(dirs)}"
        if m.hands == "both" and symmetry == "hamsymmlr" and any(c in code for c in "lr"):
            text += " (mirrored for the left hand)"
    elif m.kind == "circle":
        code = (m.symbol or "")[len("hamcircle"):]
        dirs = [direction(code)] + [direction(b[len("hamcircle"):]) for b in m.between if b.startswith("hamcircle")]
        text = f"{who} move{'s' if m.hands != 'both' else ''} in a {adj}circle, starting {_between(dirs)}"
    elif m.kind == "wrist":
        text = f"{WRIST.get(m.symbol or '', 'the wrist moves')}" + (f" ({', '.join(size)})" if size else "")
        if two_handed:
            text = f"{who}: {text}"
    elif m.kind == "cross":
        text = f"{who} make{'s' if m.hands != 'both' else ''} a {adj}crossing movement"
    elif m.kind == "none":
        text = f"{who} stay{'s' if m.hands != 'both' else ''} still"
    else:  # a change of handshape/orientation
        change = _config_text(m.change or HandConfig(), mirror=False)
        verb_s = "s" if m.hands != "both" else ""
        parts = []
        if change.shape:
            parts.append(f"{who} change{verb_s} to {change.shape}")
        if change.orientation:
            parts.append(f"{who} turn{verb_s} (now {change.orientation})" if not parts else f"turn{verb_s} (now {change.orientation})")
        text = " and ".join(parts) if parts else f"{who} change{verb_s}"
        if path or size:
            text += " (" + ", ".join(size + path) + ")"
        return text
    if path:
        text += " " + ", ".join(path)
    if m.target is not None and not m.target.empty():
        text += ", ending " + placement_text(m.target, m.hands, two_handed)
    return text


SHORT_SHAPE = {"hamfist": "fist", "hamflathand": "flat hand", "hamfinger2": "index finger",
               "hamfinger23": "index+middle fingers", "hamfinger23spread": "V hand", "hamfinger2345": "spread hand",
               "hampinch12": "thumb-index pinch", "hampinchall": "all-finger pinch", "hampinch12open": "open pinch",
               "hamcee12": "thumb-index C", "hamceeall": "C hand", "hamceeopen": "open C"}
_SHORT_AXIS = {"u": "up", "d": "down", "l": "left", "r": "right", "o": "forward", "i": "in"}


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
        shapes = "/".join(SHORT_SHAPE.get(h.base or "", "hand") for h in config.handshapes)
        orient = ", ".join(filter(None, [
            config.finger_direction and "fingers " + "/".join(_short_dir(c) for c in config.finger_direction),
            config.palm and "palm " + "/".join(_short_dir(c) for c in config.palm)]))
        contact = any(p.contact in ("hamtouch", "hambrushing") for p in config.placements)
        sites = [_site_text(x, None, "dominant", contact).replace("the ", "") for p in config.placements for x in p.sites]
        where = ("touching " if contact else "at ") + " / ".join(dict.fromkeys(sites)) if sites else ""
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
            bits.append("changes" + (" to " + "/".join(SHORT_SHAPE.get(h.base or "", "hand") for h in m.change.handshapes)
                                     if m.change.handshapes else " orientation"))
        bits += [x for x in (MODIFIER.get(y, "") for y in m.modifiers) if x.startswith(("in a", "curving", "in ", "as "))]
    if seg.repetitions:
        bits.append("repeated")
    if seg.alternating:
        bits.append("alternating")
    return "; ".join(b for b in bits if b)


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
                regions(p.sites + p.other_parts,
                        text.replace("with the hands", "the hands are", 1) if p.mutual else f"{label} {text}")
        return out

    dom_hand = "both" if seg.symmetry and not explicit_left else "dominant"
    dom_where = where(seg.dominant, dom_hand)
    non_where = where(seg.nondominant, "nondominant") if explicit_left else []
    for m in seg.motions:
        if m.target is not None:
            regions(m.target.sites + m.target.other_parts,
                    f"the movement ends {placement_text(m.target, m.hands, two)}")

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
    for m in seg.motions:
        text = _motion_text(m, two, seg.symmetry)
        if m.simultaneous and movements:
            movements[-1] += ", while " + text
        else:
            movements.append(text)
    if seg.alternating:
        movements.append("the hands alternate")
    movements += [REPEAT[r] for r in seg.repetitions if r in REPEAT]
    movements += [MODIFIER[x] for x in seg.manner if x in MODIFIER]
    movement = "; ".join(movements)
    movement = (movement[0].upper() + movement[1:] + ".") if movement else ""
    kind = "two-handed" if two else "one-handed"
    if seg.symmetry == "hamsymmlr":
        kind += ", mirror-symmetric"
    elif seg.symmetry == "hamsymmpar":
        kind += ", hands parallel"
    shape = dom.shape or non.shape
    if shape.startswith("between "):
        shape = "a handshape " + shape
    first_place = (dom_where or non_where or [""])[0]
    summary = f"A {kind} sign" + (f" with {shape}" if shape else "") + (f", {first_place}" if first_place else "")
    if seg.motions:
        summary += "; " + movements[0]
    return SegmentText(compact=segment_compact(seg), right=right, left=left, face=face, mouth=mouth, body=body, movement=movement,
                       summary=summary + ".")


def sign_text(sign: HamNoSysSign) -> list[SegmentText]:
    return [segment_text(seg) for seg in sign.segments]
