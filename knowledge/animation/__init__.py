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

from importlib import import_module

_WHERE = {
    "HAMNOSYS_PROVENANCE": "types", "SIGNWRITING_PROVENANCE": "types", "Animation": "types",
    "AnimationError": "types", "AnimationConfig": "config", "AnimatedEntry": "entries", "animate_entry": "entries",
    "animation_for": "entries", "iter_animations": "entries", "animate_hamnosys": "animate",
    "animate_signwriting": "animate",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
