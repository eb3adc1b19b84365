"""Importer for dictionaries and textbooks as text: .txt, .md and .pdf -> chunks for description RAG.

Files are read (PDF page by page with pypdf), split into overlapping chunks with llama-index's
SentenceSplitter (extra `rag`), and stored as kind="document" entries whose `description` is the
chunk text. Only llama-index's node parser is used, with a whitespace tokenizer: no llama-index
embedding model (its default would call OpenAI) and no tiktoken download. The chunks are embedded
by the knowledge base's own backend into its chromadb collection and found with
`signbridge.knowledge.lookup.search_documents`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.errors import InputError, require
from signbridge.knowledge.importers.base import ImportContext, ImportItem, ItemError
from signbridge.knowledge.types import LexiconEntry

SUFFIXES = (".txt", ".md", ".markdown", ".pdf")
UNDETERMINED = "und"  # ISO 639-3 "undetermined": documents not tied to one sign language


@dataclass
class ChunkConfig:
    chunk_size: int = field(default=200, metadata={"help": "words per chunk"})
    chunk_overlap: int = field(default=30, metadata={"help": "words shared by neighbouring chunks"})
    max_bytes: int = field(default=50_000_000, metadata={"help": "refuse larger files"})

    def __post_init__(self):
        check_fields(self, positive=("chunk_size", "max_bytes"), non_negative=("chunk_overlap",))
        if self.chunk_overlap >= self.chunk_size:
            raise InputError(f"ChunkConfig.chunk_overlap ({self.chunk_overlap}) must be smaller than chunk_size ({self.chunk_size})")


def _read_pages(path: Path) -> list[tuple[int | None, str]]:
    """[(page number or None, text)] of a document."""
    if path.suffix.lower() == ".pdf":
        pypdf = require("pypdf", "rag")
        try:
            reader = pypdf.PdfReader(str(path))
            if reader.is_encrypted:
                raise ItemError("encrypted PDF: decrypt it first")
            return [(n, page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)]
        except ItemError:
            raise
        except Exception as error:  # pypdf raises many kinds on damaged files
            raise ItemError(f"not a readable PDF ({type(error).__name__}: {str(error)[:120]})") from error
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ItemError("binary file, not text")
    try:
        return [(None, raw.decode("utf-8"))]
    except UnicodeDecodeError:
        return [(None, raw.decode("latin-1"))]


class DocumentsImporter:
    kind = "documents"

    def __init__(self, config: ChunkConfig | None = None):
        self.config = config or ChunkConfig()
        self._splitter = None

    def plan(self, ctx: ImportContext) -> list[ImportItem]:
        self.splitter()  # MissingExtraError (extra `rag`) before anything is planned
        files = [ctx.path] if ctx.path.is_file() else sorted(
            p for p in ctx.path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError(f"no {', '.join(SUFFIXES)} files in '{ctx.path}'")
        return [ImportItem(key=str(p.relative_to(ctx.root)) if p != ctx.root else p.name) for p in files]

    def splitter(self):
        if self._splitter is None:
            require("llama_index.core", "rag")
            from llama_index.core.node_parser import SentenceSplitter

            self._splitter = SentenceSplitter(chunk_size=self.config.chunk_size,
                                              chunk_overlap=self.config.chunk_overlap,
                                              tokenizer=lambda text: text.split())
        return self._splitter

    def process(self, item: ImportItem, ctx: ImportContext) -> list[LexiconEntry]:
        from llama_index.core import Document

        path = ctx.confined(item.key, what="document")
        if path.suffix.lower() not in SUFFIXES:
            raise ItemError(f"unsupported document type '{path.suffix}' (use {', '.join(SUFFIXES)})")
        if path.stat().st_size > self.config.max_bytes:
            raise ItemError(f"file larger than {self.config.max_bytes // 1_000_000} MB")
        pages = [(n, text) for n, text in _read_pages(path) if text.strip()]
        if not pages:
            raise ItemError("no extractable text (a scanned PDF needs OCR first)")
        documents = [Document(text=text, metadata={"page": n} if n else {}) for n, text in pages]
        nodes = self.splitter().get_nodes_from_documents(documents)
        language = ctx.language or UNDETERMINED
        entries = []
        for i, node in enumerate(nodes):
            text = node.get_content().strip()
            if not text:
                continue
            page = node.metadata.get("page")
            entries.append(LexiconEntry(
                id=ctx.entry_id(f"{item.key}#{i}"), language=language, gloss=f"{path.stem} #{i + 1}", words=[],
                source=ctx.source, kind="document", description=text,
                extra={"file": item.key, "chunk": i, **({"page": page} if page else {})}))
        return entries
