"""HamNoSys locations -> wrist targets on the measured body (locations.json), with contact and distance.

A placement names a body site (with side), a contact (none = near, hamclose, hamtouch, ...) and
optionally which part of the hand touches. The site's point on the body surface is moved out by
the contact distance; the wrist goes where the touching hand point lands on it. Without a named
part, the hand point nearest the body (smallest depth) touches, the way a hand meets a surface.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from signbridge.knowledge.hamnosys import Placement
from signbridge.knowledge.hamnosys.symbols import ARM_PARTS

# hand parts -> MediaPipe hand landmark indices (their mean); "palm" is the palm centre
PART_POINTS = {
    "hamthumb": [4], "hamindexfinger": [8], "hammiddlefinger": [12], "hamringfinger": [16], "hampinky": [20],
    "hamfingertip": [8], "hamfingernail": [8], "hamfingerpad": [7], "hamfingermidjoint": [6],
    "hamfingerbase": [5], "hamfingerside": [7], "hamthumbball": [1, 2], "hampalm": [0, 5, 9, 13, 17],
    "hamhandback": [0, 5, 9, 13, 17], "hamthumbside": [2, 5], "hampinkyside": [0, 17, 18],
    "hamwristback": [0], "hamwristpulse": [0], "hamwristtopulse": [0], "hamwristtoback": [0],
    "hamwristtothumb": [0, 1], "hamwristtopinky": [0, 17],
}
FINGER_TIPS = {"hamthumb": 4, "hamindexfinger": 8, "hammiddlefinger": 12, "hamringfinger": 16, "hampinky": 20}
DISTANCE_KEYS = {"hamclose": "close", "hamtouch": 0.0, "hambrushing": 0.0, "haminterlock": -0.02,
                 "hamcross": 0.0, "hamarmextended": 0.55, "hambehind": -0.14}
PALM_CENTRE = [0, 5, 9, 13, 17]


class LocationError(ValueError):
    """A location the tables do not know."""


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads((Path(__file__).with_name("locations.json")).read_text(encoding="utf-8"))


def site_point(site: str, side: str | None, hand_sign: float, body) -> np.ndarray:
    """(3,) surface point of a site; hand_sign +1 right hand, -1 left hand (own side)."""
    t = tables()
    if site in ARM_PARTS:  # a site on the other arm
        p = np.array(t["other_arm"][site], dtype=np.float64)
        return p * np.array([hand_sign, 1.0, 1.0])
    spec = t["sites"].get(site)
    if spec is None:
        raise LocationError(f"no body point for the location {site}")
    if "face" in spec:
        p = body.face[spec["face"]].mean(0).copy()
    elif "pose" in spec:
        p = body.pose[spec["pose"]].mean(0).copy()
        p[0] = 0.0
    else:
        p = np.array(spec["fixed"], dtype=np.float64)
    p = p + np.array(spec.get("add", [0, 0, 0]), dtype=np.float64)
    p[2] = spec["z"] + (spec.get("add", [0, 0, 0])[2])
    if side == "hamlrat":
        p[0] = hand_sign * spec["lat"]
    elif side == "hamlrbeside":
        p[0] = hand_sign * (spec["lat"] + t["beside"])
    if spec.get("own_side"):
        p[0] = hand_sign * (spec["own_side"] + (t["beside"] if side == "hamlrbeside" else 0.0))
    elif side is None and "hand_side" in spec:
        p[0] = hand_sign * spec["hand_side"]
    return p


def placement_point(p: Placement | None, hand_sign: float, body) -> np.ndarray:
    """(3,) where a placement puts the hand (between two sites: halfway); neutral space when empty."""
    sites = [(s, side) for s, side in zip(p.sites, p.sides)] if p is not None and p.sites else []
    if not sites:
        return site_point("hamneutralspace", None, hand_sign, body)
    points = [site_point(s, side, hand_sign, body) for s, side in sites]
    return np.mean(points[:2], axis=0) if p.between else points[0]


def distance(contact: str | None, config) -> float:
    value = DISTANCE_KEYS.get(contact or "", config.near)
    return config.close if value == "close" else float(value)


def part_point(parts: list[str], world: np.ndarray) -> np.ndarray | None:
    """(3,) the named hand part on a hand's world landmarks (21, 3); finger + part: that finger's joint."""
    if not parts:
        return None
    fingers = [FINGER_TIPS[n] for n in parts if n in FINGER_TIPS]
    if fingers and any(n in ("hamfingerbase",) for n in parts):
        return world[[f - 3 for f in fingers]].mean(0)
    if fingers and any(n in ("hamfingermidjoint",) for n in parts):
        return world[[f - 2 for f in fingers]].mean(0)
    if fingers:
        return world[fingers].mean(0)
    idx = PART_POINTS.get(parts[0])
    return None if idx is None else world[idx].mean(0)


def nearest_point(world: np.ndarray, towards: np.ndarray) -> np.ndarray:
    """(3,) the hand point furthest along `towards` (the part of the hand that meets a surface)."""
    candidates = np.concatenate([world[[4, 8, 12, 16, 20]], world[PALM_CENTRE].mean(0, keepdims=True)])
    return candidates[np.argmax(candidates @ towards)]


def wrist_for(point: np.ndarray, local_world: np.ndarray, parts: list[str], contact: str | None,
              config, towards: np.ndarray = np.array([0.0, 0.0, -1.0])) -> np.ndarray:
    """(3,) wrist position so that the hand meets `point` (a surface point moved out by the contact distance).

    `local_world`: (21, 3) the hand's landmarks relative to its wrist (rotated, not translated);
    `towards`: the direction in which the surface lies (into the body by default).
    """
    own = part_point(parts, local_world)
    if own is None:
        own = nearest_point(local_world, towards) if contact else local_world[PALM_CENTRE].mean(0)
    return point - towards * distance(contact, config) - own
