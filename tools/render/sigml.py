"""SiGML export: the production's dictionary signs as HamNoSys in SiGML, for JASigning/CWASA avatars.

Each token that came from a dictionary entry with HamNoSys becomes one `<hns_sign gloss=...>`
(converted by the PyPI `hamnosys` package, HamToSigml); tokens without HamNoSys (SignWriting-only
entries, fingerspelling) have no SiGML and are listed in a comment, so an avatar plays the same
signs the rule-based animation shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET


def sigml(result) -> tuple[str | None, list[str]]:
    """(SiGML document or None when no token has HamNoSys, tokens left out)."""
    from hamnosys import HamToSigml

    converter = HamToSigml()
    root = ET.Element("sigml")
    left_out = []
    for c in result.coverage:
        if not c.hamnosys:
            left_out.append(c.token)
            continue
        try:
            doc = ET.fromstring(converter.convert(c.hamnosys, gloss=c.gloss).encode("utf-8"))
        except (ValueError, ET.ParseError):
            left_out.append(c.token)
            continue
        root.extend(doc.findall("hns_sign"))
    if not len(root):
        return None, left_out
    if left_out:
        root.insert(0, ET.Comment(f" no HamNoSys (not in this file): {', '.join(left_out)} "))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n", left_out
