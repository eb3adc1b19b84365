"""One step of the keyframe pipeline: a group of simultaneous movements -> eased frames of both hands."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation, Slerp

from signbridge.knowledge.animation import motion as mv
from signbridge.knowledge.animation.timeline import (HandSpec, HandState, Step, angles_of, locate, orientation)
from signbridge.knowledge.hamnosys import Motion, SignSegment

Frame = dict  # {"right": HandState, "left": HandState}


def _hands(m: Motion, seg: SignSegment) -> list[str]:
    if seg.nondominant_only:
        return ["left"]
    return {"dominant": ["right"], "nondominant": ["left"], "both": ["right", "left"]}[m.hands]


def _duration(motions: list[Motion], config) -> float:
    out = 0.0
    for m in motions:
        base = {"wrist": config.wrist_seconds, "change": config.change_seconds, "none": config.start_hold}.get(
            m.kind, config.move_seconds)
        if m.kind in ("straight", "circle", "cross"):
            base *= 0.75 + 0.25 * mv.size_factor(m.modifiers, config)
        if m.kind == "circle":
            base *= 1.5
        base *= config.fast if "hamfast" in m.modifiers else config.slow if "hamslow" in m.modifiers else 1.0
        out = max(out, base)
    return out or config.move_seconds


def _codes(m: Motion, prefix: str) -> list[str]:
    return [(m.symbol or "")[len(prefix):]] + [b[len(prefix):] for b in m.between if b.startswith(prefix)]


def _track(m: Motion, hand: str, spec: HandSpec, start: HandState, states: Frame, seg: SignSegment, body, config):
    """A function s -> HandState for one hand doing one movement from `start`."""
    mirror = spec.mirror
    size = mv.size_factor(m.modifiers, config)
    offset, turn, angles_to, rot_to = None, None, None, None
    if m.kind == "straight":
        code = "".join(dict.fromkeys("".join(_codes(m, "hammove"))))
        delta = np.array(mv.vector(_codes(m, "hammove"))) * config.move_size * size
        if mirror:
            delta[0] = -delta[0]
        if m.target is not None and (m.target.sites or m.target.other_parts or m.target.mutual) and code:
            end = locate(start, m.target, spec.sign, states.get("left") if hand == "right" else None, body, config)
            if np.linalg.norm(end - start.wrist) < 1.2:
                delta = end - start.wrist
        offset = mv.straight(delta, m.modifiers, mirror, config)
    elif m.kind == "cross":
        offset = mv.straight(np.array([-spec.sign * config.move_size * size, 0.0, 0.0]), m.modifiers, mirror, config)
    elif m.kind == "circle":
        offset = mv.circle(_codes(m, "hamcircle")[0], m.modifiers, mirror, config)
    elif m.kind == "wrist":
        if m.symbol in ("hamstircw", "hamstirccw"):
            offset = mv.circle("u" if m.symbol == "hamstircw" else "d", m.modifiers, mirror, config, 0.35)
        elif m.symbol == "hamfingerplay":
            angles_to = "play"
        else:
            axis, fn = mv.wrist_turn(m.symbol or "", config)
            if axis is not None:
                turn = (axis, fn)
    elif m.kind == "change" and m.change is not None:
        c = m.change
        if c.handshapes:
            angles_to = angles_of(c.handshapes, body)
        if c.finger_direction or c.palm:
            rot_to = orientation(c, spec.sign > 0, mirror, spec.config)
    if m.kind == "change" and m.target is not None and not m.target.empty():
        end = locate(start, m.target, spec.sign, None, body, config)
        if np.linalg.norm(end - start.wrist) < 1.2:
            offset = mv.straight(end - start.wrist, [], mirror, config)
    slerp = Slerp([0, 1], Rotation.from_matrix([start.rot, rot_to])) if rot_to is not None else None

    def at(s: float) -> HandState:
        e = mv.ease(s)
        st = start.copy()
        if offset is not None:
            st.wrist = start.wrist + offset(e)
        if turn is not None:
            axis = {"u": 0, "v": 1, "w": 2}[turn[0]]
            st.rot = mv.rotation(start.rot[:, axis], turn[1](s)) @ start.rot
        if slerp is not None:
            st.rot = slerp([e]).as_matrix()[0]
        if isinstance(angles_to, str):
            st.angles = mv.finger_play(start.angles, s)
        elif angles_to is not None:
            st.angles = start.angles + (angles_to - start.angles) * e
        return st
    return at


def run_step(step: Step, states: Frame, history: list[Frame], first: Frame, specs: dict[str, HandSpec],
             seg: SignSegment, body, config) -> list[Frame]:
    """Eased frames for one step, starting from `states`; `history` holds each earlier step's start."""
    if step.kind in ("return", "back"):
        goal = first if step.kind == "return" else (history[-1] if history else first)
        return transition(states, goal, config.move_seconds * 0.8, config)
    duration = _duration(step.motions, config)
    tracks: dict[str, list] = {}
    for m in step.motions:
        for hand in _hands(m, seg):
            spec = specs[hand]
            if not states[hand].active:
                continue
            track = _track(m, hand, spec, states[hand], states, seg, body, config)
            if seg.alternating and hand == "left" and m.hands == "both":
                track = _alternate(track, states[hand])
            tracks.setdefault(hand, []).append(track)
    n = max(2, int(round(duration * config.fps)))
    frames = []
    for i in range(1, n + 1):
        s = i / n
        frame = {}
        for hand, state in states.items():
            parts = [t(s) for t in tracks.get(hand, [])]
            frame[hand] = _combine(state, parts) if parts else state.copy()
        frames.append(frame)
    return frames


def _alternate(track, start: HandState):
    """The other hand of an alternating movement goes the opposite way at the same time."""
    def at(s: float) -> HandState:
        st = track(s)
        st.wrist = 2 * start.wrist - st.wrist
        return st
    return at


def _combine(start: HandState, parts: list[HandState]) -> HandState:
    """Simultaneous movements of one hand: offsets add up; the last turn and shape win."""
    out = parts[-1].copy()
    out.wrist = start.wrist + sum((p.wrist - start.wrist for p in parts), np.zeros(3))
    return out


def transition(a: Frame, b: Frame, seconds: float, config) -> list[Frame]:
    """Eased frames from posture a to posture b (wrist, rotation, joint angles)."""
    n = max(2, int(round(seconds * config.fps)))
    slerps = {h: Slerp([0, 1], Rotation.from_matrix([a[h].rot, b[h].rot])) for h in a}
    frames = []
    for i in range(1, n + 1):
        e = mv.ease(i / n)
        frames.append({h: HandState(a[h].wrist + (b[h].wrist - a[h].wrist) * e, slerps[h]([e]).as_matrix()[0],
                                    a[h].angles + (b[h].angles - a[h].angles) * e, b[h].active or a[h].active,
                                    b[h].right)
                       for h in a})
    return frames


def hold(state: Frame, seconds: float, config) -> list[Frame]:
    return [{h: s.copy() for h, s in state.items()} for _ in range(max(1, int(round(seconds * config.fps))))]
