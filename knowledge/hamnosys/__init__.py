"""HamNoSys in one place: the symbol table (`symbols`), the parser (`parse`, `types`), direction
geometry (`geometry`) and parser coverage (`coverage`). Descriptions (tools/describe) and the
animator build on these.
"""

from signbridge.knowledge.hamnosys.coverage import Coverage, coverage, dgs_coverage
from signbridge.knowledge.hamnosys.parse import parse
from signbridge.knowledge.hamnosys.symbols import CATEGORY, CHAR_BY_NAME, NAME_BY_CHAR, SYMBOLS, symbol_names
from signbridge.knowledge.hamnosys.types import (HamNoSysSign, HandConfig, Handshape, Motion, Placement,
                                                 SignSegment, selected_fingers)

__all__ = ["CATEGORY", "CHAR_BY_NAME", "Coverage", "HamNoSysSign", "HandConfig", "Handshape", "Motion",
           "NAME_BY_CHAR", "Placement", "SYMBOLS", "SignSegment", "coverage", "dgs_coverage", "parse",
           "selected_fingers", "symbol_names"]
