"""A LoRA glosser with retrieval (AuraLLM's ZRSL step at CPU scale): text -> gloss sequence.

1. Retrieve: candidate glosses for the text from the sign vocabulary (knowledge-base entries of the
   language plus any corpus glosses): cosine similarity of the knowledge base's lexical embedder
   (`knowledge/embeddings.py`, hashed character n-grams; offline, fast for thousands of words) between
   the text, its words and their lemmas, and each gloss's dictionary words. The top `k` go into the prompt.
2. Generate: SmolLM2 + LoRA, trained on dictionary/corpus pairs with the candidates in the prompt,
   writes the gloss sequence.
3. Ground: every output gloss is checked against the vocabulary. Exact -> kept; otherwise the most
   similar vocabulary gloss by embedding (AuraLLM's cosine match) above `match_threshold` replaces it
   ("matched"); below, the gloss is kept but marked "missing" (no sign known for it).

The model output is untrusted text: it is parsed into tokens of [A-ZÄÖÜ0-9-], capped in length, and only
grounded glosses are presented as dictionary signs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from signbridge.knowledge.errors import InputError

FORMAT = "signbridge-lora-glosser"
_GLOSS = re.compile(r"[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9-]*")


def normalise_gloss(gloss: str) -> str:
    """One comparable form: upper case, '-' between words ('guten morgen' == GUTEN-MORGEN)."""
    return "-".join(gloss.upper().replace("_", " ").replace("-", " ").split())


@dataclass
class Grounded:
    gloss: str  # the vocabulary gloss (or the raw output when missing)
    raw: str  # what the model wrote
    status: str  # exact | matched | missing
    similarity: float
    word: str = ""  # a dictionary word of the gloss (for the lexicon lookup)


class GlossVocabulary:
    """Glosses of one sign language with their spoken words, embedded once for retrieval and grounding."""

    def __init__(self, words_by_gloss: dict[str, list[str]], spoken: str, embedder=None):
        from signbridge.knowledge.embeddings import LexicalEmbedder

        self.spoken = spoken
        self.embedder = embedder or LexicalEmbedder()
        self.words_by_gloss = {normalise_gloss(g): ws for g, ws in words_by_gloss.items() if normalise_gloss(g)}
        self.glosses = sorted(self.words_by_gloss)
        self.index = {g: i for i, g in enumerate(self.glosses)}
        pairs = [(g, w) for g in self.glosses for w in (self.words_by_gloss[g] or [g.replace("-", " ").lower()])]
        self._owner = np.array([self.index[g] for g, _ in pairs])  # word row -> gloss id
        self._word_vectors = self.embedder.embed([w for _, w in pairs])  # (W, dim)
        self._gloss_vectors = self.embedder.embed([g.replace("-", " ") for g in self.glosses])  # (G, dim)

    @classmethod
    def from_entries(cls, entries, spoken: str, extra_glosses=()) -> "GlossVocabulary":
        words: dict[str, list[str]] = {}
        for e in entries:
            words.setdefault(e.gloss, [])
            words[e.gloss] += [w for w in e.words if w not in words[e.gloss]]
        for g in extra_glosses:
            words.setdefault(g, [])
        return cls(words, spoken)

    def retrieve(self, text: str, k: int = 8) -> list[str]:
        """Top-k vocabulary glosses for a text: best cosine of the text, its words or their lemmas."""
        from signbridge.knowledge.sources.wordlist import lemma

        words = re.findall(r"\w+", text)
        queries = [text] + words + [lemma(w, self.spoken) for w in words]
        sims = self.embedder.embed(queries) @ self._word_vectors.T  # (Q, W)
        best_word = sims.max(0)  # (W,)
        per_gloss = np.full(len(self.glosses), -1.0, dtype=np.float32)
        np.maximum.at(per_gloss, self._owner, best_word)
        top = np.argsort(-per_gloss, kind="stable")[:k]
        return [self.glosses[i] for i in top]

    def ground(self, raw: str, threshold: float = 0.75) -> Grounded:
        gloss = normalise_gloss(raw)
        if gloss in self.index:
            return Grounded(gloss, raw, "exact", 1.0, self._word(gloss))
        sims = self._gloss_vectors @ self.embedder.embed([gloss.replace("-", " ")])[0]  # (G,)
        best = int(np.argmax(sims)) if len(sims) else -1
        if best >= 0 and float(sims[best]) >= threshold:
            g = self.glosses[best]
            return Grounded(g, raw, "matched", round(float(sims[best]), 3), self._word(g))
        return Grounded(gloss, raw, "missing", round(float(sims[best]), 3) if best >= 0 else 0.0)

    def _word(self, gloss: str) -> str:
        words = self.words_by_gloss.get(gloss) or []
        return words[0] if words else gloss.replace("-", " ").lower()


def prompt(text: str, candidates: list[str], language_name: str) -> str:
    return (f"<|im_start|>user\nGloss this text for {language_name}. Candidate glosses: {', '.join(candidates)}.\n"
            f"Text: {text}<|im_end|>\n<|im_start|>assistant\n")


def parse_glosses(answer: str, limit: int = 24) -> list[str]:
    """Gloss tokens from the model's answer (untrusted): upper-case tokens only, capped."""
    return _GLOSS.findall(answer.upper())[:limit]


