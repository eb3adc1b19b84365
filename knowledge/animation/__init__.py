"""Rule-based animation of dictionary signs: HamNoSys (or SignWriting) -> keyframes -> Holistic pose.

    >>> from signbridge.knowledge.animation import animate_entry, iter_animations
    >>> pose = animate_entry(entry)                      # pose_format.Pose, 586 points, 25 fps
    >>> for item in iter_animations(): item.entry, item.animation.pose   # every DGS entry that animates

Pipeline (one module per step): `hand` (handshapes.json -> joint angles -> 21 landmarks),
`placement` (locations.json -> wrist targets on a body measured from real clips, `body`),
`motion` (movement paths), `timeline` + `run` (keyframes per movement step, eased),
`skeleton` (arms by IK, face, Pose), `animate` (the whole sign), `signwriting` (FSW -> the same parse).
`cache` keeps animated signs on disk, so a process that needs a known sign imports none of this.

The names below are imported on first use (PEP 562), so importing `signbridge.knowledge.animation.cache`
or `.types` does not load the animator (scipy, the body measurement).
"""

_TYPES = ("HAMNOSYS_PROVENANCE", "SIGNWRITING_PROVENANCE", "Animation", "AnimationError")
_ENTRIES = ("AnimatedEntry", "animate_entry", "animation_for", "iter_animations")
_ANIMATE = ("animate_hamnosys", "animate_signwriting")
__all__ = sorted((*_TYPES, *_ENTRIES, *_ANIMATE, "AnimationConfig"))


def __getattr__(name: str):
    if name in _TYPES:
        from signbridge.knowledge.animation import types as module
    elif name in _ENTRIES:
        from signbridge.knowledge.animation import entries as module
    elif name in _ANIMATE:
        from signbridge.knowledge.animation import animate as module
    elif name == "AnimationConfig":
        from signbridge.knowledge.animation import config as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
