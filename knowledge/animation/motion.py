"""HamNoSys movements as paths: each returns the hand's offset (and turn, finger change) at progress s in [0, 1].

Directions are the signer's (x right, y up, z forward). The left hand of a mirrored sign moves with
left and right swapped (`mirror`). A path starts at zero offset; `end` is where it ends.
"""

from __future__ import annotations

import math

import numpy as np

from signbridge.knowledge.hamnosys.geometry import vector

ARC = {"hamarcu": "u", "hamarcd": "d", "hamarcl": "l", "hamarcr": "r"}


def ease(t: float) -> float:
    """Ease in and out (smootherstep): velocity and acceleration start and end at zero."""
    t = min(1.0, max(0.0, t))
    return t * t * t * (t * (6 * t - 15) + 10)


def vec(code: str, mirror: bool) -> np.ndarray:
    v = np.array(vector([code]))
    if mirror:
        v[0] = -v[0]
    return v


def size_factor(modifiers: list[str], config) -> float:
    return (config.small if "hamsmallmod" in modifiers else 1.0) * (config.large if "hamlargemod" in modifiers else 1.0)


def perpendicular(d: np.ndarray, preferred: np.ndarray | None = None) -> np.ndarray:
    """A unit vector perpendicular to d: the preferred one made orthogonal, else up, else forward."""
    for cand in ([preferred] if preferred is not None else []) + [np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])]:
        c = cand - d * (cand @ d) / max(d @ d, 1e-9)
        if np.linalg.norm(c) > 1e-3:
            return c / np.linalg.norm(c)
    return np.array([1.0, 0.0, 0.0])


def straight(delta: np.ndarray, modifiers: list[str], mirror: bool, config):
    """Offset function of a straight move by `delta`, with arcs, wavy or zigzag lines."""
    length = float(np.linalg.norm(delta)) or 1e-9
    d = delta / length
    arc = next((ARC[m] for m in modifiers if m in ARC), None)
    bulge = perpendicular(d, vec(arc, mirror)) if arc else None
    wave = next((m for m in modifiers if m in ("hamwavy", "hamzigzag")), None)
    across = perpendicular(d, bulge if bulge is not None else np.array([0.0, 1.0, 0.0]))

    def offset(s: float) -> np.ndarray:
        out = delta * s
        if bulge is not None:
            out = out + bulge * config.arc_bulge * length * math.sin(math.pi * s)
        if wave == "hamwavy":
            out = out + across * config.wave_amplitude * math.sin(2 * math.pi * 2 * s)
        elif wave == "hamzigzag":
            phase = (2 * s * 2) % 1.0  # a triangle wave, two teeth
            out = out + across * config.wave_amplitude * (4 * abs(phase - 0.5) - 1) * math.sin(math.pi * s) ** 0.2
        return out
    return offset


def circle(code: str, modifiers: list[str], mirror: bool, config, radius_scale: float = 1.0):
    """Offset function of a circle that starts moving in direction `code` and comes back to its start."""
    t = vec(code, mirror)
    # the circle's plane: a circle starting up/down/left/right stays in the frontal plane; one
    # starting forward/back lies in the sagittal plane
    normal = np.array([0.0, 0.0, 1.0]) if abs(t[2]) < 0.7 else np.array([1.0, 0.0, 0.0])
    radial = np.cross(normal, t)
    radial = radial / (np.linalg.norm(radial) or 1.0)
    r = config.circle_radius * size_factor(modifiers, config) * radius_scale
    turns = 1.25 if "hamclockfull" in modifiers else 1.0
    squash = 0.55 if any(m.startswith("hamellipse") for m in modifiers) else 1.0
    grow = 1 if "hamincreasing" in modifiers else -1 if "hamdecreasing" in modifiers else 0

    def offset(s: float) -> np.ndarray:
        a = 2 * math.pi * turns * s
        scale = r * (1 + 0.5 * grow * (s - 0.5))
        return scale * (radial * (1 - math.cos(a)) * squash + t * math.sin(a))
    return offset


def wrist_turn(symbol: str, config):
    """(axis name, angle function) of a wrist motion: nodding about the thumb axis, swinging about the
    palm normal, twisting about the forearm; stirring is a small circle (offset); finger play bends fingers."""
    amp = math.radians(config.wrist_degrees)
    axis = {"hamnodding": "u", "hamswinging": "w", "hamtwisting": "v"}.get(symbol)
    if axis is None:
        return None, None
    return axis, (lambda s: amp * math.sin(2 * math.pi * 2 * s) * (1 - abs(2 * s - 1) ** 8))


def rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    """(3, 3) rotation about a unit axis (Rodrigues)."""
    k = axis / (np.linalg.norm(axis) or 1.0)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(angle) * kx + (1 - math.cos(angle)) * kx @ kx


def finger_play(vec20: np.ndarray, s: float) -> np.ndarray:
    """Fingers wiggle one after another (mcp flexion waves), thumb still."""
    out = vec20.copy()
    for k in range(4):
        out[4 * k + 1] += 28.0 * math.sin(2 * math.pi * 3 * s + k * math.pi / 2) * math.sin(math.pi * s)
    return out
