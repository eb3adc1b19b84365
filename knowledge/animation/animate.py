"""Dictionary entry -> animated pose: parse, hand specs, placement, movement steps, frames, Pose.

`animate_hamnosys(notation)` runs the pipeline on one HamNoSys string; `animate_entry(entry)` picks
the entry's HamNoSys (preferred) or its SignWriting and says which in the result's provenance.
"""

from __future__ import annotations

from signbridge.knowledge.animation.body import neutral_body
from signbridge.knowledge.animation.config import AnimationConfig
from signbridge.knowledge.animation.hand import HandshapeError
from signbridge.knowledge.animation.placement import LocationError
from signbridge.knowledge.animation.run import hold, run_step, transition
from signbridge.knowledge.animation.timeline import motion_steps, hand_specs, place_hands, rest_state
from signbridge.knowledge.animation.types import (HAMNOSYS_PROVENANCE, SIGNWRITING_PROVENANCE, Animation,
                                                  AnimationError)
from signbridge.knowledge.hamnosys import HamNoSysSign, SignSegment, parse

__all__ = ["HAMNOSYS_PROVENANCE", "SIGNWRITING_PROVENANCE", "Animation", "animate_hamnosys", "animate_signwriting"]


def segment_frames(seg: SignSegment, start: dict | None, body, config: AnimationConfig) -> list[dict]:
    """All frames of one segment, from `start` (the previous posture; None = hands at rest)."""
    specs = hand_specs(seg)
    first = place_hands(seg, specs, body, config)
    origin = start or {"right": rest_state(1.0, body), "left": rest_state(-1.0, body)}
    # an idle hand stays where it was
    first = {h: (s if s.active else origin[h].copy()) for h, s in first.items()}
    frames = transition(origin, first, config.rest_seconds if start is None else config.change_seconds, config)
    frames += hold(first, config.start_hold, config)
    states, history = first, []
    for step in motion_steps(seg, config):
        out = run_step(step, states, history, first, specs, seg, body, config)
        if step.kind == "move":
            history.append(states)
        if out:
            frames += out
            states = out[-1]
    return frames


def sign_frames(sign: HamNoSysSign, body, config: AnimationConfig) -> list[dict]:
    """Frames of a whole sign: every segment (compound parts) in turn, from rest back to rest."""
    if not sign.segments:
        raise AnimationError("empty notation")
    if sign.unknown:
        raise AnimationError(f"unknown symbols {', '.join(sign.unknown[:3])}")
    frames: list[dict] = []
    for seg in sign.segments:
        frames += segment_frames(seg, frames[-1] if frames else None, body, config)
    last = frames[-1]
    frames += hold(last, config.end_hold, config)
    rest = {"right": rest_state(1.0, body), "left": rest_state(-1.0, body)}
    rest = {h: (r if not last[h].active else r) for h, r in rest.items()}
    frames += transition(last, rest, config.rest_seconds, config)
    return frames


def animate_hamnosys(notation: str, config: AnimationConfig | None = None, body=None) -> Animation:
    """One HamNoSys string -> Animation; raises AnimationError with the reason when it cannot."""
    config = config or AnimationConfig()
    body = body or neutral_body()
    try:
        frames = sign_frames(parse(notation), body, config)
    except (HandshapeError, LocationError, AnimationError) as error:
        raise AnimationError(str(error)) from error
    from signbridge.knowledge.animation.skeleton import to_pose

    return Animation(to_pose(frames, body, config.fps), notation, "hamnosys", HAMNOSYS_PROVENANCE, frames)


def animate_signwriting(fsw: str, config: AnimationConfig | None = None, body=None) -> Animation:
    """One FSW sign -> Animation (approximate: SignWriting is read coarsely); AnimationError when it cannot."""
    from signbridge.knowledge.animation.signwriting import SignWritingError, parse_signwriting

    config = config or AnimationConfig()
    body = body or neutral_body()
    try:
        frames = sign_frames(parse_signwriting(fsw), body, config)
    except (SignWritingError, HandshapeError, LocationError, AnimationError) as error:
        raise AnimationError(str(error)) from error
    from signbridge.knowledge.animation.skeleton import to_pose

    return Animation(to_pose(frames, body, config.fps), fsw, "signwriting", SIGNWRITING_PROVENANCE, frames)
