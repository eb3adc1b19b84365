"""Character vocabulary for text-to-pose and the fingerspelling recogniser.

Text is normalised (NFC, case-folded) and split into Unicode characters. Ids 0-3 are
special tokens; language markers live in a separate, small table so that a
Prompt2LangGloss token `<ase h>` is the pair (char id of "h", language id of "ase"):
the model embeds it as `char_embedding + language_embedding`, the factored form of a
joint `<lang char>` vocabulary (which would need one row per language x character and
share nothing between languages).

>>> v = CharVocab.build(["hallo", "hello"], ["gsg", "ase"])
>>> v.marked("he", "ase")
['<ase h>', '<ase e>']
>>> v.decode(v.encode("hello"))
'hello'
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write_text
from signbridge.knowledge.text import normalize_text

PAD, BOS, EOS, UNK = 0, 1, 2, 3
SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")



@dataclass
class CharVocab:
    chars: list[str]  # id = index + len(SPECIALS)
    languages: list[str] = field(default_factory=list)  # language id = index + 1 (0 = no marker)

    def __post_init__(self):
        self._index = {c: i + len(SPECIALS) for i, c in enumerate(self.chars)}
        self._lang_index = {code: i + 1 for i, code in enumerate(self.languages)}

    @classmethod
    def build(cls, texts, languages=()) -> "CharVocab":
        chars = sorted({c for t in texts for c in normalize_text(t)})
        return cls(chars=chars, languages=sorted(set(languages)))

    def __len__(self) -> int:
        return len(SPECIALS) + len(self.chars)

    @property
    def n_languages(self) -> int:
        """Rows of the language-marker table (0 = no marker)."""
        return len(self.languages) + 1

    def encode(self, text: str, bos_eos: bool = True) -> list[int]:
        ids = [self._index.get(c, UNK) for c in normalize_text(text)]
        return [BOS, *ids, EOS] if bos_eos else ids

    def decode(self, ids) -> str:
        n = len(SPECIALS)
        return "".join(self.chars[i - n] for i in ids if i >= n and i - n < len(self.chars))

    def language_id(self, code: str | None) -> int:
        if code is None:
            return 0
        if code not in self._lang_index:
            from signbridge.knowledge.errors import UnknownLanguageError

            known = ", ".join(self.languages) or "none"
            raise UnknownLanguageError(f"this model was not trained for '{code}' (it knows: {known})")
        return self._lang_index[code]

    def unknown_chars(self, text: str) -> list[str]:
        return sorted({c for c in normalize_text(text) if c not in self._index})

    def marked(self, text: str, language: str) -> list[str]:
        """The Prompt2LangGloss view of a text: one `<lang char>` token per character."""
        return [f"<{language} {c}>" for c in normalize_text(text)]

    # --- symmetric I/O ---
    def to_json(self) -> dict:
        return {"specials": list(SPECIALS), "chars": self.chars, "languages": self.languages}

    @classmethod
    def from_json(cls, data: dict) -> "CharVocab":
        return cls(chars=list(data["chars"]), languages=list(data.get("languages", [])))

    def write(self, path: Path) -> None:
        atomic_write_text(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1))

    @classmethod
    def read(cls, path: Path) -> "CharVocab":
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
