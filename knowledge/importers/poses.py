"""Importers for pose datasets read through `signbridge.knowledge.formats`: Prompt2Sign and SignVerse-2M.

Two ways to say which clip means what:

- a CSV next to the files, ``path,word,gloss,language[,line]`` (``line``: 1-based clip line inside a
  Prompt2Sign text/.skels file, default 1) — works for both kinds;
- for ``prompt2sign`` only, Prompt2Sign's parallel files: ``NAME.skels`` (or ``NAME.txt``) with one clip
  per line and ``NAME.text`` with the sentence of each line (``--lang`` required). Line i of the
  text file describes clip line i.

Each clip is converted to a ``.pose`` (the format's own layout: common/dwpose) and stored
content-addressed. Each clip line is parsed on its own, so one damaged line fails only its item.
SignVerse files in the nested (pickled) encoding are refused: unpickling runs code from the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from signbridge.knowledge.errors import InputError, SignbridgeError
from signbridge.knowledge.importers.base import ImportContext, ImportItem, ItemError, check_pose, check_word, store_pose
from signbridge.knowledge.importers.videos import entry_for, find_csv, read_rows, row_language
from signbridge.knowledge.types import LexiconEntry

SUFFIXES = {"prompt2sign": (".txt", ".skels"), "signverse": (".npz",)}


def _line_offsets(path: Path) -> list[int]:
    """Byte offset of every line start (one pass; lets each item read just its own line)."""
    offsets, position = [], 0
    with open(path, "rb") as f:
        for raw in f:
            offsets.append(position)
            position += len(raw)
    return offsets


class PoseListImporter:
    def __init__(self, kind: str):
        self.kind = kind
        self._offsets: dict[Path, list[int]] = {}

    # ---------------------------------------------------------------- planning
    def plan(self, ctx: ImportContext) -> list[ImportItem]:
        try:
            find_csv(ctx)
            return read_rows(ctx)
        except InputError:
            if self.kind != "prompt2sign" or not ctx.path.is_dir():
                raise
        return self._parallel_items(ctx)

    def _parallel_items(self, ctx: ImportContext) -> list[ImportItem]:
        items = []
        for text_file in sorted(ctx.path.glob("*.text")):
            poses = next((text_file.with_suffix(s) for s in (".skels", ".txt") if text_file.with_suffix(s).exists()), None)
            if poses is None:
                continue
            with open(text_file, encoding="utf-8", errors="replace") as f:
                for n, sentence in enumerate(f, start=1):
                    items.append(ImportItem(key=f"{poses.name}#{n}", data={
                        "path": poses.name, "line": str(n), "word": sentence.strip(), "gloss": "", "language": "",
                        "_line": n}))
        if not items:
            raise InputError(f"nothing to import in '{ctx.path}': give a CSV (path,word,gloss,language[,line]) or "
                             "Prompt2Sign parallel files NAME.skels (or NAME.txt) + NAME.text")
        return items

    # ---------------------------------------------------------------- one clip
    def process(self, item: ImportItem, ctx: ImportContext) -> list[LexiconEntry]:
        from signbridge.knowledge.formats import read_poses

        row = item.data
        raw = (row.get("path") or "").strip()
        if not raw:
            raise ItemError(f"line {row['_line']}: empty 'path'")
        path = ctx.confined(raw, what="pose file")
        if path.suffix.lower() not in SUFFIXES[self.kind]:
            raise ItemError(f"'{raw}' is not a {self.kind} file ({', '.join(SUFFIXES[self.kind])})")
        row_language(row, ctx)
        check_word(row.get("word"), row["_line"])
        try:
            if self.kind == "signverse":
                poses = list(read_poses(path, fmt="signverse"))
                pose, fmt = poses[0], "signverse"
            else:
                pose, fmt = self._prompt2sign_clip(path, row, ctx)
        except SignbridgeError as error:
            raise ItemError(str(error)) from error
        frames = int(pose.body.data.shape[0])  # (frames, people, points, dims)
        if frames == 0:
            raise ItemError("empty clip (0 frames): the upstream pose extraction failed for it")
        check_pose(pose)
        stored = store_pose(pose, ctx.settings)
        return [entry_for(row, ctx, item.key, stored, fmt, {"frames": frames, "fps": float(pose.body.fps),
                                                            "clip_line": row.get("line") or None})]

    def _prompt2sign_clip(self, path: Path, row: dict, ctx: ImportContext):
        """Parse only the wanted line: copy it into a one-line temp file and read that."""
        from signbridge.knowledge.formats import detect_format, read_poses

        try:
            line = int((row.get("line") or "1").strip())
        except ValueError as error:
            raise ItemError(f"line {row['_line']}: 'line' must be a number") from error
        if line < 1:
            raise ItemError(f"line {row['_line']}: 'line' is 1-based")
        fmt = detect_format(path)
        if path not in self._offsets:
            self._offsets[path] = _line_offsets(path)
        offsets = self._offsets[path]
        if line > len(offsets):
            raise ItemError(f"'{path.name}' has {len(offsets)} lines, not {line}")
        with open(path, "rb") as f:
            f.seek(offsets[line - 1])
            text = f.readline().decode("utf-8", errors="replace")
        tmp_dir = ctx.settings.cache_dir / "import-lines"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{os.getpid()}-{abs(hash((str(path), line)))}{path.suffix}"
        try:
            tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
            poses = list(read_poses(tmp, fmt=fmt))
        finally:
            tmp.unlink(missing_ok=True)
        if not poses:
            raise ItemError(f"line {line} of '{path.name}' holds no clip")
        return poses[0], fmt
