"""Skeleton animation of a pose: frames drawn with OpenCV, saved as GIF (Pillow) or H.264 MP4 (PyAV).

Faster than pose-format's PoseVisualizer: the whole sequence is projected to pixels in one numpy
step, and each frame is a handful of `cv2.polylines` calls (one per colour group) instead of one
call per bone. The face is drawn as MediaPipe's contour set (eyes, brows, lips, oval) rather than
the 2,564-edge mesh; world-coordinate components are not drawn.

MP4s are browser-playable: libx264, yuv420p, even frame sizes, `+faststart`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from signbridge.knowledge.atomic import atomic_write
from signbridge.knowledge.config import check_fields

# MediaPipe FACEMESH_CONTOURS (Apache-2.0), by face-landmark name ("0".."477")
_FACE_CONTOURS = (
    "0-267 7-163 10-338 13-312 14-317 17-314 21-54 33-7 33-246 37-0 39-37 40-39 46-53 52-65 53-52 54-103 "
    "58-132 61-146 61-185 63-105 65-55 66-107 67-109 70-63 78-95 78-191 80-81 81-82 82-13 84-17 87-14 88-178 "
    "91-181 93-234 95-88 103-67 105-66 109-10 127-162 132-93 136-172 144-145 145-153 146-91 148-176 149-150 "
    "150-136 152-148 153-154 154-155 155-133 157-173 158-157 159-158 160-159 161-160 162-21 163-144 172-58 "
    "173-133 176-149 178-87 181-84 185-40 191-80 234-127 246-161 249-390 251-389 263-249 263-466 267-269 "
    "269-270 270-409 276-283 282-295 283-282 284-251 288-397 293-334 295-285 296-336 297-332 300-293 310-415 "
    "311-310 312-311 314-405 317-402 318-324 321-375 323-361 324-308 332-284 334-296 338-297 356-454 361-288 "
    "365-379 373-374 374-380 375-291 377-152 378-400 379-378 380-381 381-382 382-362 384-398 385-384 386-385 "
    "387-386 388-387 389-356 390-373 397-365 398-362 400-377 402-318 405-321 409-291 415-308 454-323 466-388"
)
# body bones not drawn: the face, fingers (drawn by the hand components) and legs
_BODY_SKIP = ("EYE", "EAR", "MOUTH", "NOSE", "PINKY", "INDEX", "THUMB", "KNEE", "ANKLE", "HEEL", "FOOT")
_FINGERS = {"THUMB": 0, "INDEX": 1, "MIDDLE": 2, "RING": 3, "PINKY": 4}

# RGB colours
BACKGROUND = (250, 250, 247)
BODY = (70, 78, 92)
FACE = (120, 128, 140)
# thumb..pinky. The signer's right hand in warm hues, the left in cool hues, so the two hands stay
# apart at a glance (no hue is shared) while each finger keeps its own colour.
RIGHT_HAND = ((200, 30, 45), (236, 110, 20), (215, 165, 0), (215, 70, 150), (140, 75, 35))
LEFT_HAND = ((25, 85, 200), (0, 155, 200), (20, 150, 100), (110, 70, 200), (60, 110, 40))


@dataclass
class AnimationConfig:
    size: int = field(default=320, metadata={"help": "longest side of the frame in pixels (rounded to even)"})
    margin: float = field(default=0.08, metadata={"help": "empty border around the signer, fraction of the size"})
    line_width: int = field(default=0, metadata={"help": "bone thickness in pixels (0 = from size)"})
    fps: float | None = field(default=None, metadata={"help": "playback frame rate (None = the pose's)"})
    crf: int = field(default=23, metadata={"help": "H.264 quality (lower is better)"})
    hand_insets: bool = field(default=True, metadata={"help": "magnified hands beside a tall frame (right hand on the viewer's left), so handshapes stay readable"})

    def __post_init__(self):
        check_fields(self, positive=("size", "fps"), non_negative=("line_width", "crf"), fractions=("margin",))


@dataclass(frozen=True)
class _Group:
    edges: np.ndarray  # (E, 2) point indices
    color: tuple[int, int, int]
    width_scale: float


def _header_key(header) -> tuple:
    return tuple((c.name, tuple(c.points), tuple(map(tuple, c.limbs))) for c in header.components)


@lru_cache(maxsize=16)
def _groups(key: tuple) -> tuple[_Group, ...]:
    """Colour groups of bones (global point indices) for a header layout."""
    groups: list[_Group] = []
    start = 0
    for name, points, limbs in key:
        base = start
        start += len(points)
        if "WORLD" in name:
            continue
        if "FACE" in name:
            where = {p: base + i for i, p in enumerate(points)}
            pairs = [tuple(e.split("-")) for e in _FACE_CONTOURS.split()]
            edges = [(where[a], where[b]) for a, b in pairs if a in where and b in where]
            if not edges:  # a face with other point names: its own limbs
                edges = [(base + a, base + b) for a, b in limbs]
            if edges:
                groups.append(_Group(np.array(edges), FACE, 0.45))
        elif "HAND" in name:
            palette = LEFT_HAND if name.startswith("LEFT") else RIGHT_HAND
            by_finger: dict[int, list] = {}
            for a, b in limbs:
                finger = next((f for k, f in _FINGERS.items() if k in points[b]), 0)
                by_finger.setdefault(finger, []).append((base + a, base + b))
            for finger, edges in sorted(by_finger.items()):
                groups.append(_Group(np.array(edges), palette[finger], 0.6))
        elif name == "POSE_LANDMARKS":
            edges = [(base + a, base + b) for a, b in limbs
                     if not any(s in points[a] or s in points[b] for s in _BODY_SKIP)]
            if edges:
                groups.append(_Group(np.array(edges), BODY, 1.0))
        else:  # other layouts (OpenPose, reduced, imports): draw their limbs as body
            if limbs:
                groups.append(_Group(np.array([(base + a, base + b) for a, b in limbs]), BODY, 0.8))
    return tuple(groups)


def _drawn_points(header) -> np.ndarray:
    drawn, start = [], 0
    for c in header.components:
        if "WORLD" not in c.name:
            drawn.append(np.arange(start, start + len(c.points)))
        start += len(c.points)
    return np.concatenate(drawn) if drawn else np.arange(0)


def project(pose, config: AnimationConfig) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Pixel coordinates of every point: xy (T, P, 2) int32 in 1/4 pixels, visible (T, P), (width, height)."""
    data = np.asarray(np.ma.getdata(pose.body.data)[:, 0, :, :2], dtype=np.float32)  # (T, P, 2)
    visible = np.asarray(pose.body.confidence[:, 0] > 0)  # (T, P)
    groups = _groups(_header_key(pose.header))
    drawn = np.unique(np.concatenate([g.edges.ravel() for g in groups])) if groups else _drawn_points(pose.header)
    seen = data[:, drawn][visible[:, drawn]]  # (N, 2)
    if seen.size == 0:
        lo, hi = np.zeros(2, np.float32), np.ones(2, np.float32)
    else:
        lo, hi = np.percentile(seen, 0.1, axis=0), np.percentile(seen, 99.9, axis=0)
    extent = np.maximum(hi - lo, 1e-6)
    pad = config.size * config.margin
    scale = (config.size - 2 * pad) / extent.max()
    w, h = (int(np.ceil((e * scale + 2 * pad) / 2)) * 2 for e in extent)  # even sizes for yuv420p
    offset = (np.array([w, h]) - extent * scale) / 2
    xy = ((data - lo) * scale + offset) * 4  # cv2 shift=2: quarter-pixel precision
    xy = np.clip(xy, -1e5, 1e5).astype(np.int32)
    return xy, visible, (w, h)


