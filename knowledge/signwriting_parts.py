"""What the symbols of a SignWriting (FSW) sign say, by ISWA 2010 symbol key ranges.

A symbol key `Sbbbfr` has a base `bbb` (hex 100..38b), a fill `f` (0..5) and a rotation `r` (0..f).
Categories and groups (ISWA 2010):

- hands S100-S204, in ten handshape groups by the fingers involved (index S100, index+middle S10e,
  index+middle+thumb S11e, four fingers S144, five fingers S14c, little finger S186, ring finger S1a4,
  middle finger S1ba, index+thumb S1cd, thumb S1f5). Fill: 0 palm faces the signer, 1 side view,
  2 back of the hand faces the signer; 3-5 the hand parallel to the floor, seen from above
  (3 palm up, 4 side view, 5 palm down).
  Rotations 8-f are the mirrored symbol.
- movement S205-S2f6: contact S205-S215 (touch, grasp, strike, brush, rub, surface), finger movement
  S216-S229 (squeeze, flick, hinge), straight arrows S22a-S287 (wall plane S22a, diagonal S255, floor
  plane S265), curves S288-S2e2 (wall plane S288, hitting the wall S2a6, hitting the floor S2b7, floor
  plane S2d5), circles S2e3-S2f6. Arrow fill: 0 right hand, 1 left hand, 2 both hands.
  Arrow rotation 0-7 turns counter-clockwise in 45-degree steps from "up" (wall plane) or from
  "forward, away from the body" (floor plane).
- dynamics and timing S2f7-S2fe; head and faces S2ff-S36c (head S2ff, brows/eyes/eye gaze S30a,
  cheeks/ears/nose/breath S32a, mouth/lips S33b, tongue/teeth/chin/neck S359); body S36d-S37e
  (trunk/shoulders/hips S36d, limbs S376). The plain head outlines S2ff/S300 are read as a location
  reference (the sign is made near the head), not as a facial feature; detailed location S37f-S386; punctuation S387-S38b.

SignWriting is written from the signer's point of view: the right hand appears on the right.
This module interprets groups and planes only (not individual handshape names), so the text it
supports is coarse; `understood` counts symbols placed in a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SYMBOL_KEY = re.compile(r"S[123][0-9a-f]{2}[0-5][0-9a-f]\d{3}x\d{3}")

HAND_GROUPS: tuple[tuple[int, str], ...] = (
    (0x100, "index finger"), (0x10E, "index and middle finger"), (0x11E, "index, middle finger and thumb"),
    (0x144, "four fingers"), (0x14C, "five fingers"), (0x186, "little finger"), (0x1A4, "ring finger"),
    (0x1BA, "middle finger"), (0x1CD, "index finger and thumb"), (0x1F5, "thumb"),
)
CONTACTS: tuple[tuple[int, str], ...] = (
    (0x205, "touch"), (0x208, "grasp"), (0x20B, "strike"), (0x20E, "brush"), (0x211, "rub"), (0x214, "surface contact"),
)
FINGER_MOVES: tuple[tuple[int, str], ...] = ((0x216, "squeeze"), (0x21B, "flick"), (0x221, "finger joints hinge"))
MOVE_GROUPS: tuple[tuple[int, str, str, str], ...] = (  # start, kind, plane, label
    (0x22A, "straight", "wall", "straight movement in the vertical (wall) plane"),
    (0x255, "straight", "diagonal", "diagonal straight movement (towards or away from the body)"),
    (0x265, "straight", "floor", "straight movement in the horizontal (floor) plane"),
    (0x288, "curve", "wall", "curved movement in the vertical (wall) plane"),
    (0x2A6, "curve", "hits-wall", "curved movement along the wall plane"),
    (0x2B7, "curve", "hits-floor", "curved movement along the floor plane"),
    (0x2D5, "curve", "floor", "curved movement in the horizontal (floor) plane"),
    (0x2E3, "circle", "", "circular movement"),
)
HEAD_GROUPS: tuple[tuple[int, str, str], ...] = (  # start, part (face|mouth), label
    (0x301, "face", "head movement or head position"), (0x30A, "face", "eyebrows, eyes or eye gaze"),
    (0x32A, "face", "cheeks, ears, nose or breath"), (0x33B, "mouth", "mouth or lips"),
    (0x359, "mouth", "tongue, teeth, chin or neck"),
)
BODY_GROUPS: tuple[tuple[int, str], ...] = ((0x36D, "shoulders, hips or trunk"), (0x376, "arms or legs"))
_WALL_DIRS = ("up", "up and to the left", "to the left", "down and to the left", "down",
              "down and to the right", "to the right", "up and to the right")
_FLOOR_DIRS = ("forward (away from the body)", "forward and to the left", "to the left",
               "back towards the body and to the left", "back towards the body",
               "back towards the body and to the right", "to the right", "forward and to the right")
PALM = {0: "palm facing the signer", 1: "side view of the hand", 2: "back of the hand facing the signer"}
# a hand parallel to the floor is drawn as seen from above: the visible palm faces up
FLOOR_PALM = {3: "palm facing up", 4: "side view of the hand", 5: "palm facing down"}


def _group(base: int, table) -> tuple | None:
    found = None
    for row in table:
        if base >= row[0]:
            found = row
    return found


@dataclass
class SWHand:
    key: str
    group: str  # which fingers the handshape involves
    palm: str
    horizontal: bool  # parallel to the floor
    x: int


@dataclass
class SWMovement:
    key: str
    kind: str  # "straight" | "curve" | "circle" | "finger"
    label: str
    hands: str  # "right" | "left" | "both"
    direction: str | None = None


@dataclass
class SignWritingParts:
    fsw: str
    hands: list[SWHand] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    movements: list[SWMovement] = field(default_factory=list)
    dynamics: int = 0
    head_reference: bool = False  # a plain head outline (S2ff/S300): drawn as a location reference
    face: list[str] = field(default_factory=list)
    mouth: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    symbols: int = 0
    understood: int = 0

    @property
    def coverage(self) -> float:
        return self.understood / self.symbols if self.symbols else 0.0


def _arrow_hands(fill: int) -> str:
    return {0: "right", 1: "left"}.get(fill, "both")


def analyse(fsw: str) -> SignWritingParts:
    """Read the symbols of one FSW sign into groups (hands, contacts, movements, face, body)."""
    from signwriting.formats.fsw_to_sign import fsw_to_sign

    if not isinstance(fsw, str) or not _SYMBOL_KEY.search(fsw):
        raise ValueError(f"not a Formal SignWriting sign: {str(fsw)[:40]!r}")
    try:
        sign = fsw_to_sign(fsw)
    except Exception as error:  # malformed FSW: nothing understood
        raise ValueError(f"not a Formal SignWriting sign: {fsw[:40]!r} ({error})") from error
    parts = SignWritingParts(fsw=fsw)
    for symbol in sign.get("symbols", []):
        key = symbol["symbol"]
        parts.symbols += 1
        try:
            base, fill, rotation = int(key[1:4], 16), int(key[4], 16), int(key[5], 16)
        except (ValueError, IndexError):
            continue
        understood = True
        if 0x100 <= base <= 0x204:
            group = _group(base, HAND_GROUPS)[1]
            parts.hands.append(SWHand(key=key, group=group, palm=PALM.get(fill) or FLOOR_PALM.get(fill, ""), horizontal=fill >= 3,
                                      x=int(symbol["position"][0])))
        elif 0x205 <= base <= 0x215:
            parts.contacts.append(_group(base, CONTACTS)[1])
        elif 0x216 <= base <= 0x229:
            parts.movements.append(SWMovement(key=key, kind="finger", label=_group(base, FINGER_MOVES)[1],
                                              hands=_arrow_hands(fill)))
        elif 0x22A <= base <= 0x2F6:
            start, kind, plane, label = _group(base, MOVE_GROUPS)
            direction = None
            if kind == "straight" and plane in ("wall", "floor"):
                # rotations 8-f are mirrored arrows: the same direction set, read from the mirror side
                dirs = _WALL_DIRS if plane == "wall" else _FLOOR_DIRS
                direction = dirs[rotation % 8] if rotation < 8 else dirs[(8 - rotation % 8) % 8]
            parts.movements.append(SWMovement(key=key, kind=kind, label=label, hands=_arrow_hands(fill),
                                              direction=direction))
        elif 0x2F7 <= base <= 0x2FE:
            parts.dynamics += 1
        elif base in (0x2FF, 0x300):
            parts.head_reference = True
        elif 0x301 <= base <= 0x36C:
            _, where, label = _group(base, HEAD_GROUPS)
            target = parts.face if where == "face" else parts.mouth
            if label not in target:
                target.append(label)
        elif 0x36D <= base <= 0x37E:
            label = _group(base, BODY_GROUPS)[1]
            if label not in parts.body:
                parts.body.append(label)
        else:  # detailed location, punctuation
            understood = False
        parts.understood += understood
    return parts
