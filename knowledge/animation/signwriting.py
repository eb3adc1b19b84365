"""SignWriting (FSW) -> the same parsed-sign structure the HamNoSys animator reads (coarser, approximate).

Read per symbol (ISWA 2010 keys `Sbbbfr`): hand symbols give a handshape (learned from the dictionary's
parallel entries, signwriting_hands_learned.json; else by ISWA group, signwriting_hands.json),
the fill gives palm facing (0 palm towards the signer, 1 side, 2 back of the hand; 3-5 the hand
parallel to the floor: palm up, side, down) and the rotation the finger direction (45-degree steps
counter-clockwise from up, or from forward in the floor plane; 8-f mirrored). Contact symbols give a
contact, movement arrows a straight movement (wall or floor plane), a curve (with an arc) or a
circle; arrow fill says which hand. Placement: relative to a head symbol when there is one (the
hand's height next to the head picks the nearest site), else neutral space. SignWriting is written
from the signer's point of view: the hand further right on the page is the right hand.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from signbridge.knowledge.hamnosys import HamNoSysSign, HandConfig, Handshape, Motion, Placement, SignSegment
from signbridge.knowledge.hamnosys.geometry import palm_vector

HEAD_SIZE = 36  # FSW units: the head circle's height
HAND_SIZE = 24  # FSW units: a typical hand symbol's size (positions are top-left corners)
HEAD_HEIGHT = 0.56  # shoulder widths from chin to forehead on the measured body
HEAD_Y = 0.59  # head centre above the shoulder line (shoulder widths)
PALMS = ("u", "ur", "r", "dr", "d", "dl", "l", "ul")


class SignWritingError(ValueError):
    """A SignWriting sign the reader cannot turn into hands."""


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads((Path(__file__).with_name("signwriting_hands.json")).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def learned() -> dict:
    """Hand symbol base (hex) -> HamNoSys handshape, learned from the parallel entries (signwriting_learn)."""
    path = Path(__file__).with_name("signwriting_hands_learned.json")
    return json.loads(path.read_text(encoding="utf-8"))["hands"] if path.exists() else {}


def _lookup(base: int, rows) -> list:
    found = None
    for row in rows:
        if base >= int(row[0], 16):
            found = row
    return found


def _symbols(fsw: str) -> list[tuple[int, int, int, int, int]]:
    """(base, fill, rotation, x, y) per symbol."""
    from signwriting.formats.fsw_to_sign import fsw_to_sign

    try:
        sign = fsw_to_sign(fsw)
    except Exception as error:
        raise SignWritingError(f"not a Formal SignWriting sign ({type(error).__name__})") from error
    out = []
    for s in sign.get("symbols", []):
        key = s["symbol"]
        try:
            out.append((int(key[1:4], 16), int(key[4], 16), int(key[5], 16), int(s["position"][0]),
                        int(s["position"][1])))
        except (ValueError, IndexError):
            continue
    return out


def _direction(rotation: int, floor: bool) -> str:
    t = tables()
    dirs = t["floor_directions"] if floor else t["wall_directions"]
    return dirs[rotation % 8] if rotation < 8 else dirs[(8 - rotation % 8) % 8]


def _palm_code(fingers: str, palm: np.ndarray) -> str:
    """The HamNoSys palm code (relative to the fingers) whose facing is nearest to an absolute palm vector."""
    return max(PALMS, key=lambda c: float(np.dot(palm_vector(c, [fingers]), palm)))


def hand_config(base: int, fill: int, rotation: int, right: bool) -> HandConfig:
    """One hand symbol -> handshape, finger direction and palm (as HamNoSys codes)."""
    known = learned().get(f"{base:03x}")
    if known is not None:
        shape = Handshape(base=known["base"], thumb=known["thumb"])
    else:
        row = _lookup(base, tables()["ranges"])
        shape = Handshape(base=row[1], thumb=row[2])
        if row[3]:
            shape.details.append([row[3]])
    floor = fill >= 3
    fingers = _direction(rotation, floor)
    side = np.array([-1.0 if right else 1.0, 0.0, 0.0])  # side view: palm towards the middle
    palm = {0: np.array([0.0, 0.0, -1.0]), 1: side, 2: np.array([0.0, 0.0, 1.0]), 3: np.array([0.0, 1.0, 0.0]),
            4: side, 5: np.array([0.0, -1.0, 0.0])}[fill]
    return HandConfig(handshapes=[shape], finger_direction=[fingers], palm=[_palm_code(fingers, palm)])


def _site(hand_xy, head_xy) -> tuple[str, str | None]:
    """The body site next to which a hand is drawn, and its side, from its offset to the head symbol."""
    dy = (hand_xy[1] - head_xy[1]) / HEAD_SIZE * HEAD_HEIGHT
    dx = (hand_xy[0] - head_xy[0]) / HEAD_SIZE * HEAD_HEIGHT
    y = HEAD_Y - dy
    site = min(tables()["head_sites"], key=lambda s: abs(s[1] - y))[0]
    side = "hamlrbeside" if abs(dx) > 0.5 else "hamlrat" if abs(dx) > 0.2 else None
    return site, side


def read(fsw: str) -> SignSegment:
    """Read one FSW sign into a SignSegment (right = dominant hand, left = non-dominant)."""
    symbols = _symbols(fsw)
    hands = [s for s in symbols if 0x100 <= s[0] <= 0x204]
    if not hands:
        raise SignWritingError("no hand symbol")
    heads = [s for s in symbols if 0x2FF <= s[0] <= 0x36C]
    head = (heads[0][3] + HEAD_SIZE / 2, heads[0][4] + HEAD_SIZE / 2) if heads else None
    contacts = [s for s in symbols if 0x205 <= s[0] <= 0x215]
    hands.sort(key=lambda s: -s[3])  # furthest right on the page first: the right hand
    seg = SignSegment()
    configs = {"right": hand_config(*hands[0][:3], right=True)}
    if len(hands) > 1 and abs(hands[0][3] - hands[1][3]) > 8:
        configs["left"] = hand_config(*hands[1][:3], right=False)
    contact = _lookup(contacts[0][0], tables()["contacts"])[1] if contacts else None
    for name, symbol in zip(configs, hands):
        center = (symbol[3] + HAND_SIZE / 2, symbol[4] + HAND_SIZE * 0.3)  # the fingers reach the site
        if head is not None:
            site, side = _site(center, head)
            configs[name].placements.append(Placement(sites=[site], sides=[side], contact=contact))
        elif contact and len(configs) == 2:
            configs[name].placements.append(Placement(contact=contact, mutual=True))
    seg.dominant = configs["right"]
    if "left" in configs:
        seg.nondominant = configs["left"]
    seg.motions = _motions(symbols, two_hands="left" in configs)
    return seg


def _motions(symbols, two_hands: bool) -> list[Motion]:
    t = tables()
    out: list[Motion] = []
    for base, fill, rotation, _, _ in symbols:
        hands = {0: "dominant", 1: "nondominant"}.get(fill, "both")
        if hands != "dominant" and not two_hands:
            hands = "dominant"
        if 0x216 <= base <= 0x229:  # finger movement: squeeze, flick, hinge -> a handshape change
            target = _lookup(base, t["finger_moves"])[1]
            change = HandConfig(handshapes=[Handshape(base="hamflathand", bending="hamfingerbendmod")
                                            if target == "bend" else Handshape(base=target)])
            motion = Motion(kind="change", hands=hands, symbol="hamreplace", change=change)
        elif 0x22A <= base <= 0x287:  # straight arrows: wall plane, diagonal, floor plane
            floor = base >= 0x265
            code = "o" if 0x255 <= base < 0x265 else _direction(rotation, floor)
            motion = Motion(kind="straight", hands=hands, symbol="hammove" + code)
        elif 0x288 <= base <= 0x2E2:  # curves: a straight path with an arc
            floor = base >= 0x2B7
            code = _direction(rotation, floor)
            motion = Motion(kind="straight", hands=hands, symbol="hammove" + code,
                            modifiers=["hamarcu" if code not in ("u", "d") else "hamarcr"])
        elif 0x2E3 <= base <= 0x2F6:  # circles
            motion = Motion(kind="circle", hands=hands, symbol="hamcircle" + ("o" if base >= 0x2ED else "u"))
        else:
            continue
        if out and out[-1].hands != motion.hands and out[-1].kind == motion.kind and not out[-1].simultaneous:
            motion.simultaneous = True  # arrows of the two hands: one movement done together
        out.append(motion)
    return out


def parse_signwriting(fsw: str) -> HamNoSysSign:
    """The FSW sign as a one-segment parsed sign (for the animator's pipeline)."""
    seg = read(fsw)
    return HamNoSysSign(notation=fsw, segments=[seg], symbols=[], understood=0, unparsed=[], unknown=[])