def _hand_ranges(header) -> dict[str, np.ndarray]:
    """Point indices of the right and left hand components (empty when the layout has none)."""
    out, start = {}, 0
    for c in header.components:
        if c.name in ("RIGHT_HAND_LANDMARKS", "LEFT_HAND_LANDMARKS"):
            out[c.name.split("_")[0].lower()] = np.arange(start, start + len(c.points))
        start += len(c.points)
    return out


def _inset_width(w: int, h: int, config: AnimationConfig, hands: dict) -> int:
    """Width of each side panel: only for tall frames with hands, within `size`, even."""
    if not config.hand_insets or not hands or h < 1.15 * w:
        return 0
    return int(min((config.size - w) // 2, w * 0.55, h * 0.3)) // 2 * 2


def _draw_insets(img, t: int, xy, visible, groups, hands: dict, scales: dict, side: int, h: int, w: int, width: int):
    """Each hand magnified in its panel: right hand left of the skeleton, left hand right of it."""
    import cv2

    top = int(h * 0.34)
    for name, idx in hands.items():
        x0 = 0 if name == "right" else w - side
        cv2.rectangle(img, (x0 + 2, top), (x0 + side - 3, top + side - 3), (226, 226, 220), 1, cv2.LINE_AA)
        seen = idx[visible[t, idx]]
        if len(seen) < 3:
            continue
        center = xy[t, seen].mean(0)
        target = np.array([x0 + side / 2, top + side / 2]) * 4
        for g in groups:
            if not np.isin(g.edges[:, 0], idx).all():
                continue
            keep = visible[t, g.edges[:, 0]] & visible[t, g.edges[:, 1]]
            if keep.any():
                lines = ((xy[t][g.edges[keep]] - center) * scales[name] + target).astype(np.int32)
                cv2.polylines(img, list(lines), False, g.color, max(1, round(width * 0.8)), cv2.LINE_AA, 2)


def render_frames(pose, config: AnimationConfig | None = None) -> np.ndarray:
    """RGB frames (T, H, W, 3) uint8 of the skeleton (with magnified hands beside a tall frame)."""
    import cv2

    config = config or AnimationConfig()
    xy, visible, (w, h) = project(pose, config)
    groups = _groups(_header_key(pose.header))
    width = config.line_width or max(1, round(config.size / 110))
    hands = {k: v for k, v in _hand_ranges(pose.header).items() if visible[:, v].any()}
    side = _inset_width(w, h, config, hands)
    scales = {}
    for name, idx in hands.items():  # one magnification per hand for the whole clip (no pulsing)
        extent = [np.ptp(xy[t, idx[visible[t, idx]]], axis=0).max() for t in range(len(xy)) if visible[t, idx].sum() > 2]
        scales[name] = 0.8 * side * 4 / max(max(extent, default=1.0), 1.0)
    if side:
        xy = xy + np.array([side * 4, 0], dtype=np.int32)
        w += 2 * side
    frames = np.empty((len(xy), h, w, 3), dtype=np.uint8)
    frames[:] = BACKGROUND
    for t in range(len(xy)):
        img = frames[t]
        for g in groups:
            keep = visible[t, g.edges[:, 0]] & visible[t, g.edges[:, 1]]
            if not keep.any():
                continue
            lines = xy[t][g.edges[keep]]  # (E, 2, 2)
            cv2.polylines(img, list(lines), False, g.color, max(1, round(width * g.width_scale)), cv2.LINE_AA, 2)
        if side:
            _draw_insets(img, t, xy, visible, groups, hands, scales, side, h, w, width)
    return frames


def save_gif(frames: np.ndarray, path: Path, fps: float) -> Path:
    from PIL import Image

    images = [Image.fromarray(f) for f in frames]
    # one shared palette from a few frames keeps colours stable and encoding fast
    sample = Image.fromarray(np.concatenate(list(frames[:: max(1, len(frames) // 4)][:4]), axis=0))
    palette = sample.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    quantized = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    atomic_write(path, lambda tmp: quantized[0].save(tmp, format="GIF", save_all=True, append_images=quantized[1:],
                                                 duration=int(round(1000 / fps)), loop=0, optimize=False,
                                                 disposal=1))
    return path


def save_mp4(frames: np.ndarray, path: Path, fps: float, crf: int = 23) -> Path:
    import av
    from fractions import Fraction

    h, w = frames.shape[1:3]

    def write(tmp: Path):
        with av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
            stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
            stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
            stream.options = {"crf": str(crf), "preset": "superfast"}
            for frame in frames:
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                    container.mux(packet)
            for packet in stream.encode():
                container.mux(packet)

    atomic_write(path, write)
    return path


def save_png_frame(frames: np.ndarray, path: Path, index: int | None = None) -> Path:
    from PIL import Image

    index = len(frames) // 2 if index is None else index
    atomic_write(path, lambda tmp: Image.fromarray(frames[index]).save(tmp, format="PNG"))
    return path
