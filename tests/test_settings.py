"""Settings come from the environment at the edge, with overrides; paths are confined."""

from pathlib import Path

import pytest

from signbridge.knowledge.errors import PathNotAllowedError
from signbridge.knowledge.paths import confine
from signbridge.knowledge.settings import Settings


def test_environment_fallbacks_and_overrides(tmp_path):
    env = {"SIGNBRIDGE_HOME": str(tmp_path / "h"), "SIGNBRIDGE_LLM_BASE_URL": "http://127.0.0.1:9/v1",
           "SIGNBRIDGE_READ_ROOTS": f"{tmp_path}/a:{tmp_path}/b", "SIGNBRIDGE_LLM_TIMEOUT": "5"}
    s = Settings.from_env(env)
    assert s.home == tmp_path / "h" and s.index_dir == tmp_path / "h" / "index"
    assert s.llm_configured and s.llm_timeout == 5.0
    assert s.read_roots == (tmp_path / "a", tmp_path / "b")
    assert Settings.from_env(env, llm_model="m").llm_model == "m"
    assert not Settings.from_env({}).llm_configured


def test_confine_refuses_escapes_and_symlinks(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "ok.txt").write_text("x")
    assert confine("ok.txt", [root]) == (root / "ok.txt").resolve()
    for bad in ("../secret", "/etc/passwd", str(tmp_path / "other")):
        with pytest.raises(PathNotAllowedError):
            confine(bad, [root])
    (root / "link").symlink_to("/etc")
    with pytest.raises(PathNotAllowedError):
        confine("link/passwd", [root])


def test_inside_out_dir_rewrites_escaping_paths(tmp_path):
    out = tmp_path / "out"
    inside_out_dir = Settings(home=tmp_path / "h", out_dir=out).paths.inside_out_dir
    assert inside_out_dir("a/b.pose") == ((out / "a" / "b.pose").resolve(), False)
    assert inside_out_dir("/etc/x.gif") == ((out / "x.gif").resolve(), True)
    assert inside_out_dir("../../x.gif") == ((out / "x.gif").resolve(), True)
    assert Path(inside_out_dir("../x.gif")[0]).parent == out.resolve()


def test_atomic_writes_replace_whole_files_with_normal_permissions(tmp_path):
    import os
    import stat

    from signbridge.knowledge.atomic import atomic_path, atomic_write_text

    target = atomic_write_text(tmp_path / "a" / "x.txt", "new")
    assert target.read_text() == "new"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    try:
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert target.read_text() == "new" and [p.name for p in target.parent.iterdir()] == ["x.txt"]
