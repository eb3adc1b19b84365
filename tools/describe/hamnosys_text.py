"""Plain-English text for a parsed HamNoSys sign (rule-based; every phrase comes from a symbol).

HamNoSys is written from the signer's point of view for a right-handed signer: the dominant hand
is the right hand. Directions: u/d = up/down, l/r = the signer's left/right, o = away from the
body (forward), i = towards the body. For the left hand of a mirrored sign (hamsymmlr) left and
right are swapped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from signbridge.knowledge.hamnosys import HamNoSysSign, Handshape, HandConfig, Motion, Placement, SignSegment

HANDSHAPE = {
    "hamfist": "a fist", "hamflathand": "a flat hand",
    "hamfinger2": "the index finger extended", "hamfinger23": "index and middle fingers extended together",
    "hamfinger23spread": "index and middle fingers extended and spread in a V",
    "hamfinger2345": "all four fingers extended and spread",
    "hampinch12": "thumb and index finger pinched together", "hampinchall": "all fingertips pinched together with the thumb",
    "hampinch12open": "thumb and index finger in an open pinch", "hamcee12": "thumb and index finger forming a C",
    "hamceeall": "all fingers and thumb forming a C", "hamceeopen": "an open C shape",
}
THUMB = {"hamthumboutmod": "thumb extended to the side", "hamthumbacrossmod": "thumb across the fingers",
         "hamthumbopenmod": "thumb opposed, open"}
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
_FINGER_PART = {"hamfingertip": "tip", "hamfingernail": "nail", "hamfingerpad": "pad", "hamfingermidjoint": "middle joint",
                "hamfingerbase": "base", "hamfingerside": "side"}  # "the pad of the thumb"
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
    "hamincreasing": "in a spiral growing larger", "hamdecreasing": "in a spiral growing smaller",
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
_AXIS = {"u": "up", "d": "down", "l": "to the left", "r": "to the right", "o": "away from the body",
         "i": "towards the body"}
_MIRROR = {"l": "r", "r": "l"}
_ORDER = "udlroi"  # vertical, then lateral, then depth


def direction(code: str, mirror: bool = False) -> str:
    """'uo' -> 'up and away from the body'; mirror swaps left and right (hamsymmlr's left hand).

    >>> direction("ol")
    'to the left and away from the body'
    """
    letters = sorted((_MIRROR.get(c, c) if mirror else c) for c in code if c in _AXIS)
    letters.sort(key=_ORDER.index)
    return _and([_AXIS[c] for c in letters])


def _and(words: list[str]) -> str:
    """['up', 'to the left', 'forward'] -> 'up, to the left and forward'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_OPPOSITE = {"u": "d", "d": "u", "l": "r", "r": "l", "o": "i", "i": "o"}


def directions(codes: list[str], mirror: bool = False) -> str:
    """One direction, or the in-between direction of several ("hamextfingeruo hamextfingerol").

    HamNoSys writes an in-between direction as two direction symbols in a row (or joined by
    hambetween). Axes shared by all are the main direction; the others tilt it:

    >>> directions(["uo", "ol"])
    'away from the body, tilted up and to the left'
    >>> directions(["u", "o"])
    'up and away from the body'
    >>> directions(["or", "ir"])
    'to the right'
    """
    codes = [c for c in codes if c]
    if not codes:
        return ""
    if len(set(codes)) == 1:
        return direction(codes[0], mirror)
    letters = {c for code in codes for c in code}
    common = "".join(c for c in _ORDER if all(c in code for code in codes))
    # opposite tilts cancel out ("or" between "ir" is straight to the right)
    rest = "".join(c for c in _ORDER if c in letters and c not in common and _OPPOSITE[c] not in letters)
    if not common and (not rest or any(_OPPOSITE[c] in letters for c in letters)):
        return "between " + " and ".join(direction(c, mirror) for c in codes)  # e.g. between up and down
    if not common:
        return direction(rest, mirror)
    return f"{direction(common, mirror)}, tilted {direction(rest, mirror)}" if rest else direction(common, mirror)


_VEC = {"r": (1.0, 0.0, 0.0), "l": (-1.0, 0.0, 0.0), "u": (0.0, 1.0, 0.0), "d": (0.0, -1.0, 0.0),
        "o": (0.0, 0.0, 1.0), "i": (0.0, 0.0, -1.0)}  # x: signer's right, y: up, z: away from the body


def _vector(codes: list[str]) -> tuple[float, float, float]:
    """Unit vector of a direction code, or of the in-between direction of several codes."""
    total = [0.0, 0.0, 0.0]
    for code in codes:
        letters = [c for c in code if c in _VEC]
        for c in letters:
            for k in range(3):
                total[k] += _VEC[c][k] / math.sqrt(len(letters))
    norm = math.sqrt(sum(v * v for v in total)) or 1.0
    return (total[0] / norm, total[1] / norm, total[2] / norm)


def _code(v: tuple[float, float, float]) -> str:
    """Nearest HamNoSys-style code of a vector: axes whose component exceeds sin(22.5 degrees)."""
    letters = [("u" if v[1] > 0 else "d", abs(v[1])), ("r" if v[0] > 0 else "l", abs(v[0])),
               ("o" if v[2] > 0 else "i", abs(v[2]))]
    return "".join(c for c, size in letters if size > 0.383) or "o"


def palm_direction(palm: str, finger_direction: list[str]) -> str:
    """Where the palm faces in the signer's space, as a direction code.

    HamNoSys gives palm orientation relative to the extended finger direction: the eight palm
    symbols are drawn for fingers pointing away from the body, and the hand is then turned (the
    shortest way) until the fingers point where the notation says. So "hamextfingeru hampalmd"
    (DEIN, HASE) is a palm facing away from the body, not an impossible "fingers up, palm down".
    Fingers pointing back at the body turn the hand about the vertical axis.

    >>> palm_direction("d", ["u"]), palm_direction("l", ["u"]), palm_direction("dl", ["o"])
    ('o', 'l', 'dl')
    >>> palm_direction("d", ["l"]), palm_direction("r", ["l"])
    ('d', 'o')
    """
    if not finger_direction:
        return palm
    e = _vector(finger_direction)
    p = _vector([palm])
    cos = max(-1.0, min(1.0, e[2]))  # angle between "away from the body" (0, 0, 1) and the fingers
    if cos > 0.9999:
        return _code(p)
    if cos < -0.9999:  # fingers towards the body: half a turn about the vertical axis
        return _code((-p[0], p[1], -p[2]))
    # Rodrigues rotation about k = (0, 0, 1) x e, normalised
    k = (-e[1], e[0], 0.0)
    kn = math.sqrt(k[0] ** 2 + k[1] ** 2)
    k = (k[0] / kn, k[1] / kn, 0.0)
    sin = math.sqrt(1.0 - cos * cos)
    kxp = (k[1] * p[2] - k[2] * p[1], k[2] * p[0] - k[0] * p[2], k[0] * p[1] - k[1] * p[0])
    kdp = k[0] * p[0] + k[1] * p[1] + k[2] * p[2]
    rotated = tuple(p[j] * cos + kxp[j] * sin + k[j] * kdp * (1 - cos) for j in range(3))
    return _code(rotated)


def _between(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "between " + " and ".join(values)


# base forms whose selected fingers a bare finger symbol replaces ("hamfinger2 hampinky": the little
# finger instead of the index, the Y/I hand; "hampinch12open hammiddlefinger hamringfinger hampinky":
# the thumb closes on middle, ring and little finger, the index stays free, the D hand)
SELECTED = {"hamfinger2": "the {f} extended", "hamfinger23": "the {f} extended together",
            "hamfinger23spread": "the {f} extended and spread", "hampinch12": "thumb and the {f} pinched together",
            "hampinch12open": "thumb and the {f} in an open pinch", "hamcee12": "thumb and the {f} forming a C"}


def selected_fingers(hs: Handshape) -> list[str]:
    """Finger names that replace a base form's default selected fingers (empty: the default)."""
    if hs.base not in SELECTED:
        return []
    return [d[0] for d in hs.details if len(d) == 1 and d[0] in FINGER]


def _fingers_phrase(names: list[str]) -> str:
    words = [FINGER[n] for n in names]
    if len(words) == 1:
        return words[0]
    return _and([w.replace(" finger", "") for w in words]) + " fingers"


def handshape_text(hs: Handshape) -> str:
    """'a fist (thumb extended to the side)': the base form, its modifiers in one parenthesis."""
    selected = selected_fingers(hs)
    text = HANDSHAPE.get(hs.base or "", "an unspecified handshape")
    if selected:
        text = SELECTED[hs.base].format(f=_fingers_phrase(selected))
    extras = [THUMB[hs.thumb]] if hs.thumb in THUMB else []
    if hs.bending in BENDING:
        extras.append(BENDING[hs.bending])
    for detail in hs.details:
        if selected and len(detail) == 1 and detail[0] in selected:
            continue
        words = [FINGER.get(n) or PART.get(n) or BENDING.get(n, "").replace("fingers ", "")
                 or THUMB.get(n, "").replace("thumb ", "") for n in detail]
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
    """['hammiddlefinger', 'hamfingerpad'] -> 'the pad of the middle finger'."""
    out, i = [], 0
    while i < len(names):
        name = names[i]
        run = 0
        while i + run < len(names) and names[i + run] in FINGER and names[i + run] != "hamthumb":
            run += 1
        if run > 1 and not (i + run < len(names) and names[i + run] in _FINGER_PART):
            # "hamindexfinger hammiddlefinger hamringfinger hampinky": one group of fingers
            words = [FINGER[n].replace(" finger", "") for n in names[i:i + run]]
            out.append("the " + _and(words) + " fingers")
            i += run
            continue
        if name in FINGER and i + 1 < len(names) and names[i + 1] in PART and names[i + 1] not in FINGER \
                and names[i + 1].startswith("hamfinger"):
            out.append(f"the {_FINGER_PART.get(names[i + 1], PART[names[i + 1]])} of the {FINGER[name]}")
            i += 2
            continue
        if name in PART and name not in FINGER and name.startswith("hamfinger") and i + 1 < len(names) \
                and names[i + 1] in FINGER:  # "hamfingerside hamindexfinger": the side of the index finger
            out.append(f"the {_FINGER_PART[name]} of the {FINGER[names[i + 1]]}")
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
    elif p.between and len(set(p.sides)) == 1 and p.sides[0] is not None:
        # "hamshoulders hamlrat hambetween hamchest hamlrat": the side once, after the span
        sites = [_site_text(s, None, hand, bool(p.contact) and not p.mutual) for s in p.sites]
        span = "between " + " and ".join(sites)
        where = _site_text("hamneutralspace", p.sides[0], hand).replace(SITE["hamneutralspace"], span)
    else:
        sites = [_site_text(s, side, hand, bool(p.contact) and not p.mutual) for s, side in zip(p.sites, p.sides)]
        where = (" and ".join(sites) if not p.between else "between " + " and ".join(sites)) if sites else ""
    own_parts = _parts_text(p.hand_parts)
    other = _parts_text(p.other_parts)
    if other and two_handed:
        other += " of the other hand" if hand != "both" else " of the other hand"
    if p.contact:
        relation = CONTACT.get(p.contact, "near")
        if p.mutual and own_parts and p.other_parts:  # "the palm touching the fingertip of the other hand"
            near = ""
            if where:
                near = (", " if where.startswith("between") else ", at " if p.sites[0] in ("hamshoulders", "hamneutralspace")
                        else ", in front of ") + where
            return f"with {own_parts} {relation} {_parts_text(p.other_parts)} of the other hand{near}"
        if p.mutual:
            at = " " if p.between or where.startswith(("shoulder", "neutral")) else " in front of "
            at = " at " if where.startswith(("shoulder", "neutral")) else at
            return f"with the hands {relation} each other" + (at + where if where else "")
        if where:
            if where.startswith("between") and not other:  # "close to the body between the shoulders and the chest"
                where = "the body " + where
            target = f"{other} at {where}" if other else where
            return f"{relation} {target}" + ((", with " if "," in target else " with ") + own_parts if own_parts else "")
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


SHORT_SHAPE = {"hamfist": "fist", "hamflathand": "flat hand", "hamfinger2": "index finger",
               "hamfinger23": "index+middle fingers", "hamfinger23spread": "V hand", "hamfinger2345": "spread hand",
               "hampinch12": "thumb-index pinch", "hampinchall": "all-finger pinch", "hampinch12open": "open pinch",
               "hamcee12": "thumb-index C", "hamceeall": "C hand", "hamceeopen": "open C"}
_SHORT_AXIS = {"u": "up", "d": "down", "l": "left", "r": "right", "o": "forward", "i": "in"}


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
