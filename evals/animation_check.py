"""Round-trip checker for animated signs: read handshape, location and movement back from a pose.

Written from the HamNoSys definitions, independently of the animator's tables: it knows which
fingers each base form stretches (the symbols' drawings), which body region each site is in, and
the direction letters; it reads the pose's landmarks only (body frame from the pose's own shoulders:
x signer's right, y up, z towards the camera's opposite = forward; depth is read from the pose's
z, in the same pixel units as x and y).

    >>> report = check(notation, pose)   # {"fingers": (expected, found), "region": ..., "direction": ...}
"""

from __future__ import annotations

import numpy as np

from signbridge.knowledge.hamnosys import parse, selected_fingers
from signbridge.knowledge.hamnosys.geometry import vector

FINGER_NAMES = ("index", "middle", "ring", "pinky")
# HamNoSys 4.0 base forms: the fingers drawn stretched (straight at every joint)
STRAIGHT = {
    "hamfist": set(), "hamflathand": {"index", "middle", "ring", "pinky"}, "hamfinger2": {"index"},
    "hamfinger23": {"index", "middle"}, "hamfinger23spread": {"index", "middle"},
    "hamfinger2345": {"index", "middle", "ring", "pinky"}, "hampinch12": {"middle", "ring", "pinky"},
    "hampinchall": set(), "hampinch12open": {"middle", "ring", "pinky"}, "hamcee12": {"middle", "ring", "pinky"},
    "hamceeall": set(), "hamceeopen": set(),
}
CURLING = {"hamfingerhookmod", "hamdoublebent", "hamdoublehooked"}  # bend the middle joints
STRAIGHTENING = {"hamfingerstraightmod", "hamfingerbendmod"}  # middle joints straight (bendmod: at the base only)
SELECTED = {  # the fingers a base form selects, which the bending modifiers act on
    "hamflathand": {"index", "middle", "ring", "pinky"}, "hamfinger2": {"index"}, "hamfinger23": {"index", "middle"},
    "hamfinger23spread": {"index", "middle"}, "hamfinger2345": {"index", "middle", "ring", "pinky"},
    "hampinch12": {"index"}, "hampinch12open": {"index"}, "hamcee12": {"index"},
    "hampinchall": {"index", "middle", "ring", "pinky"}, "hamceeall": {"index", "middle", "ring", "pinky"},
    "hamceeopen": {"index", "middle", "ring", "pinky"},
}
SYMBOL_FINGER = {"hamindexfinger": "index", "hammiddlefinger": "middle", "hamringfinger": "ring", "hampinky": "pinky"}
REGION = {  # body region of each site
    **{s: "head" for s in ("hamhead", "hamheadtop", "hamforehead", "hameyebrows", "hameyes", "hamnose",
                           "hamnostrils", "hamear", "hamearlobe", "hamcheek", "hamlips", "hamtongue", "hamteeth",
                           "hamchin", "hamunderchin")},
    **{s: "upper" for s in ("hamneck", "hamshouldertop", "hamshoulders", "hamchest", "hamneutralspace")},
    **{s: "lower" for s in ("hamstomach", "hambelowstomach")},
}
RIGHT_HAND = slice(33 + 478 + 21, 33 + 478 + 42)


def expected(notation: str) -> dict:
    """What HamNoSys says about the first segment's dominant hand: straight fingers, region, first straight move."""
    seg = parse(notation).segments[0]
    out: dict = {}
    hs = seg.dominant.handshapes[0] if seg.dominant.handshapes else None
    if hs is not None and hs.base in STRAIGHT and not seg.nondominant_only:
        chosen = {SYMBOL_FINGER[n] for n in selected_fingers(hs) if n in SYMBOL_FINGER}
        selected = chosen or SELECTED.get(hs.base, set())
        straight = set(STRAIGHT[hs.base])
        if chosen:  # "hamfinger2 hampinky": the little finger instead of the index
            straight = (straight - SELECTED[hs.base]) | chosen if hs.base in ("hamfinger2", "hamfinger23",
                                                                               "hamfinger23spread") else straight
        if hs.bending in CURLING:
            straight -= selected
        elif hs.bending in STRAIGHTENING:
            straight |= selected
        for detail in hs.details:  # "hampinky hamfingerhookmod": that finger only
            fingers = {SYMBOL_FINGER[n] for n in detail if n in SYMBOL_FINGER}
            if any(n in CURLING for n in detail):
                straight -= fingers
            elif any(n in STRAIGHTENING for n in detail):
                straight |= fingers
        out["fingers"] = straight
    places = [p for p in seg.dominant.placements if p.sites]
    if places and not seg.nondominant_only:
        site = places[0].sites[0]
        if site in REGION and not places[0].between:
            out["region"] = REGION[site]
    elif not places and not seg.nondominant_only and not any(p.other_parts or p.mutual for p in seg.dominant.placements):
        out["region"] = "upper"  # no location written: neutral space
    first = seg.motions[0] if seg.motions and len(parse(notation).segments) == 1 else None
    if first is not None and first.kind == "straight" and first.hands in ("dominant", "both") \
            and first.target is None and not first.between and not seg.nondominant_only \
            and not any(m.startswith("hamarc") for m in first.modifiers):
        out["direction"] = np.array(vector([(first.symbol or "")[len("hammove"):]]))
    return out


