"""The keyframe pipeline for one parsed HamNoSys segment: hand set-up, placement, then one step per movement.

Each frame holds, per hand, a `HandState`: wrist position, hand rotation (columns u thumb side,
v fingers, w palm normal) and the 20 joint angles. Steps, each a function:
`hand_specs` (which hand does what, symmetry) -> `place_hands` (initial wrists) -> `motion_steps`
(movements grouped by simultaneity, repetitions expanded) -> `run_step` per step (eased frames).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from signbridge.knowledge.animation.hand import HandAngles, hand_frame, handshape_angles, points_from_vector, resolved_angles
from signbridge.knowledge.animation.placement import part_point, placement_point, wrist_for
from signbridge.knowledge.animation.types import AnimationError
from signbridge.knowledge.hamnosys import HandConfig, Handshape, Placement, SignSegment
from signbridge.knowledge.hamnosys.geometry import palm_vector, vector

DEFAULT_FINGERS, DEFAULT_PALM = ["uo"], "l"  # a hand held up and forward, palm towards the middle
MUTUAL_DEPTH = 0.4  # shoulder widths in front of the shoulder line where two touching hands meet


@dataclass
class HandState:
    wrist: np.ndarray  # (3,) body frame, shoulder widths
    rot: np.ndarray  # (3, 3) columns u, v, w
    angles: np.ndarray  # (20,) 4 fingers x (spread, mcp, pip, dip) + thumb (4)
    active: bool = True
    right: bool = True  # the right hand is the mirror image of the hand model (thumb at -u)

    def copy(self) -> "HandState":
        return HandState(self.wrist.copy(), self.rot.copy(), self.angles.copy(), self.active, self.right)

    def local(self, body) -> np.ndarray:
        """(21, 3) landmarks relative to the wrist, rotated into the body frame."""
        points = points_from_vector(self.angles, body)
        if self.right:
            points = points * np.array([-1.0, 1.0, 1.0])
        return points @ self.rot.T


@dataclass
class HandSpec:
    """What one hand does in a segment: its configuration and whether it mirrors the dominant hand."""

    config: HandConfig
    sign: float  # +1 right hand, -1 left hand
    mirror: bool  # directions have left/right swapped (the left hand of hamsymmlr)
    active: bool = True


def _mirror(v: np.ndarray) -> np.ndarray:
    return v * np.array([-1.0, 1.0, 1.0])


def angles_of(handshapes: list[Handshape], body) -> np.ndarray:
    """(20,) joint angles; an in-between handshape averages its two forms."""
    if not handshapes:
        raise AnimationError("no handshape")
    vectors = [resolved_angles(handshape_angles(h), body) for h in handshapes[:2]]
    return np.mean(vectors, axis=0)


def orientation(config: HandConfig, right: bool, mirror: bool, fallback: HandConfig | None = None) -> np.ndarray:
    """(3, 3) hand rotation from the extended-finger direction and palm orientation codes."""
    fingers = config.finger_direction or (fallback.finger_direction if fallback else None) or DEFAULT_FINGERS
    palms = config.palm or (fallback.palm if fallback else None) or [DEFAULT_PALM]
    e = np.array(vector(fingers))
    p = np.mean([palm_vector(c, fingers) for c in palms], axis=0)
    if mirror:
        e, p = _mirror(e), _mirror(p)
    return hand_frame(e, p, right)


def hand_specs(seg: SignSegment) -> dict[str, HandSpec]:
    """Right and left hand configurations of a segment (symmetry operators, explicit left hand)."""
    dom, non = seg.dominant, seg.nondominant
    if seg.nondominant_only:  # the left hand alone: the configuration written is the left's
        return {"right": HandSpec(HandConfig(), 1.0, False, active=False), "left": HandSpec(dom, -1.0, True)}
    right = HandSpec(dom, 1.0, False)
    if not non.empty():
        merged = HandConfig(handshapes=non.handshapes or dom.handshapes,
                            finger_direction=non.finger_direction, palm=non.palm, relative=non.relative,
                            placements=non.placements)
        mirror = not (non.finger_direction or non.palm) and seg.symmetry != "hamsymmpar"
        return {"right": right, "left": HandSpec(merged, -1.0, mirror)}
    if seg.symmetry or any(m.hands in ("both", "nondominant") for m in seg.motions):
        return {"right": right, "left": HandSpec(dom, -1.0, seg.symmetry != "hamsymmpar")}
    return {"right": right, "left": HandSpec(HandConfig(), -1.0, True, active=False)}


def rest_state(sign: float, body) -> HandState:
    """Hands hanging at the sides (fingers down, palm towards the thigh, relaxed)."""
    rot = hand_frame(np.array([0.0, -1.0, 0.1]), np.array([-sign, 0.0, 0.0]), sign > 0)
    angles = resolved_angles(HandAngles(((0, 12, 14, 8),) * 4, (10, 8, 8, 6)), body)
    return HandState(np.array([0.62 * sign, -1.55, 0.05]), rot, angles, active=False, right=sign > 0)


def _refers_to_other_hand(p: Placement) -> bool:
    return bool(p.other_parts) or p.mutual


def place_hands(seg: SignSegment, specs: dict[str, HandSpec], body, config) -> dict[str, HandState]:
    """Initial hand states: shape, rotation, wrist at the written location (left hand first: a base)."""
    states: dict[str, HandState] = {}
    dom_cfg = specs["right"].config
    needs_base = any(_refers_to_other_hand(p) for p in dom_cfg.placements)
    for name in ("left", "right"):
        spec = specs[name]
        if not spec.active and not (name == "left" and needs_base):
            states[name] = rest_state(spec.sign, body)
            continue
        if spec.active:
            cfg = spec.config
            fallback = dom_cfg if name == "left" else None
            angles = angles_of(cfg.handshapes or dom_cfg.handshapes, body)
            rot = orientation(cfg, spec.sign > 0, spec.mirror, fallback)
        else:  # a passive flat left hand, palm up, as the place the right hand touches
            angles = resolved_angles(handshape_angles(Handshape(base="hamflathand")), body)
            rot = orientation(HandConfig(finger_direction=["or"], palm=["u"]), False, False)
            specs[name] = replace(spec, active=True, config=HandConfig())
        state = HandState(np.zeros(3), rot, angles, True, spec.sign > 0)
        placement = (cfg.placements[0] if spec.active and cfg.placements else
                     (dom_cfg.placements[0] if name == "left" and specs["left"].mirror and dom_cfg.placements
                      and not dom_cfg.placements[0].other_parts else None))
        state.wrist = locate(state, placement, spec.sign, states.get("left"), body, config)
        states[name] = state
    return states


def locate(state: HandState, p: Placement | None, sign: float, other: HandState | None, body, config) -> np.ndarray:
    """(3,) wrist position for a placement; contact with the other hand when the placement says so."""
    local = state.local(body)
    if p is not None and p.other_parts and other is not None and other.active and sign > 0:
        other_world = other.local(body) + other.wrist
        target = part_point(p.other_parts, other_world)
        if target is None:
            target = other_world[[0, 5, 9, 13, 17]].mean(0)
        towards = target - (state.wrist if state.wrist.any() else np.array([0.2, target[1], target[2]]))
        towards = towards / (np.linalg.norm(towards) or 1.0)
        return wrist_for(target, local, p.hand_parts, p.contact or "hamtouch", config, towards)
    point = placement_point(p, sign, body)
    if p is not None and p.mutual:  # both hands meet at the location's centre line
        point = point * np.array([0.0, 1.0, 1.0]) + np.array([0.02 * sign, 0.0, 0.0])
        point[2] = max(point[2], MUTUAL_DEPTH)  # in front of the body, where the hands can meet
        return wrist_for(point, local, p.hand_parts, p.contact, config, np.array([-sign, 0.0, 0.0]))
    return wrist_for(point, local, p.hand_parts if p else [], p.contact if p else None, config)


@dataclass
class Step:
    kind: str  # "move": motions together; "return": back to the segment's first posture; "back": undo the last step
    motions: list


def motion_steps(seg: SignSegment, config) -> list[Step]:
    """Movements grouped into steps (simultaneous ones together), repetitions appended as steps."""
    steps: list[Step] = []
    for m in seg.motions:
        if m.simultaneous and steps:
            steps[-1].motions.append(m)
        else:
            steps.append(Step("move", [m]))
    out = list(steps)
    for rep in seg.repetitions:
        times = 1 + (config.repeat_several if rep.endswith("several") else 0)
        for _ in range(times):
            if rep == "hamrepeatreverse":  # back and forth: undo the last movement, then do it again
                out += [Step("back", []), steps[-1]] if steps else []
            elif rep.startswith("hamrepeatfromstart"):
                out += [Step("return", [])] + steps
            else:  # continue from the end point
                out += steps
    return out
