"""Check output paths given on the command line before any work starts.

A file or folder the user names is the user's own (see knowledge/paths.py): it may be anywhere the
operating system allows. These checks only catch mistakes early, before a long run: a file where a
folder is wanted, a folder where a file is wanted, a wrong suffix.
"""

from __future__ import annotations

from pathlib import Path


def checked_out_dir(out: Path | None) -> Path | None:
    """`--out DIR`: not an existing file."""
    if out is None:
        return None
    from signbridge.agents.cli.app import settings
    from signbridge.knowledge.errors import InputError

    folder = settings().paths.write(out, what="output folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"output folder '{out}' is a file: give a folder for --out")
    return folder


def checked_out_file(path: Path | None, suffixes: tuple[str, ...], what: str, out_dir: Path | None = None) -> Path | None:
    """An output file option: one of `suffixes`, not an existing folder."""
    if path is None:
        return None
    from signbridge.agents.cli.app import settings
    from signbridge.knowledge.errors import InputError

    resolved = settings().paths.write(path, what=what)
    if resolved.is_dir():
        raise InputError(f"{what} '{path}' is a folder: give a file name ending in {' or '.join(suffixes)}")
    if resolved.suffix.lower() not in suffixes:
        raise InputError(f"{what} '{path}' must end in {' or '.join(suffixes)}")
    return resolved