@dataclass
class LoraGlosser:
    lm: object  # peft model
    tokenizer: object
    vocabulary: GlossVocabulary
    meta: dict

    def gloss(self, texts: list[str], max_new_tokens: int = 24) -> list[list[Grounded]]:
        """Batched greedy glossing with retrieval and grounding."""
        import torch

        from signbridge.knowledge.languages import resolve

        name = resolve(self.meta["language"]).name
        k, threshold = self.meta.get("candidates", 8), self.meta.get("match_threshold", 0.75)
        prompts = [prompt(t, self.vocabulary.retrieve(t, k), name) for t in texts]
        self.tokenizer.padding_side = "left"
        out = []
        for start in range(0, len(prompts), 16):
            batch = self.tokenizer(prompts[start:start + 16], return_tensors="pt", padding=True, add_special_tokens=False)
            with torch.no_grad():
                ids = self.lm.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                       eos_token_id=self.tokenizer.convert_tokens_to_ids("<|im_end|>"),
                                       pad_token_id=self.tokenizer.pad_token_id)
            for row in ids[:, batch["input_ids"].shape[1]:]:
                answer = self.tokenizer.decode(row, skip_special_tokens=True)
                out.append([self.vocabulary.ground(g, threshold) for g in parse_glosses(answer)])
        return out


def read_meta(folder: Path) -> dict:
    from signbridge.models.checkpoints import read_model_meta

    return read_model_meta(folder, "glosser.json", FORMAT, "signbridge train gloss --lang gsg --out DIR")


def vocabulary_for(meta: dict, kb) -> GlossVocabulary:
    """The grounding vocabulary: knowledge-base entries of the language + the corpus glosses saved at training."""
    entries = kb.entries(meta["language"], kind="sign")
    return GlossVocabulary.from_entries(entries, meta["spoken"], meta.get("corpus_glosses", []))


def load_glosser(folder: Path, settings, lm_bundle=None, *, kb) -> LoraGlosser:
    from peft import PeftModel

    from signbridge.models.language_model import load_causal_lm

    meta = read_meta(folder)
    lm, tokenizer, _ = lm_bundle or load_causal_lm(meta["base_model"], settings.models_dir)
    try:
        lm = PeftModel.from_pretrained(lm, str(Path(folder) / "adapter"))
    except (OSError, ValueError, RuntimeError) as error:
        raise InputError(f"LoRA glosser '{folder}' cannot be loaded ({str(error)[:120]}); retrain it") from error
    return LoraGlosser(lm.eval(), tokenizer, vocabulary_for(meta, kb), meta)
