"""Back-translation: text -> generated pose -> fingerspelling recogniser -> text.

`backtranslate(words, language, generator_dir, recognizer_dir, settings)` is what the eval
suites' `backtranslate` case kind calls; `backtranslate_ground_truth` reads the benchmark's own
target poses, the ceiling a generator can reach with this recogniser.

>>> # pairs = backtranslate(["house"], "ase", "runs/ase", "runs/ase", settings)  # [("house", "hovse")]
"""

from pathlib import Path

from signbridge.models.datasets import Sample


def backtranslate(words: list[str], language: str, generator_dir, recognizer_dir, settings=None) -> list[tuple[str, str]]:
    """-> [(word, recognised text)] for poses generated from `words`.

    Raises NotConfiguredError when either checkpoint lacks `language`.
    """
    from signbridge.knowledge.errors import InputError
    from signbridge.models.generator import Generator
    from signbridge.models.recognizer import load_recognizer

    words = [w.strip() for w in words if w and w.strip()]
    if not words:
        raise InputError("give at least one word to back-translate")
    generator = Generator.load(Path(generator_dir))
    recognizer = load_recognizer(Path(recognizer_dir), language)
    arrays = generator.generate_arrays(words, language)
    return list(zip(words, recognizer.recognize(arrays)))


def backtranslate_ground_truth(samples: list[Sample], recognizer_dir, language: str) -> list[tuple[str, str]]:
    """-> [(word, recognised text)] for the samples' target poses."""
    from signbridge.models.recognizer import load_recognizer

    recognizer = load_recognizer(Path(recognizer_dir), language)
    return list(zip([s.text for s in samples], recognizer.recognize([s.data for s in samples])))
