"""Check output paths given on the command line before any work starts.

The same rule as `produce --out`: a file or folder the user names must lie inside the working
directory or the output directory (`--out`, `$SIGNBRIDGE_OUT`, default ./signbridge-out), so a
typo or a `../` cannot write over files elsewhere, and a bad name fails at once, not after a
long run.
"""

from __future__ import annotations

from pathlib import Path


def _roots(out_dir: Path | None) -> list[Path]:
    from signbridge.agents.cli.app import settings

    roots = [Path.cwd(), Path(settings().out_dir)]
    if out_dir is not None:
        roots.append(Path(out_dir))
    return list(dict.fromkeys(r.resolve() for r in roots))


def checked_out_dir(out: Path | None) -> Path | None:
    """`--out DIR`: inside the working dir or the default output dir, and not an existing file."""
    if out is None:
        return None
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.paths import confine

    folder = confine(out, _roots(None), what="output folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"output folder '{out}' is a file: give a folder for --out")
    return folder


def checked_out_file(path: Path | None, suffixes: tuple[str, ...], what: str, out_dir: Path | None = None) -> Path | None:
    """An output file option: allowed folder, one of `suffixes`, not an existing folder."""
    if path is None:
        return None
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.paths import confine

    resolved = confine(path, _roots(out_dir), what=what)
    if resolved.is_dir():
        raise InputError(f"{what} '{path}' is a folder: give a file name ending in {' or '.join(suffixes)}")
    if resolved.suffix.lower() not in suffixes:
        raise InputError(f"{what} '{path}' must end in {' or '.join(suffixes)}")
    return resolved
