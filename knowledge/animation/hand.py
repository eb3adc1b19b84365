"""A hand skeleton from HamNoSys handshapes: joint angles (handshapes.json) -> 21 landmarks by forward kinematics.

Hand frame: u towards the thumb side, v along the extended fingers (the HamNoSys extended-finger
direction), w out of the palm (the palm orientation). The wrist is the origin; knuckle positions
and bone lengths come from the measured neutral body (`body.neutral_body`).
Landmark order is MediaPipe's: 0 wrist, thumb 1-4, index 5-8, middle 9-12, ring 13-16, little 17-20.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from signbridge.knowledge.hamnosys import Handshape, selected_fingers

FINGERS = ("index", "middle", "ring", "pinky")
FINGER_SYMBOL = {"hamindexfinger": "index", "hammiddlefinger": "middle", "hamringfinger": "ring", "hampinky": "pinky",
                 "hamthumb": "thumb"}


class HandshapeError(ValueError):
    """A handshape the tables cannot build (unknown base form)."""


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads((Path(__file__).with_name("handshapes.json")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class HandAngles:
    """Joint angles of one hand (degrees): fingers (4, 4) = [spread, mcp, pip, dip]; thumb (4,)."""

    fingers: tuple  # 4 x (spread, mcp, pip, dip), index..little
    thumb: tuple  # (abduction, opposition, mcp, ip), or None with touch set
    touch: tuple | None = None  # (finger names, gap): the thumb tip meets these fingertips

    def array(self) -> np.ndarray:
        return np.array(self.fingers, dtype=np.float64)  # (4, 4)


def handshape_angles(hs: Handshape) -> HandAngles:
    """Joint angles of a parsed HamNoSys handshape (base form + thumb + bending + selected fingers)."""
    t = tables()
    base = t["bases"].get(hs.base or "")
    if base is None:
        raise HandshapeError(f"no handshape base form ({hs.base or 'none given'})")
    chosen = [FINGER_SYMBOL[n] for n in selected_fingers(hs) if FINGER_SYMBOL.get(n) in FINGERS]
    selected = chosen or list(base["selected"])
    shape = list(t["finger_postures"][base["shape"]])
    if hs.bending in t["bending"]:
        shape = list(t["bending"][hs.bending])
    others = t["finger_postures"][base["others"]]
    spread = base.get("spread", 0.0)
    fingers = []
    for k, name in enumerate(FINGERS):
        if name in selected:
            fan = spread * (1.0, 0.3, -0.6, -1.2)[k] if len(selected) > 1 else 0.0
            fingers.append((fan, *shape))
        else:
            fingers.append((0.0, *others))
    # a finger detail with a bending ("hamindexfinger hamfingerhookmod"): that finger only
    for detail in hs.details:
        names = [FINGER_SYMBOL.get(n) for n in detail if n in FINGER_SYMBOL]
        bends = [n for n in detail if n in t["bending"]]
        for name in names:
            if name in FINGERS and bends:
                k = FINGERS.index(name)
                fingers[k] = (fingers[k][0], *t["bending"][bends[-1]])
    thumb_mode = t["thumb_modifiers"].get(hs.thumb or "", base["thumb"])
    if thumb_mode == "touch":
        return HandAngles(tuple(fingers), None, (tuple(selected), float(base.get("gap", 0.0))))
    return HandAngles(tuple(fingers), tuple(t["thumbs"][thumb_mode]))


def _rot(a: np.ndarray, b: np.ndarray, degrees: float) -> np.ndarray:
    """Unit vector a turned by `degrees` towards the (orthogonal) unit vector b."""
    r = np.radians(degrees)
    return np.cos(r) * a + np.sin(r) * b


def _finger_chain(base: np.ndarray, direction: np.ndarray, w: np.ndarray, lengths, mcp, pip, dip) -> list:
    points, pos, angle = [], base, 0.0
    for length, flex in zip(lengths, (mcp, pip, dip)):
        angle += flex
        pos = pos + length * _rot(direction, w, angle)
        points.append(pos)
    return points


def _thumb_chain(thumb, bones) -> np.ndarray:
    """(4, 3) thumb CMC, MCP, IP, TIP in hand coordinates (u, v, w) from (abduction, opposition, mcp, ip)."""
    u, v, w = np.eye(3)
    abduct, oppose, mcp, ip = thumb
    cmc = bones[0] * _rot(v, u, 58.0) + 0.02 * w
    d = _rot(_rot(v, u, 22.0 + abduct), w, oppose)  # first phalanx direction
    bend = w - 0.6 * u
    bend = bend - d * (bend @ d)
    bend /= np.linalg.norm(bend)
    mcp_p = cmc + bones[1] * d
    ip_p = mcp_p + bones[2] * _rot(d, bend, mcp)
    tip = ip_p + bones[3] * _rot(d, bend, mcp + ip)
    return np.stack([cmc, mcp_p, ip_p, tip])


def _fingers(angles: np.ndarray, body) -> np.ndarray:
    """(16, 3) index..little MCP, PIP, DIP, TIP in hand coordinates."""
    u, v, w = np.eye(3)
    out = []
    for k in range(4):
        lateral, along = body.mcp_offsets[k]
        mcp = lateral * u + along * v
        spread, m, p, d = angles[k]
        direction = _rot(v, u, spread)
        lengths = body.bones[4 + 4 * k + 1: 4 + 4 * k + 4]
        out += [mcp, *_finger_chain(mcp, direction, w, lengths, m, p, d)]
    return np.stack(out)


@dataclass(frozen=True)
class _Skeleton:
    bones: np.ndarray
    mcp_offsets: np.ndarray


@lru_cache(maxsize=256)
def _touch_thumb_cached(fingers: tuple, selected: tuple, gap: float, bones: tuple, mcps: tuple) -> tuple:
    """Thumb angles whose tip meets the selected fingertips (at `gap`), by a small search."""
    from scipy.optimize import minimize

    body = _Skeleton(np.array(bones), np.array(mcps).reshape(4, 2))
    pts = _fingers(np.array(fingers, dtype=np.float64), body)
    tips = pts[[4 * FINGERS.index(n) + 3 for n in selected]].mean(0)
    cmc = _thumb_chain((0, 0, 0, 0), body.bones)[0]
    target = tips + gap * (cmc - tips) / (np.linalg.norm(cmc - tips) + 1e-9)

    def cost(x):
        return float(np.sum((_thumb_chain(x, body.bones)[3] - target) ** 2)) + 1e-6 * float(np.sum(np.square(x)))

    best = minimize(cost, np.array([20.0, 50.0, 20.0, 15.0]), method="Nelder-Mead",
                    options={"xatol": 0.5, "fatol": 1e-7, "maxiter": 600})
    return tuple(float(x) for x in best.x)


def _touch_thumb(angles: HandAngles, body) -> tuple:
    return _touch_thumb_cached(angles.fingers, angles.touch[0], angles.touch[1], tuple(body.bones.tolist()),
                               tuple(body.mcp_offsets.ravel().tolist()))


def hand_points(angles: HandAngles, body) -> np.ndarray:
    """(21, 3) landmarks in hand coordinates (u thumb side, v fingers, w palm normal), wrist at 0."""
    arr = angles.array()
    thumb = angles.thumb
    if thumb is None:
        thumb = _touch_thumb(angles, body)
    return np.concatenate([np.zeros((1, 3)), _thumb_chain(thumb, body.bones), _fingers(arr, body)])


def resolved_angles(angles: HandAngles, body) -> np.ndarray:
    """(20,) all joint angles as one vector (fingers then thumb), for interpolation between handshapes."""
    thumb = angles.thumb
    if thumb is None:
        thumb = _touch_thumb(angles, body)
    return np.concatenate([angles.array().ravel(), np.array(thumb)])


def points_from_vector(vec: np.ndarray, body) -> np.ndarray:
    """(21, 3) hand-frame landmarks from a `resolved_angles` vector (possibly interpolated)."""
    fingers = vec[:16].reshape(4, 4)
    return np.concatenate([np.zeros((1, 3)), _thumb_chain(vec[16:], body.bones), _fingers(fingers, body)])


def hand_frame(finger_dir: np.ndarray, palm: np.ndarray, right: bool = True) -> np.ndarray:
    """(3, 3) proper rotation with columns u, v (fingers), w (palm normal) in the body frame.

    u = v x w keeps the rotation proper (for interpolation): it is the left hand's thumb side; the
    right hand is the mirror image, its thumb at -u (`HandState.local` mirrors the hand model).
    """
    v = finger_dir / (np.linalg.norm(finger_dir) + 1e-9)
    w = palm - v * (palm @ v)
    if np.linalg.norm(w) < 1e-6:  # palm written parallel to the fingers: any perpendicular
        w = np.cross(v, [0.0, 0.0, 1.0]) if abs(v[2]) < 0.9 else np.cross(v, [1.0, 0.0, 0.0])
    w = w / np.linalg.norm(w)
    u = np.cross(v, w)
    return np.stack([u, v, w], axis=1)
