"""The README's two set-up commands stay true: CI runs the second, this runs the first's job."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ", readme.index("## Set up") + 1)]
    return re.findall(r"```bash\n(.*?)\n```", head, re.S)


def test_readme_opens_with_exactly_two_setup_commands():
    first, second = setup_commands()
    assert 'pip install -c constraints.txt -e . && signbridge ask "' in first
    assert 'pip install -c constraints.txt -e ".[all,test]" && ' in second and second.endswith(" && python -m pytest -q")


def test_ci_installs_and_tests_as_the_readme_says():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q -c constraints.txt -e ".[all,test]"' in ci
    assert "python -m pytest -q" in ci


def test_the_first_commands_job_runs_on_the_embedded_default(cli_env, tmp_path):
    prompt = re.search(r'signbridge ask "(.*)"', setup_commands()[0]).group(1)
    result = CliRunner().invoke(app, ["ask", prompt, "--json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.stdout)  # progress lines go to stderr
    assert data["intent"] == "sign" and data["language"] == "gsg"
    sources = {c["token"]: c["source"] for c in data["coverage"]}
    assert sources.get("Anna") == "fingerspelling"
    kinds = {a["kind"] for a in data["artifacts"]}
    assert {"pose"} <= kinds and all(Path(a["path"]).exists() for a in data["artifacts"])
