"""`signbridge ask PROMPT` (one shot) and `signbridge chat` (interactive): the agent on the command line."""

from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, OutDirOpt, app, settings
from signbridge.agents.cli.output import console, err_console, print_json
from signbridge.agents.cli.outpaths import checked_out_dir

BackendOpt = Annotated[Optional[str], typer.Option(
    "--backend", "-b", help="offline (rule-based planner, no model), local (in-process model, SIGNBRIDGE_LLM_MODEL: "
                            "smollm2, a .gguf or a model folder), openai (SIGNBRIDGE_LLM_BASE_URL) or hybrid (planner "
                            "first, a model for what rules cannot do); default: openai when configured and reachable, "
                            "else offline.")]

CHAT_HELP = """Ask in any language, e.g.
  how do I sign 'thank you' in DGS?      fingerspell Anna in ASL
  look up Haus in DGS                     describe the sign for Haus in DGS
  which sign languages do you support?    translate clip.pose --lang gsg
Follow-ups redo the previous answer with a change: "and in KSL?", "now fingerspell it", "slower",
"bigger", "use the German word Danke instead".
Commands: /help  /quit (or Ctrl-D)  /reset (forget the conversation)"""


def _print_result(result) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text(result.answer))
    if result.coverage:
        table = Table(title="coverage", title_justify="left")
        from signbridge.tools.coverage_text import kind_of

        for column in ("token", "gloss", "shown as"):
            table.add_column(column)
        for item in result.coverage:
            table.add_row(str(item.get("token")), str(item.get("gloss") or "-"), kind_of(item).label)
        out.print(table)


@app.command()
def ask(
    prompt: Annotated[str, typer.Argument(help="What you want, in words: \"how do I sign 'thank you' in KSL?\"")],
    backend: BackendOpt = None,
    out: OutDirOpt = None,
    json_output: JsonOpt = False,
):
    """Ask the agent: it understands the request, runs the tools and answers with files."""
    from signbridge.agents.service import ask as run_ask

    out = checked_out_dir(out)
    result = run_ask(prompt, settings(out_dir=out), backend=backend, out_dir=out)
    if json_output:
        print_json(result.to_json())
    else:
        _print_result(result)


@app.command()
def chat(
    backend: BackendOpt = None,
    out: OutDirOpt = None,
    json_output: JsonOpt = False,
):
    """Chat with the agent (type /help for examples, /quit to leave). --json: one JSON answer per line."""
    from signbridge.agents.service import ask as run_ask
    from signbridge.knowledge.errors import SignbridgeError
    from signbridge.knowledge.store import KnowledgeHandle

    out_console, errors = console(), err_console()
    out = checked_out_dir(out)
    cfg = settings(out_dir=out)
    knowledge = KnowledgeHandle(cfg)  # opened by the first turn that needs it, kept for the whole chat
    # with --json, stdout carries only JSON lines: the banner and prompt go to stderr
    talk = errors if json_output else out_console
    talk.print("[bold]signbridge chat[/bold]: ask about sign languages; /help for examples, /quit to leave.")
    history = []
    while True:
        try:
            line = talk.input("[bold cyan]you>[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            out_console.print()
            break
        line = line.strip()
        if not line:
            continue
        if line.lower() in ("/quit", "/exit", "/q", "quit", "exit"):
            break
        if line.lower() in ("/help", "/?"):
            out_console.print(CHAT_HELP, markup=False)
            continue
        if line.lower() == "/reset":
            history = []
            out_console.print("(conversation forgotten)")
            continue
        if line.startswith("/"):
            errors.print(f"unknown command {line.split()[0]}: /help, /quit, /reset")
            continue
        try:
            result = run_ask(line, cfg, backend=backend, out_dir=out, history=history[-6:], kb=knowledge)
        except SignbridgeError as error:
            errors.print(f"error: {error}", markup=False)
            continue
        history.append(result)
        if json_output:
            import json
            import sys

            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_result(result)
