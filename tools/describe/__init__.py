"""Sign descriptions for sign-language recognition (GSP-MC style): global, synonym and per-part texts.

    describe(word, language, settings, backend="offline") -> Description
    describe_vocab(words, language, settings, out_path, resume=False, backend="offline", concurrency=4) -> Summary
    export_slr(jsonl_path, out_path, settings) -> Path

Descriptions are grounded in dictionary entries (HamNoSys parsed by `signbridge.knowledge.hamnosys`,
SignWriting read by `signbridge.knowledge.signwriting_parts`); words without an entry stay ungrounded and empty.
"""

from signbridge.tools.describe.core import describe
from signbridge.tools.describe.types import Description, Parts, SourceRef, Summary
from signbridge.tools.describe.vocab import describe_vocab, export_slr, read_vocab

__all__ = ["describe", "describe_vocab", "export_slr", "read_vocab", "Description", "Parts", "SourceRef", "Summary"]
