"""Skeleton animation of a pose: frames drawn with OpenCV, one at a time (`Skeleton.frames()`), for the
streaming GIF and H.264 MP4 encoders in `encoders.py`.

Faster than pose-format's PoseVisualizer: the points are projected to pixels with numpy a chunk of
frames at a time, and each frame is a handful of `cv2.polylines` calls (one per colour group) instead
of one call per bone. The face is drawn as MediaPipe's contour set (eyes, brows, lips, oval) rather
than the 2,564-edge mesh; world-coordinate components are not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Iterator

import numpy as np

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


_CHUNK = 256  # frames projected at a time: (256, P, 2) int32, ~1 MB for MediaPipe Holistic's 576 points


def _ranks(n: int, q: float) -> tuple[int, int, float]:
    """numpy's 'linear' percentile of n sorted values: the two ranks it reads and the weight between them."""
    v = (n - 1) * (q / 100)
    if v >= n - 1:
        return n - 1, n - 1, 0.0
    p = int(np.floor(v))
    return p, p + 1, v - p


def _lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """numpy's percentile interpolation, with its dtypes, so the bounds equal np.percentile's bit for bit."""
    t = np.array([t])  # float64, as numpy's weight array
    diff = np.subtract(b, a)
    out = np.asanyarray(np.add(a, diff * t))
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5, casting="unsafe")
    return out


