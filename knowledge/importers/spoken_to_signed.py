"""Importer for spoken-to-signed lexicon folders: ``index.csv`` + ``.pose`` files.

index.csv columns: ``path,spoken_language,signed_language,start,end,words,glosses,priority``
(the format of spoken-to-signed's own fingerspelling lexicon and of the lexicons it publishes).
Each row becomes a sign entry whose pose is copied content-addressed into ``<home>/poses``.
"""

from __future__ import annotations


from signbridge.knowledge.importers.base import (ImportContext, ImportItem, ItemError, check_word, copy_into_poses,
                                                 read_pose_file, resolve_row_language)
from signbridge.knowledge.types import LexiconEntry

COLUMNS = ("path", "spoken_language", "signed_language", "start", "end", "words", "glosses", "priority")


def _int(value, what: str) -> int:
    try:
        return int(float(value)) if str(value).strip() else 0
    except ValueError as error:
        raise ItemError(f"{what} '{value}' is not a number") from error


class SpokenToSignedImporter:
    kind = "spoken-to-signed"

    def plan(self, ctx: ImportContext) -> list[ImportItem]:
        from signbridge.knowledge.errors import InputError
        from signbridge.knowledge.importers.csvfile import read_csv_rows

        index = ctx.path / "index.csv" if ctx.path.is_dir() else ctx.path
        if not index.exists():
            raise InputError(f"no index.csv in '{ctx.path}': a spoken-to-signed lexicon folder has index.csv "
                             f"with columns {','.join(COLUMNS)}")
        rows = read_csv_rows(index, ("path", "signed_language", "words"), ",".join(COLUMNS))
        items, seen = [], {}
        for n, row in enumerate(rows, start=2):
            base = f"{row.get('path', '')}|{row.get('words', '')}|{row.get('start', '')}"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base}|{seen[base]}"
            items.append(ImportItem(key=key, data={**row, "_line": n}))
        return items

    def process(self, item: ImportItem, ctx: ImportContext) -> list[LexiconEntry]:
        row = item.data
        language = resolve_row_language(row.get("signed_language"), ctx, row["_line"])
        words = check_word(row.get("words"), row["_line"])
        if not (row.get("path") or "").strip():
            raise ItemError(f"line {row['_line']}: empty 'path'")
        path = ctx.confined(row["path"].strip(), what="pose file")
        read_pose_file(path)  # refuse broken files before anything is stored
        stored = copy_into_poses(path, ctx.settings)
        start, end = _int(row.get("start"), "start"), _int(row.get("end"), "end")
        gloss = (row.get("glosses") or words).strip().upper().replace(" ", "-")
        return [LexiconEntry(
            id=ctx.entry_id(item.key), language=language, gloss=gloss, words=[words], source=ctx.source, kind="sign",
            original_gloss=row.get("glosses") or None, pose_path=str(stored),
            pose_start_ms=start or None, pose_end_ms=end or None,
            extra={"spoken_language": (row.get("spoken_language") or "").strip() or None,
                   "priority": _int(row.get("priority"), "priority"), "imported_from": row["path"]},
        )]
