"""Rule-based animation of dictionary signs: HamNoSys (or SignWriting) -> keyframes -> Holistic pose.

    >>> from signbridge.knowledge.animation import animate_entry, iter_animations
    >>> pose = animate_entry(entry)                      # pose_format.Pose, 586 points, 25 fps
    >>> for item in iter_animations(): item.entry, item.animation.pose   # every DGS entry that animates

Pipeline (one module per step): `hand` (handshapes.json -> joint angles -> 21 landmarks),
`placement` (locations.json -> wrist targets on a body measured from real clips, `body`),
`motion` (movement paths), `timeline` + `run` (keyframes per movement step, eased),
`skeleton` (arms by IK, face, Pose), `animate` (the whole sign), `signwriting` (FSW -> the same parse).
"""

from signbridge.knowledge.animation.animate import (HAMNOSYS_PROVENANCE, SIGNWRITING_PROVENANCE, Animation,
                                                    animate_hamnosys, animate_signwriting)
from signbridge.knowledge.animation.config import AnimationConfig
from signbridge.knowledge.animation.entries import AnimatedEntry, animate_entry, animation_for, iter_animations
from signbridge.knowledge.animation.timeline import AnimationError

__all__ = ["AnimatedEntry", "Animation", "AnimationConfig", "AnimationError", "HAMNOSYS_PROVENANCE",
           "SIGNWRITING_PROVENANCE", "animate_entry", "animate_hamnosys", "animate_signwriting", "animation_for", "iter_animations"]
