"""Streaming encoders for skeleton animations: frames go in one at a time and are written as they come,
so a render holds a frame or two, never the clip (a 2,000-letter fingerspelled text is ~33,000 frames).

- GIF: one shared 64-colour palette (from a few sample frames), no dithering; a frame identical to the
  previous one lengthens that one's duration; a changed frame is stored as the box that changed, drawn
  over the previous frame (disposal 1). Pillow's `save_all` writes the same frames but holds all of them.
- MP4: H.264 through PyAV: libx264, yuv420p, even frame sizes, `+faststart` (browser-playable).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from signbridge.knowledge.atomic import atomic_path, atomic_write


class GifEncoder:
    """Writes a looping GIF to `fp`; holds the last distinct frame's palette indices and one pending frame."""

    def __init__(self, fp: BinaryIO, sample: list[np.ndarray], fps: float):
        from PIL import Image

        self._fp, self._ms = fp, int(round(1000 / fps))
        # one shared palette from a few frames keeps colours stable and encoding fast
        self._palette = Image.fromarray(np.concatenate(sample, axis=0)).quantize(
            colors=64, method=Image.Quantize.MEDIANCUT)
        self._pending: list | None = None  # [image, (x, y) offset, duration ms], written when a different frame comes
        self._previous: np.ndarray | None = None  # (H, W) palette indices of the last different frame
        self._started = False

    def add(self, frame: np.ndarray) -> None:
        """Append one RGB frame (H, W, 3) uint8."""
        from PIL import Image

        image = Image.fromarray(frame).quantize(palette=self._palette, dither=Image.Dither.NONE)
        index = np.asarray(image)  # (H, W) uint8
        if self._previous is None:
            self._pending = [image, (0, 0), self._ms]
        else:
            changed = index != self._previous
            rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
            if not len(rows):  # the same picture: the pending frame just shows longer
                self._pending[2] += self._ms
                return
            box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
            self._flush()
            self._pending = [image if box == (0, 0, *image.size) else image.crop(box), box[:2], self._ms]
        self._previous = index

    def _flush(self) -> None:
        from PIL import GifImagePlugin

        image, offset, ms = self._pending
        if not self._started:
            header, _ = GifImagePlugin.getheader(image, None, {"loop": 0, "duration": ms})
            self._fp.write(b"".join(header))
            self._started = True
        for data in GifImagePlugin.getdata(image, offset, duration=ms, disposal=1):
            self._fp.write(data)

    def close(self) -> None:
        if self._pending is None:
            raise ValueError("a GIF needs at least one frame")
        self._flush()
        self._fp.write(b";")  # trailer


class Mp4Encoder:
    """Writes H.264 to `path` as frames come (x264 keeps only its short look-ahead)."""

    def __init__(self, path: Path, size: tuple[int, int], fps: float, crf: int = 23):
        import av
        from fractions import Fraction

        self._av = av
        self._container = av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"})
        self._stream = self._container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
        self._stream.width, self._stream.height = size
        self._stream.pix_fmt = "yuv420p"
        self._stream.options = {"crf": str(crf), "preset": "superfast"}
        self._open = True

    def add(self, frame: np.ndarray) -> None:
        for packet in self._stream.encode(self._av.VideoFrame.from_ndarray(frame, format="rgb24")):
            self._container.mux(packet)

    def close(self) -> None:
        try:
            for packet in self._stream.encode():
                self._container.mux(packet)
        finally:
            self.release()

    def release(self) -> None:
        """Close the file (also after an error)."""
        if self._open:
            self._open = False
            self._container.close()


def save_animation(skeleton, fps: float, gifs: list[Path] = (), mp4: Path | None = None, crf: int = 23) -> None:
    """Draw `skeleton` (an `animation.Skeleton`) once, frame by frame, into every requested file.

    Each file is written atomically: on an error none of them is replaced.
    """
    with contextlib.ExitStack() as stack:
        encoders: list = []
        if gifs:
            step = max(1, len(skeleton) // 4)
            sample = [skeleton.frame(t) for t in range(0, len(skeleton), step)[:4]]
            for path in dict.fromkeys(gifs):
                fp = stack.enter_context(open(stack.enter_context(atomic_path(path)), "wb"))
                encoders.append(GifEncoder(fp, sample, fps))
        if mp4 is not None:
            video = Mp4Encoder(stack.enter_context(atomic_path(mp4)), skeleton.size, fps, crf)
            stack.callback(video.release)
            encoders.append(video)
        for frame in skeleton.frames():
            for encoder in encoders:
                encoder.add(frame)
        for encoder in encoders:
            encoder.close()


def save_png(frame: np.ndarray, path: Path) -> Path:
    """One RGB frame (H, W, 3) uint8 as a PNG still."""
    from PIL import Image

    return atomic_write(path, lambda tmp: Image.fromarray(frame).save(tmp, format="PNG"))
