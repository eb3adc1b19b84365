"""Directions of the signing space: HamNoSys direction codes as vectors, and palm facing.

HamNoSys is written from the signer's point of view for a right-handed signer. Direction codes
combine the letters u/d (up/down), l/r (the signer's left/right), o/i (away from / towards the body):
"uo" is up and forward. Vectors here use x: signer's right, y: up, z: away from the body.
"""

from __future__ import annotations

import math

VECTOR = {"r": (1.0, 0.0, 0.0), "l": (-1.0, 0.0, 0.0), "u": (0.0, 1.0, 0.0), "d": (0.0, -1.0, 0.0),
          "o": (0.0, 0.0, 1.0), "i": (0.0, 0.0, -1.0)}
OPPOSITE = {"u": "d", "d": "u", "l": "r", "r": "l", "o": "i", "i": "o"}
MIRROR = {"l": "r", "r": "l"}  # the left hand of a mirrored sign (hamsymmlr)
AXIS_ORDER = "udlroi"  # vertical, then lateral, then depth


def mirror_code(code: str) -> str:
    """Swap left and right in a direction code: 'ol' -> 'or'."""
    return "".join(MIRROR.get(c, c) for c in code)


def vector(codes: list[str]) -> tuple[float, float, float]:
    """Unit vector of a direction code, or of the in-between direction of several codes.

    >>> vector(["u"])
    (0.0, 1.0, 0.0)
    """
    total = [0.0, 0.0, 0.0]
    for code in codes:
        letters = [c for c in code if c in VECTOR]
        for c in letters:
            for k in range(3):
                total[k] += VECTOR[c][k] / math.sqrt(len(letters))
    norm = math.sqrt(sum(v * v for v in total)) or 1.0
    return (total[0] / norm, total[1] / norm, total[2] / norm)


def code(v: tuple[float, float, float]) -> str:
    """Nearest HamNoSys-style code of a vector: axes whose component exceeds sin(22.5 degrees)."""
    letters = [("u" if v[1] > 0 else "d", abs(v[1])), ("r" if v[0] > 0 else "l", abs(v[0])),
               ("o" if v[2] > 0 else "i", abs(v[2]))]
    return "".join(c for c, size in letters if size > 0.383) or "o"


def palm_vector(palm: str, finger_direction: list[str]) -> tuple[float, float, float]:
    """Where the palm faces in the signer's space, as a unit vector.

    HamNoSys gives palm orientation relative to the extended finger direction: the eight palm
    symbols are drawn for fingers pointing away from the body, and the hand is then turned (the
    shortest way) until the fingers point where the notation says. So "hamextfingeru hampalmd"
    (DEIN, HASE) is a palm facing away from the body, not an impossible "fingers up, palm down".
    Fingers pointing back at the body turn the hand about the vertical axis.
    """
    p = vector([palm])
    if not finger_direction:
        return p
    e = vector(finger_direction)
    cos = max(-1.0, min(1.0, e[2]))  # angle between "away from the body" (0, 0, 1) and the fingers
    if cos > 0.9999:
        return p
    if cos < -0.9999:  # fingers towards the body: half a turn about the vertical axis
        return (-p[0], p[1], -p[2])
    # Rodrigues rotation about k = (0, 0, 1) x e, normalised
    k = (-e[1], e[0], 0.0)
    kn = math.sqrt(k[0] ** 2 + k[1] ** 2)
    k = (k[0] / kn, k[1] / kn, 0.0)
    sin = math.sqrt(1.0 - cos * cos)
    kxp = (k[1] * p[2] - k[2] * p[1], k[2] * p[0] - k[0] * p[2], k[0] * p[1] - k[1] * p[0])
    kdp = k[0] * p[0] + k[1] * p[1] + k[2] * p[2]
    return tuple(p[j] * cos + kxp[j] * sin + k[j] * kdp * (1 - cos) for j in range(3))


def palm_direction(palm: str, finger_direction: list[str]) -> str:
    """Where the palm faces in the signer's space, as a direction code (see `palm_vector`).

    >>> palm_direction("d", ["u"]), palm_direction("l", ["u"]), palm_direction("dl", ["o"])
    ('o', 'l', 'dl')
    >>> palm_direction("d", ["l"]), palm_direction("r", ["l"])
    ('d', 'o')
    """
    if not finger_direction:
        return palm
    return code(palm_vector(palm, finger_direction))
