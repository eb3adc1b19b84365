"""`signbridge languages`: the registry with what is installed per language."""

from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, app, settings
from signbridge.agents.cli.output import console, print_json


@app.command()
def languages(
    query: Annotated[Optional[str], typer.Argument(help="Show one language (code or name).")] = None,
    installed_only: Annotated[bool, typer.Option("--installed", help="Only languages with installed data.")] = False,
    json_output: JsonOpt = False,
):
    """List sign languages: code, name, aliases, and what is installed for each."""
    from signbridge.knowledge.inventory import Inventory, inventory
    from signbridge.knowledge.languages import all_languages, resolve

    installed = inventory(settings())
    chosen = [resolve(query)] if query else list(all_languages())
    rows = []
    for lang in chosen:
        inv = installed.get(lang.code, Inventory(lang.code))
        if installed_only and not (inv.fingerspelling or inv.lexicon_entries):
            continue
        rows.append({
            "code": lang.code,
            "name": lang.name,
            "native_name": lang.native_name,
            "aliases": lang.aliases,
            "spoken_languages": list(lang.spoken),
            "script": lang.script,
            "lexicon_entries": inv.lexicon_entries,
            "lexicon_sources": inv.sources,
            "fingerspelling": inv.fingerspelling,
            "fingerspelling_clips": inv.fingerspelling_clips,
            "signwriting_fingerspelling": inv.signwriting_fingerspelling,
        })
    if json_output:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(title="Sign languages", caption="fs poses = fingerspelling clips (spoken-to-signed); fs SW = SignWriting alphabet (signwriting)")
    for column in ("code", "name", "abbreviations", "spoken", "lexicon", "fs poses", "fs SW"):
        table.add_column(column)
    for row, lang in zip(rows, [resolve(r["code"]) for r in rows]):
        table.add_row(
            row["code"], row["name"], ", ".join(lang.abbreviations[:3]), ",".join(row["spoken_languages"]),
            str(row["lexicon_entries"] or "-"), str(row["fingerspelling_clips"] or "-"),
            "yes" if row["signwriting_fingerspelling"] else "-",
        )
    console().print(table)
