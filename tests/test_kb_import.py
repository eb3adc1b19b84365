"""Importers: round trips, corrupt inputs, confinement, and resuming after a kill -9."""

import csv
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from signbridge.knowledge.importers import run_import
from signbridge.knowledge.lookup import lookup, search_documents
from signbridge.knowledge.package_data import fingerspelling_clips
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.store import KnowledgeBase


@pytest.fixture(scope="module")
def import_home(tmp_path_factory):
    """A home of its own, so imports do not leak into the shared session knowledge base."""
    return tmp_path_factory.mktemp("kb-import-home")


@pytest.fixture(scope="module")
def ikb(import_home):
    return KnowledgeBase.open(Settings(home=import_home), progress=False)


def _clips(n, language="gsg"):
    return [c for c in fingerspelling_clips() if c.signed_language == language][:n]


def make_lexicon(folder: Path, words: list[str], extra_rows=()):
    """A spoken-to-signed lexicon folder assembled from package clips (real MediaPipe poses)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for clip, word in zip(_clips(len(words)), words):
        shutil.copy(clip.path, folder / f"{word}.pose")
        rows.append({"path": f"{word}.pose", "spoken_language": "de", "signed_language": "gsg", "start": 0,
                     "end": clip.end_ms, "words": word, "glosses": word.upper(), "priority": 0})
    rows.extend(extra_rows)
    with open(folder / "index.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_spoken_to_signed_round_trip(tmp_path, import_home, ikb):
    settings = Settings(home=import_home)
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "broken.pose").write_bytes(b"not a pose at all" * 5)
    (tmp_path / "secret.pose").write_bytes(b"outside")
    bad = [
        {"path": "broken.pose", "spoken_language": "de", "signed_language": "gsg", "start": 0, "end": 0,
         "words": "Kaputt", "glosses": "KAPUTT", "priority": 0},
        {"path": "../secret.pose", "spoken_language": "de", "signed_language": "gsg", "start": 0, "end": 0,
         "words": "Geheim", "glosses": "GEHEIM", "priority": 0},
        {"path": "missing.pose", "spoken_language": "de", "signed_language": "gsg", "start": 0, "end": 0,
         "words": "Fehlt", "glosses": "FEHLT", "priority": 0},
    ]
    folder = make_lexicon(tmp_path / "lex", ["Sonnenblume", "Zauberwürfel", "Quatschkopf"], bad)
    report = run_import("spoken-to-signed", folder, settings, name="mini", progress=False, kb=ikb)
    assert (report.total, report.newly_done, report.entries_added) == (6, 3, 3)
    reasons = {f["item"].split("|")[0]: f["reason"] for f in report.failed}
    assert "not a readable .pose" in reasons["broken.pose"]
    assert "outside the allowed folders" in reasons["../secret.pose"]
    assert "does not exist" in reasons["missing.pose"]

    hit = lookup("Sonnenblume", "gsg", kb=ikb).hits[0]
    assert hit.entry.source.name == "import:mini" and hit.confident and hit.entry.has_pose
    stored = Path(hit.entry.pose_path)
    assert stored.parent == settings.poses_dir
    assert stored.stem == hashlib.sha256(stored.read_bytes()).hexdigest()  # content-addressed
    assert stored.read_bytes() == (folder / "Sonnenblume.pose").read_bytes()
    assert lookup("Zauberwurfel", "gsg", kb=ikb).hits[0].entry.gloss == "ZAUBERWÜRFEL"

    again = run_import("spoken-to-signed", folder, settings, name="mini", progress=False, kb=ikb)
    assert (again.already_done, again.newly_done, len(again.failed)) == (3, 0, 3)
    assert len([e for e in ikb.entries() if e.source.name == "import:mini"]) == 3  # no duplicates
    stats = ikb.stats()
    assert stats["languages"]["gsg"]["import:mini"] == {"sign": 3}
    assert stats["lexicon"]["gsg"]["import:mini"] == 3
    assert json.loads((import_home / "index" / "stats.json").read_text())["lexicon"]["gsg"]["import:mini"] == 3


def test_bad_import_arguments(tmp_path, import_home, ikb):
    from signbridge.knowledge.errors import InputError

    settings = Settings(home=import_home)
    with pytest.raises(InputError):
        run_import("spoken-to-signed", tmp_path / "nope", settings, progress=False, kb=ikb)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="index.csv"):
        run_import("spoken-to-signed", tmp_path / "empty", settings, progress=False, kb=ikb)
    with pytest.raises(InputError, match="unknown import kind"):
        run_import("tarball", tmp_path, settings, progress=False, kb=ikb)


def test_injected_stop_then_resume(tmp_path, import_home, ikb):
    settings = Settings(home=import_home)
    folder = make_lexicon(tmp_path / "lex", [f"Wort{chr(97 + i)}" for i in range(6)])
    first = run_import("spoken-to-signed", folder, settings, name="stopper", progress=False, kb=ikb, stop_after=2)
    assert first.newly_done == 2
    second = run_import("spoken-to-signed", folder, settings, name="stopper", progress=False, kb=ikb)
    assert (second.already_done, second.newly_done, second.done) == (2, 4, 6)
    assert len([e for e in ikb.entries() if e.source.name == "import:stopper"]) == 6


_SLOW_IMPORT = """
import sys, time
from pathlib import Path
from signbridge.knowledge.importers import run_import
from signbridge.knowledge.importers.spoken_to_signed import SpokenToSignedImporter
from signbridge.knowledge.settings import Settings
original = SpokenToSignedImporter.process
def slow(self, item, ctx):
    time.sleep(0.25)
    return original(self, item, ctx)