class Skeleton:
    """A pose ready to draw frame by frame.

    What depends on the whole clip (the frame box from the 0.1/99.9 percentiles of the drawn points, the
    hands' magnification) comes from cheap passes over the points, a chunk of frames at a time; drawing
    then holds one chunk of points and one image. Memory does not grow with the length of the pose.
    """

    def __init__(self, pose, config: AnimationConfig | None = None, chunk: int = _CHUNK):
        self.pose, self.config, self.chunk = pose, config or AnimationConfig(), max(1, int(chunk))
        config = self.config
        self.groups = _groups(_header_key(pose.header))
        self.frame_count = len(pose.body.data)
        drawn = (np.unique(np.concatenate([g.edges.ravel() for g in self.groups])) if self.groups
                 else _drawn_points(pose.header))
        lo, hi = self._bounds(drawn)
        extent = np.maximum(hi - lo, 1e-6)
        pad = config.size * config.margin
        self._lo, self._scale = lo, (config.size - 2 * pad) / extent.max()
        w, h = (int(np.ceil((e * self._scale + 2 * pad) / 2)) * 2 for e in extent)  # even sizes for yuv420p
        self._offset = (np.array([w, h]) - extent * self._scale) / 2
        self.box = (w, h)  # the skeleton's own frame, without the hand panels
        self.line_width = config.line_width or max(1, round(config.size / 110))
        self.hands, reach = self._hand_reach()
        self.side = _inset_width(w, h, config, self.hands)
        # one magnification per hand for the whole clip (no pulsing)
        self.scales = {name: 0.8 * self.side * 4 / max(reach[name], 1.0) for name in self.hands}
        # per hand, the colour groups whose bones belong to it (decided once, not in every frame)
        self.hand_groups = {name: [g for g in self.groups if np.isin(g.edges[:, 0], idx).all()]
                            for name, idx in self.hands.items()}
        self._shift = np.array([self.side * 4, 0], dtype=np.int32)
        self.size = (w + 2 * self.side, h)  # (width, height) of every frame

    def __len__(self) -> int:
        return self.frame_count

    def _spans(self, start: int = 0, stop: int | None = None):
        stop = self.frame_count if stop is None else min(stop, self.frame_count)
        return ((t, min(t + self.chunk, stop)) for t in range(start, stop, self.chunk))

    def _points(self, t0: int, t1: int) -> tuple[np.ndarray, np.ndarray]:
        """Image-plane coordinates (C, P, 2) float32 and visibility (C, P) of frames t0..t1."""
        data = np.asarray(np.ma.getdata(self.pose.body.data)[t0:t1, 0, :, :2], dtype=np.float32)
        return data, np.asarray(self.pose.body.confidence[t0:t1, 0] > 0)

    def _bounds(self, drawn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """0.1 and 99.9 percentiles (2,) of the visible drawn points, exact, holding ~0.1 % of them."""
        n = sum(int(self._points(t0, t1)[1][:, drawn].sum()) for t0, t1 in self._spans())
        if n == 0:
            return np.zeros(2, np.float32), np.ones(2, np.float32)
        lp, ln, lt = _ranks(n, 0.1)
        hp, hn, ht = _ranks(n, 99.9)
        n_low, n_high = ln + 1, n - hp  # the smallest ranks 0..ln, the largest ranks hp..n-1
        low = high = np.empty((0, 2), np.float32)
        for t0, t1 in self._spans():
            data, visible = self._points(t0, t1)
            seen = data[:, drawn][visible[:, drawn]]  # (M, 2)
            low, high = np.concatenate([low, seen]), np.concatenate([high, seen])
            if len(low) > n_low:
                low = np.partition(low, n_low - 1, axis=0)[:n_low]
            if len(high) > n_high:
                high = np.partition(high, len(high) - n_high, axis=0)[-n_high:]
        low, high = np.sort(low, axis=0), np.sort(high, axis=0)
        return _lerp(low[lp], low[ln], lt), _lerp(high[hp - (n - n_high)], high[hn - (n - n_high)], ht)

    def _project(self, t0: int, t1: int) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (C, P, 2) int32 in 1/4 pixels (cv2 shift=2) in the skeleton's box, visibility (C, P)."""
        data, visible = self._points(t0, t1)
        xy = ((data - self._lo) * self._scale + self._offset) * 4
        return np.clip(xy, -1e5, 1e5).astype(np.int32), visible

    def _hand_reach(self) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """The hands seen at least once, and each one's largest extent in a frame (1/4 pixels)."""
        ranges = _hand_ranges(self.pose.header)
        seen = dict.fromkeys(ranges, False)
        reach = dict.fromkeys(ranges, 1.0)
        for t0, t1 in self._spans():
            xy, visible = self._project(t0, t1)
            for name, idx in ranges.items():
                vis = visible[:, idx]  # (C, 21)
                seen[name] |= bool(vis.any())
                counted = vis.sum(1) > 2
                if not counted.any():
                    continue
                pts, vis = xy[counted][:, idx], vis[counted][..., None]  # (K, 21, 2), (K, 21, 1)
                big = np.iinfo(np.int32).max
                spread = np.where(vis, pts, -big).max(1) - np.where(vis, pts, big).min(1)  # (K, 2)
                reach[name] = max(reach[name], float(spread.max()))
        return {name: idx for name, idx in ranges.items() if seen[name]}, reach

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[np.ndarray]:
        """RGB frames (H, W, 3) uint8, one at a time."""
        for t0, t1 in self._spans(start, stop):
            xy, visible = self._project(t0, t1)
            if self.side:
                xy = xy + self._shift
            # per group, for the whole chunk: bone end points (C, E, 2, 2) and which bones are seen (C, E)
            bones = [(xy[:, g.edges], visible[:, g.edges[:, 0]] & visible[:, g.edges[:, 1]]) for g in self.groups]
            for i in range(t1 - t0):
                yield self._draw(xy[i], visible[i], [(ends[i], seen[i]) for ends, seen in bones])

    def frame(self, t: int) -> np.ndarray:
        return next(self.frames(t, t + 1))

    def _draw(self, xy: np.ndarray, visible: np.ndarray, bones: list) -> np.ndarray:
        """One frame from its points xy (P, 2) and visibility (P,); `bones`, per group: this frame's bone
        end points (E, 2, 2) and which of them are seen (E,)."""
        import cv2

        w, h = self.size
        img = np.empty((h, w, 3), dtype=np.uint8)
        img[:] = BACKGROUND
        for g, (ends, keep) in zip(self.groups, bones):
            if keep.any():
                cv2.polylines(img, list(ends[keep]), False, g.color, max(1, round(self.line_width * g.width_scale)),
                              cv2.LINE_AA, 2)
        if self.side:
            _draw_insets(img, xy, visible, self.hand_groups, self.hands, self.scales, self.side, h, w, self.line_width)
        return img


def project(pose, config: AnimationConfig) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Pixel coordinates of every point: xy (T, P, 2) int32 in 1/4 pixels, visible (T, P), (width, height)
    of the skeleton's box (hand panels not included). Holds the whole clip: for short poses and checks."""
    skeleton = Skeleton(pose, config)
    parts = [skeleton._project(t0, t1) for t0, t1 in skeleton._spans()] or [skeleton._project(0, 0)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), skeleton.box


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


def _draw_insets(img, xy, visible, hand_groups: dict, hands: dict, scales: dict, side: int, h: int, w: int,
                 width: int):
    """Each hand of one frame (xy (P, 2), visible (P,)) magnified in its panel: right hand left of the
    skeleton, left hand right of it. `hand_groups`: per hand, the colour groups of its bones."""
    import cv2

    top = int(h * 0.34)
    for name, idx in hands.items():
        x0 = 0 if name == "right" else w - side
        cv2.rectangle(img, (x0 + 2, top), (x0 + side - 3, top + side - 3), (226, 226, 220), 1, cv2.LINE_AA)
        seen = idx[visible[idx]]
        if len(seen) < 3:
            continue
        center = xy[seen].mean(0)
        target = np.array([x0 + side / 2, top + side / 2]) * 4
        for g in hand_groups[name]:
            keep = visible[g.edges[:, 0]] & visible[g.edges[:, 1]]
            if keep.any():
                lines = ((xy[g.edges[keep]] - center) * scales[name] + target).astype(np.int32)
                cv2.polylines(img, list(lines), False, g.color, max(1, round(width * 0.8)), cv2.LINE_AA, 2)


def render_frames(pose, config: AnimationConfig | None = None) -> np.ndarray:
    """All RGB frames (T, H, W, 3) uint8 in one array: for short poses (stills, montages, checks); renders
    of a production stream `Skeleton.frames()` into the encoders instead."""
    skeleton = Skeleton(pose, config)
    w, h = skeleton.size
    frames = np.empty((len(skeleton), h, w, 3), dtype=np.uint8)
    for t, frame in enumerate(skeleton.frames()):
        frames[t] = frame
    return frames
