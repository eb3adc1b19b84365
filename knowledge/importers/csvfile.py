"""Read an importer's CSV index: UTF-8 (with or without a BOM), required columns, clear errors.

A spreadsheet export in another encoding, a binary file renamed to .csv or a file without the
needed header must end in one `InputError` line that says how to fix the file, not a traceback.
"""

from __future__ import annotations

import csv
from pathlib import Path

from signbridge.knowledge.errors import InputError


def read_csv_rows(index: Path, required: tuple[str, ...], expected: str) -> list[dict[str, str]]:
    """All rows of `index` as dicts; `expected` (e.g. "path,word,gloss,language") goes into the errors."""
    try:
        # utf-8-sig: Excel and LibreOffice put a BOM in front of the first column name
        with open(index, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields = [name.strip() for name in (reader.fieldnames or [])]
            missing = [c for c in required if c not in fields]
            if missing:
                raise InputError(f"{index} lacks column(s) {', '.join(missing)}; expected {expected}")
            reader.fieldnames = fields
            return list(reader)
    except UnicodeDecodeError as error:
        raise InputError(f"{index} is not UTF-8 text (bad byte at offset {error.start}): "
                         f"re-save it as UTF-8 CSV with columns {expected}") from None
    except csv.Error as error:
        raise InputError(f"{index} is not a readable CSV ({error}): expected columns {expected}") from None
