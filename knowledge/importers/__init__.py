"""Importers: add lexicons, poses and documents to the knowledge base, resumably.

`run_import(kind, path, settings, ...)` picks the importer by name:

    spoken-to-signed  a folder with index.csv + .pose files
    videos            a folder of sign videos + a CSV (path,word,gloss,language) -> MediaPipe poses
    prompt2sign       Prompt2Sign pose text (+ .skels) with a CSV of words
    signverse         SignVerse-2M npz pose files with a CSV of words
    documents         text / markdown / PDF files chunked for description retrieval
"""

from __future__ import annotations

from pathlib import Path

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.importers.base import ImportReport, run
from signbridge.knowledge.settings import Settings

KINDS = ("spoken-to-signed", "videos", "prompt2sign", "signverse", "documents")


def get_importer(kind: str):
    kind = kind.strip().lower()
    if kind == "spoken-to-signed":
        from signbridge.knowledge.importers.spoken_to_signed import SpokenToSignedImporter

        return SpokenToSignedImporter()
    if kind == "videos":
        from signbridge.knowledge.importers.videos import VideosImporter

        return VideosImporter()
    if kind in ("prompt2sign", "signverse"):
        from signbridge.knowledge.importers.poses import PoseListImporter

        return PoseListImporter(kind)
    if kind == "documents":
        from signbridge.knowledge.importers.documents import DocumentsImporter

        return DocumentsImporter()
    raise InputError(f"unknown import kind '{kind}': use one of {', '.join(KINDS)}")


def run_import(kind: str, path: str | Path, settings: Settings, language: str | None = None, name: str | None = None,
               license: str | None = None, progress: bool = True, *, kb, **options) -> ImportReport:
    """Import ``path`` as ``kind``; rerun with the same name to resume. Returns a per-item report."""
    return run(get_importer(kind), path, settings, language=language, name=name, license=license,
               progress=progress, kb=kb, **options)
