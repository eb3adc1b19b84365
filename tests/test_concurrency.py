"""Threads and processes sharing one data directory: no store is wiped, no work is done twice.

Under `describe --backend openai` (worker threads) chromadb errors from concurrent use were taken for
a damaged vector store, which was deleted and rebuilt several times a run; two identical imports at
once both did (and reported) every item.
"""

import shutil
import threading

import pytest

from signbridge.knowledge.importers import run_import
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.store import KnowledgeBase
from signbridge.knowledge.types import LexiconEntry, Source
from test_kb_import import make_lexicon


@pytest.fixture
def private_kb(kb, tmp_path):
    """A knowledge base of its own, copied from the session's (no rebuild)."""
    home = tmp_path / "home"
    shutil.copytree(kb.settings.home / "index", home / "index")
    return KnowledgeBase.open(Settings(home=home), progress=False)


def test_threads_querying_while_adding_never_wipe_the_vector_store(private_kb, monkeypatch):
    kb = private_kb
    wipes = []
    real_wipe = KnowledgeBase._wipe_vectors
    monkeypatch.setattr(KnowledgeBase, "_wipe_vectors", lambda self: (wipes.append(1), real_wipe(self)))
    vector_dir = kb._vector_dir()
    errors, empty = [], []

    def query():
        for word in ["Haus", "Licht", "Tisch", "Auto"] * 5:
            try:
                if not kb.vector_search(word, "gsg", k=3):
                    empty.append(word)
            except Exception as error:  # noqa: BLE001 - the test reports any escape
                errors.append(repr(error))

    def add():
        for j in range(10):
            kb.add([LexiconEntry(id=f"import:race:{j}", language="gsg", gloss=f"RACE{j}", words=[f"Rennen{j}"],
                                 source=Source(name="import:race"))])

    threads = [threading.Thread(target=query) for _ in range(4)] + [threading.Thread(target=add)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and not empty and not wipes
    assert kb._vector_dir() == vector_dir
    assert kb.vector_search("Rennen3", "gsg", k=1)[0][0].gloss == "RACE3"


def test_identical_imports_at_once_do_each_item_once(private_kb, tmp_path):
    folder = make_lexicon(tmp_path / "lex", [f"wort{i}" for i in range(6)])
    reports = []

    def run():
        reports.append(run_import("spoken-to-signed", folder, private_kb.settings, name="same", progress=False,
                                  kb=private_kb))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.newly_done for r in reports) == [0, 0, 6]
    assert all(r.done == 6 and not r.failed for r in reports)
    rows = private_kb.conn.execute("SELECT COUNT(*), COUNT(DISTINCT json_extract(data, '$.words')) FROM entries "
                                   "WHERE source='import:same'").fetchone()
    assert rows == (6, 6)
