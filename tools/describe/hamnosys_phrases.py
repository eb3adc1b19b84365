"""English phrases for the parts of a parsed HamNoSys sign: directions, handshapes, placements.

HamNoSys is written from the signer's point of view for a right-handed signer: the dominant hand
is the right hand. Directions: u/d = up/down, l/r = the signer's left/right, o = away from the
body (forward), i = towards the body. For the left hand of a mirrored sign (hamsymmlr) left and
right are swapped. The geometry (vectors, palm facing) lives in `signbridge.knowledge.hamnosys.geometry`.
"""

from __future__ import annotations

from signbridge.knowledge.hamnosys import Handshape, Placement, selected_fingers
from signbridge.knowledge.hamnosys.geometry import AXIS_ORDER as _ORDER
from signbridge.knowledge.hamnosys.geometry import MIRROR as _MIRROR
from signbridge.knowledge.hamnosys.geometry import OPPOSITE as _OPPOSITE
from signbridge.tools.describe.hamnosys_words import (_AXIS, _FINGER_PART, BENDING, CONTACT, FINGER, HANDSHAPE, PART,
                                                      SELECTED, SITE, THUMB)


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


def _between(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "between " + " and ".join(values)


# base forms whose selected fingers a bare finger symbol replaces ("hamfinger2 hampinky": the little
# finger instead of the index, the Y/I hand; "hampinch12open hammiddlefinger hamringfinger hampinky":
# the thumb closes on middle, ring and little finger, the index stays free, the D hand)
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
