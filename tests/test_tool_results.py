"""Typed tool results: each tool carries its capability's result object (answers read attributes, `data`
is its JSON); the language is resolved once, by the argument model, and never again by the tool."""

import pytest

from signbridge.agents.planner import understand
from signbridge.agents.registry import get_tool
from signbridge.agents.reply import summary
from signbridge.agents.steps import Step
from signbridge.knowledge import languages
from signbridge.knowledge.types import LookupResult
from signbridge.tools.agent_tools import ToolContext, run_tool
from signbridge.tools.describe.types import Description
from signbridge.tools.recognition import RecognitionResult
from signbridge.tools.types import Coverage, LanguagesResult, ProductionResult

CALLS = [
    ("list_languages", {"query": "DGS"}, LanguagesResult),
    ("lookup_sign", {"query": "Haus", "language": "DGS"}, LookupResult),
    ("produce_sign", {"text": "Haus Anna", "language": "DGS", "renders": []}, ProductionResult),
    ("fingerspell", {"text": "Anna", "language": "DGS", "renders": []}, ProductionResult),
    ("describe_sign", {"word": "Haus", "language": "DGS"}, Description),
]


@pytest.fixture
def ctx(settings, tmp_path, kb):
    return ToolContext(settings, cwd=tmp_path, knowledge=kb)


@pytest.mark.parametrize("name, args, kind", CALLS, ids=[c[0] for c in CALLS])
def test_each_tool_carries_its_typed_result_and_its_json(ctx, name, args, kind):
    clean, output = run_tool(name, args, ctx)
    assert output.ok, output.error
    assert type(output.result) is kind
    assert output.data == output.result.to_json()  # `ask --json` shows the capability's own JSON shape
    assert clean.get("language", clean.get("query")) == "gsg"  # 'DGS' resolved once, by the argument model
    lines = get_tool(name).summarise(Step(name, clean, output, intent=get_tool(name).intent), understand("x"))
    assert lines and all(isinstance(line, str) and line for line in lines)


def test_production_answer_reads_the_result_objects(ctx):
    _, output = run_tool("produce_sign", {"text": "Haus Anna", "language": "gsg", "renders": []}, ctx)
    result = output.result
    assert all(isinstance(c, Coverage) for c in result.coverage)
    assert output.coverage == [c.to_json() for c in result.coverage]
    text = summary(understand("how do I sign 'Haus Anna' in DGS?"), [Step("produce_sign", {}, output, intent="sign")])
    assert "(Haus)" in text and "fingerspelled (Anna)" in text and f"Pose: {result.pose_path}" in text


def test_the_tools_do_not_resolve_the_language_again(ctx, monkeypatch):
    """Arguments are validated (and the language resolved) once; after that the registry's name resolution
    is never called again: the tools pass the registry's `Language` for the code on."""
    cheap = {"produce_sign": {"text": "Anna", "language": "DGS", "renders": []}}  # fingerspelled: no animation
    checked = {name: get_tool(name).args_model.model_validate(cheap.get(name, args)) for name, args, _ in CALLS}

    def refuse(value):
        raise AssertionError(f"the language '{value}' was resolved a second time")

    monkeypatch.setattr(languages, "resolve", refuse)
    for name, args in checked.items():
        output = get_tool(name).tool.func(args, ctx)
        assert output.ok and output.result.to_json()["languages" if name == "list_languages" else "language"]


def test_recognition_failure_is_typed_too(ctx, tmp_path):
    (tmp_path / "clip.mp4").write_bytes(b"\x00" * 16)
    _, output = run_tool("recognize_sign", {"path": "clip.mp4", "language": "gsg"}, ctx)
    assert not output.ok and isinstance(output.result, RecognitionResult) and output.error == output.result.message
    text = summary(understand("recognise clip.mp4 in DGS"), [Step("recognize_sign", {}, output, intent="recognize")])
    assert output.result.message in text


def test_codes_resolve_to_themselves():
    """The edge resolves names to codes; a code resolved again must not become another language."""
    assert all(languages.resolve(lang.code).code == lang.code for lang in languages.all_languages())


def test_a_chat_keeps_one_knowledge_base_and_requests_without_tools_open_none(settings, tmp_path):
    from signbridge.agents.service import ask
    from signbridge.knowledge.store import KnowledgeHandle

    chat = KnowledgeHandle(settings, progress=False)
    first = ask("look up Haus in DGS", settings, backend="offline", out_dir=tmp_path, kb=chat)
    assert chat.opened  # the request's lookup used the chat's handle
    kb = chat.get()
    second = ask("look up Licht in DGS", settings, backend="offline", out_dir=tmp_path, kb=chat)
    assert first.steps[0].ok and second.steps[0].ok and chat.get() is kb
    idle = KnowledgeHandle(settings, progress=False)
    assert ask("what's the weather?", settings, backend="offline", kb=idle).steps == [] and not idle.opened