SpokenToSignedImporter.process = slow
from signbridge.knowledge.store import KnowledgeBase
settings = Settings(home=Path(sys.argv[2]))
run_import("spoken-to-signed", Path(sys.argv[1]), settings, name="killed", progress=False,
           kb=KnowledgeBase.open(settings, progress=False))
print("finished")
"""


def test_kill_9_mid_import_then_resume(tmp_path, import_home, ikb):
    """A real SIGKILL during an import: the index stays usable; a rerun finishes without duplicates."""
    settings = Settings(home=import_home)
    words = [f"Kill{chr(97 + i)}wort" for i in range(14)]
    folder = make_lexicon(tmp_path / "lex", words)
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_IMPORT, str(folder), str(import_home)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    db = import_home / "index" / "kb.sqlite"
    done, deadline = 0, time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
        with sqlite3.connect(db, timeout=10) as conn:
            done = conn.execute("SELECT COUNT(*) FROM import_items WHERE job='spoken-to-signed:import:killed' "
                                "AND status='done'").fetchone()[0]
        if done >= 3:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    assert 3 <= done < len(words)

    # the index is usable straight away: the cached KB notices the change and reloads
    reopened = KnowledgeBase.open(settings, progress=False)
    partial = [e for e in reopened.entries() if e.source.name == "import:killed"]
    assert len(partial) >= done
    assert lookup(partial[0].words[0], "gsg", kb=reopened).hits[0].entry.id == partial[0].id

    report = run_import("spoken-to-signed", folder, settings, name="killed", progress=False, kb=reopened)
    assert report.already_done >= done and report.already_done + report.newly_done == len(words)
    assert not report.failed
    entries = [e for e in reopened.entries() if e.source.name == "import:killed"]
    assert sorted(e.words[0] for e in entries) == sorted(words)
    assert len({e.id for e in entries}) == len(entries)
    # every imported sign reached the vector store too
    collection = reopened._chroma()
    assert len(collection.get(ids=[e.id for e in entries])["ids"]) == len(words)


def test_documents_import_and_search(tmp_path, import_home, ikb):
    settings = Settings(home=import_home)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "haus.md").write_text("# HAUS\n\nDie Gebärde HAUS: beide flachen Hände formen ein Dach über dem Kopf. "
                                  "Die Fingerspitzen berühren sich.\n", encoding="utf-8")
    (docs / "wasser.txt").write_text("WASSER wird mit dem W-Handzeichen am Kinn gebildet, das zweimal tippt.",
                                     encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    report = run_import("documents", docs, settings, language="gsg", name="lehrbuch", progress=False, kb=ikb)
    assert report.newly_done == 2 and len(report.failed) == 1
    assert "PDF" in report.failed[0]["reason"]
    hits = search_documents("Dach flache Hände", "gsg", k=2, kb=ikb)
    assert hits and "Dach" in hits[0].entry.description and hits[0].entry.kind == "document"
    assert search_documents("Kinn tippen Handzeichen", "gsg", k=1, kb=ikb)[0].entry.extra["file"] == "wasser.txt"
    # documents never show up as signs
    assert all(h.entry.kind != "document" for h in lookup("Dach", "gsg", k=20, kb=ikb).hits)


def test_pdf_document(tmp_path, import_home, ikb):
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Die Gebaerde BAUM zeigt den Stamm) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(tmp_path / "baum.pdf", "wb") as f:
        writer.write(f)
    report = run_import("documents", tmp_path / "baum.pdf", Settings(home=import_home), name="pdfbuch",
                        progress=False, kb=ikb)
    assert report.newly_done == 1, report.failed
    hit = search_documents("Stamm Baum", k=1, kb=ikb)[0]
    assert "Stamm" in hit.entry.description and hit.entry.extra["page"] == 1 and hit.entry.language == "und"


def test_prompt2sign_and_signverse(tmp_path, import_home, ikb):
    from signbridge.knowledge.formats import convert_layout, read_pose_file, to_common, write_poses

    settings = Settings(home=import_home)
    poses = [read_pose_file(c.path) for c in _clips(2)]
    p2s = tmp_path / "p2s"
    p2s.mkdir()
    write_poses([to_common(p) for p in poses], p2s / "dev.txt", fmt="prompt2sign")
    with open(p2s / "dev.txt", "a") as f:
        f.write("1.0 2.0 3.0\n")  # a damaged clip line
    (p2s / "dev.text").write_text("Guten Appetit\nSchönen Abend\nKaputte Zeile\n", encoding="utf-8")
    report = run_import("prompt2sign", p2s, settings, language="gsg", name="p2s", progress=False, kb=ikb)
    assert (report.newly_done, len(report.failed)) == (2, 1), report.failed
    hit = lookup("Guten Appetit", "gsg", kb=ikb).hits[0]
    assert hit.confident and hit.entry.extra["format"] == "prompt2sign"
    assert read_pose_file(hit.entry.pose_path).body.data.shape[2] == 50  # common layout

    sv = tmp_path / "sv"
    sv.mkdir()
    write_poses(convert_layout(poses[0], "dwpose"), sv / "clip.npz")
    (sv / "junk.npz").write_bytes(b"PK not a zip")
    with open(sv / "index.csv", "w", newline="") as f:
        f.write("path,word,gloss,language\nclip.npz,Regenbogen,REGENBOGEN,DGS\njunk.npz,Müll,MÜLL,gsg\n")
    report = run_import("signverse", sv, settings, name="sv", progress=False, kb=ikb)
    assert (report.newly_done, len(report.failed)) == (1, 1), report.failed
    hit = lookup("Regenbogen", "gsg", kb=ikb).hits[0]
    assert hit.entry.gloss == "REGENBOGEN" and hit.entry.has_pose


def test_videos_import_reports_no_person(tmp_path, import_home, ikb):
    cv2 = pytest.importorskip("cv2")
    pytest.importorskip("mediapipe")
    import numpy as np

    folder = tmp_path / "videos"
    folder.mkdir()
    writer = cv2.VideoWriter(str(folder / "noise.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10, (96, 96))
    rng = np.random.default_rng(0)
    for _ in range(6):
        writer.write(rng.integers(0, 255, (96, 96, 3), dtype=np.uint8))
    writer.release()
    (folder / "notes.txt").write_text("not a video")
    (folder / "fake.mp4").write_bytes(b"\x00\x01garbage")
    with open(folder / "index.csv", "w", newline="") as f:
        f.write("path,word,gloss,language\nnoise.avi,Rauschen,RAUSCHEN,KSL\nnotes.txt,Notiz,,kvk\n"
                "fake.mp4,Falsch,,kvk\n../../etc/passwd,Pass,,kvk\nnoise.avi,Klingon,,tlh-sign\n")
    report = run_import("videos", folder, Settings(home=import_home), name="ksl", progress=False, kb=ikb)
    reasons = [f["reason"] for f in report.failed]
    assert report.newly_done == 0 and len(reasons) == 5
    assert any("no person detected" in r for r in reasons)
    assert any("not a video file" in r for r in reasons)
    assert any("not a readable video" in r or "no decodable frames" in r for r in reasons)
    assert any("outside the allowed folders" in r for r in reasons)
    assert any("unknown language" in r for r in reasons)


def test_cli_import_and_rebuild_keeps_imports(tmp_path, import_home, ikb, monkeypatch):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401  (registers commands)
    from signbridge.agents.cli.app import app

    monkeypatch.setenv("SIGNBRIDGE_HOME", str(import_home))
    monkeypatch.chdir(tmp_path)
    folder = make_lexicon(tmp_path / "cli-lex", ["Kletterwand", "Hängematte"])
    runner = CliRunner()
    result = runner.invoke(app, ["knowledge", "import", "spoken-to-signed", str(folder), "--lang", "DGS",
                                 "--name", "cli-lex", "--license", "CC BY 4.0", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["newly_done"] == 2 and report["source"] == "import:cli-lex"

    result = runner.invoke(app, ["knowledge", "build", "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["lexicon"]["gsg"]["import:cli-lex"] == 2 and stats["lexicon"]["gsg"]["signwriting-dgs"] > 2000

    result = runner.invoke(app, ["lookup", "Hangematte", "--lang", "gsg", "--json", "-k", "1"])
    hit = json.loads(result.stdout)["hits"][0]
    assert hit["gloss"] == "HÄNGEMATTE" and hit["license"] == "CC BY 4.0" and hit["has_pose"]

    result = runner.invoke(app, ["knowledge", "import", "spoken-to-signed", str(folder), "--lang", "ASL",
                                 "--name", "cli-lex-asl", "--json"])
    assert result.exit_code == 1  # every row failed: nothing imported, and scripts are told so
    assert all("not the requested --lang ase" in f["reason"] for f in json.loads(result.stdout)["failed"])


def test_damaged_index_files_recover(tmp_path):
    """Garbage in kb.sqlite is moved aside and rebuilt; a wrecked vector store is rebuilt from SQLite."""
    home = tmp_path / "home"
    (home / "index").mkdir(parents=True)
    (home / "index" / "kb.sqlite").write_bytes(b"this is not a database" * 100)
    kb = KnowledgeBase.open(Settings(home=home), progress=False)
    assert lookup("Haus", "gsg", kb=kb).hits[0].entry.gloss == "HAUS"
    assert list((home / "index").glob("kb.sqlite.damaged-*"))

    # a wrecked vector store (as another process would find it): rebuilt from SQLite on open
    chroma = home / "index" / "chroma"
    shutil.rmtree(chroma)
    chroma.mkdir()
    (chroma / "chroma.sqlite3").write_bytes(b"garbage" * 100)
    script = ("import sys; from pathlib import Path; from signbridge.knowledge.settings import Settings; "
              "from knowledge.store import KnowledgeBase; from signbridge.knowledge.lookup import lookup; "
              "kb = KnowledgeBase.open(Settings(home=Path(sys.argv[1])), progress=False); "
              "print(lookup('Hauss', 'gsg', kb=kb).hits[0].entry.gloss, kb.vector_search('Haus', 'gsg', k=1)[0][0].gloss)")
    proc = subprocess.run([sys.executable, "-c", script, str(home)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["HAUS", "HAUS"]


def test_videos_import_indexes_detected_pose(tmp_path, import_home, ikb, monkeypatch):
    """The indexing half of the video importer, with pose estimation replaced by a real package pose
    (no video with a person ships offline; the estimation half is exercised in the test above)."""
    from signbridge.knowledge.formats import read_pose_file
    from signbridge.knowledge.importers import videos

    clip = _clips(1)[0]
    monkeypatch.setattr(videos, "video_to_pose", lambda path: read_pose_file(clip.path))
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "wave.mp4").write_bytes(b"stand-in")
    (folder / "index.csv").write_text("path,word,gloss,language\nwave.mp4,Winken,WINKEN,DGS\n", encoding="utf-8")
    report = run_import("videos", folder, Settings(home=import_home), name="dgs-videos", progress=False, kb=ikb)
    assert report.newly_done == 1, report.failed
    hit = lookup("winken", "gsg", kb=ikb).hits[0]
    assert hit.entry.gloss == "WINKEN" and hit.entry.extra["estimator"] == "mediapipe-holistic-1"
    assert read_pose_file(hit.entry.pose_path).body.data.shape == read_pose_file(clip.path).body.data.shape
