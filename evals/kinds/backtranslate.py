"""`backtranslate` cases: generate poses for words with a trained text-to-pose checkpoint, read them
back with a fingerspelling recogniser, and score the round trip (`signbridge.models.backtranslate`).

Calls `signbridge.models.backtranslate.backtranslate(words, language, generator_dir, recognizer_dir, settings)
-> list[(reference, hypothesis)]`. Without `--checkpoint` the case is reported as not run (not failed);
so is a language the checkpoint has no model for (the call raises `NotConfiguredError`).
`generator`/`recognizer` are folders inside the checkpoint folder (default: the folder itself).

Metrics over the case's words (`signbridge.models.backtranslate.scores`): cer, wer, exact_match (0..1),
chrf (0..100), bleu (character-level BLEU-4, 0..100).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from signbridge.evals.kinds.base import Kind, NotRun, Outcome, RunContext, capability, input_language
from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.paths import confine


class BacktranslateInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str] = Field(min_length=1, description="words to fingerspell and read back")
    language: str = Field(description="sign language (code, alias or name)")
    generator: str = Field(default=".", description="text-to-pose checkpoint folder inside --checkpoint")
    recognizer: str = Field(default=".", description="recogniser checkpoint folder inside --checkpoint")

    @field_validator("words")
    @classmethod
    def _non_empty(cls, words: list[str]) -> list[str]:
        words = [w.strip() for w in words]
        if any(not w for w in words):
            raise ValueError("words must not be empty strings")
        return words


class BacktranslateKind(Kind):
    name = "backtranslate"
    Input = BacktranslateInput
    EXPECT = frozenset()
    METRICS = frozenset({"cer", "wer", "exact_match", "chrf", "bleu", "words"})

    def run(self, inp: BacktranslateInput, ctx: RunContext) -> Outcome:
        if ctx.checkpoint is None:
            raise NotRun("needs a checkpoint (--checkpoint DIR)")
        language = input_language(inp.language)
        root = Path(ctx.checkpoint).resolve()
        generator = confine(inp.generator, [root], what="generator folder")
        recognizer = confine(inp.recognizer, [root], what="recognizer folder")
        for folder in (generator, recognizer):
            if not folder.is_dir():
                raise InputError(f"checkpoint folder '{folder}' does not exist")
        with capability(self.name):
            from signbridge.models.backtranslate import backtranslate, scores
        try:
            raw = backtranslate(inp.words, language, generator, recognizer, ctx.settings)
        except NotConfiguredError as error:  # e.g. the checkpoint has no model for this language
            raise NotRun(f"checkpoint cannot run {language}: {error}") from None
        pairs = [(str(r), str(h or "")) for r, h in raw]
        if not pairs:
            raise InputError("back-translation returned no pairs")
        measurements = scores(pairs)
        output = {"language": language, "generator": str(generator), "recognizer": str(recognizer),
                  "pairs": [{"reference": r, "hypothesis": h} for r, h in pairs]}
        return Outcome(output=output, measurements=measurements, language=language, pairs=pairs)