def body_frame(pose) -> tuple[np.ndarray, np.ndarray]:
    """(T, P, 3) points in shoulder widths (x right, y up, z forward) and (T, P) confidence."""
    data = np.asarray(np.ma.getdata(pose.body.data)[:, 0], dtype=np.float64)
    conf = np.asarray(pose.body.confidence[:, 0])
    left, right = data[:, 11], data[:, 12]
    center = (left + right) / 2
    width = np.linalg.norm((left - right)[:, :2], axis=-1)[:, None, None]
    out = (data - center[:, None]) / width
    out *= np.array([-1.0, -1.0, -1.0])  # image x left = signer's right; y down; nearer = smaller z
    return out, conf


def phases(hand: np.ndarray, fps: float) -> tuple[int, int]:
    """(first frame of the initial hold, last frame of the final hold) of a hand track (T, 21, 3)."""
    center = hand.mean(1)
    speed = np.r_[0.0, np.linalg.norm(np.diff(center, axis=0), axis=-1)] * fps  # shoulder widths / s
    raised = center[:, 1] > center[0, 1] + 0.5
    idx = np.where(raised)[0]
    if len(idx) == 0:
        return 0, len(center) - 1
    still = speed < 0.15
    start = next((t for t in range(idx[0], idx[-1] + 1) if still[t]), idx[0])
    end = next((t for t in range(idx[-1], start, -1) if still[t]), idx[-1])
    return start, end


def straight_fingers(hand: np.ndarray) -> set[str]:
    """Fingers whose middle joints are straight: MCP-to-tip distance >= 0.95 of the bones' sum."""
    out = set()
    for k, name in enumerate(FINGER_NAMES):
        mcp, pip, dip, tip = hand[5 + 4 * k: 9 + 4 * k]
        bones = np.linalg.norm(pip - mcp) + np.linalg.norm(dip - pip) + np.linalg.norm(tip - dip)
        if np.linalg.norm(tip - mcp) >= 0.95 * bones:
            out.add(name)
    return out


def region(hand: np.ndarray, face: np.ndarray) -> str:
    """Body region of the hand (the mean of its landmarks), from the pose's own face and shoulders."""
    y = hand.mean(0)[1]
    chin = face[152, 1]
    if y > chin - 0.12:
        return "head"
    return "upper" if y > -0.68 else "lower"


def check(notation: str, pose) -> dict:
    """{part: (expected, found, agrees)} for the parts HamNoSys states for this sign."""
    want = expected(notation)
    points, conf = body_frame(pose)
    hand = points[:, RIGHT_HAND]
    start, end = phases(hand, float(pose.body.fps))
    out = {}
    if "fingers" in want:
        found = straight_fingers(hand[start])
        out["fingers"] = (sorted(want["fingers"]), sorted(found), found == want["fingers"])
    if "region" in want:
        found = region(hand[start], points[start, 33:33 + 478])
        out["region"] = (want["region"], found, found == want["region"])
    if "direction" in want and end > start:
        center = hand[start:end + 1].mean(1)
        far = center[np.argmax(np.linalg.norm(center - center[0], axis=-1))] - center[0]
        d = want["direction"]
        cos = float(far @ d / (np.linalg.norm(far) * np.linalg.norm(d) + 1e-9))
        out["direction"] = (d.round(2).tolist(), far.round(2).tolist(), cos > 0.7)
    return out
