"""The ``rasd`` command line: a thin face over the core functions."""
from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

app = typer.Typer(help="rasd (رصد): Arabic conflict news -> a structured, source-attributed event database.",
                  no_args_is_help=True, add_completion=False)
parse_app = typer.Typer(help="Parse Arabic number or date expressions, one per input line.", no_args_is_help=True)
app.add_typer(parse_app, name="parse")
err = Console(stderr=True)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files or directories (*.txt, *.html, *.htm, *.json, *.jsonl)."),
    manifest: Optional[str] = typer.Option(None, "--manifest", help="CSV or JSONL with per-file metadata."),
    fmt: Format = typer.Option(Format.jsonl, "--format", help="jsonl (one record a line), json, or table."),
    with_text: bool = typer.Option(True, "--with-text/--no-text", help="Include each document's text in jsonl/json."),
) -> None:
    """Extract entities, figures, events and quotes: one Document record per input document."""
    from rasd.extract import extract_records
    from rasd.ingest import ReadError

    failed = 0
    first = True
    if fmt is Format.json:
        sys.stdout.write("[")
    for rec in extract_records(paths, manifest):
        if isinstance(rec, ReadError):
            failed += 1
            err.print(f"[red]error[/red] {rec}", markup=True, highlight=False, soft_wrap=True)
            continue
        if not with_text:
            rec.pop("text", None)
        if fmt is Format.table:
            from rasd.extract.view import render

            render(rec, Console())
            continue
        line = _dump(rec)
        if fmt is Format.json:
            sys.stdout.write(("" if first else ",") + "\n" + line)
        else:
            sys.stdout.write(line + "\n")
        first = False
    if fmt is Format.json:
        sys.stdout.write("\n]\n")
    sys.stdout.flush()
    if failed:
        err.print(f"{failed} document(s) could not be read or extracted", style="red")
        raise typer.Exit(1)


@parse_app.command("numbers")
def parse_numbers() -> None:
    """Read one expression a line on stdin; print {"text", "value", "qualifier", "low", "high"} JSONL."""
    from rasd.numbers import parse_numbers_lines

    for row in parse_numbers_lines(line.rstrip("\n") for line in sys.stdin):
        sys.stdout.write(_dump(row) + "\n")


@parse_app.command("dates")
def parse_dates(
    ref: str = typer.Option(None, "--ref", help="Reference (publication) date YYYY-MM-DD; default today."),
) -> None:
    """Read one expression a line on stdin; print {"text", "start", "end", "precision"} JSONL."""
    from rasd.dates import parse_dates_lines

    try:
        ref_date = dt.date.fromisoformat(ref) if ref else dt.date.today()
    except ValueError:
        err.print(f"--ref: {ref!r} is not a date of the form YYYY-MM-DD", style="red")
        raise typer.Exit(2)
    for row in parse_dates_lines((line.rstrip("\n") for line in sys.stdin), ref_date):
        sys.stdout.write(_dump(row) + "\n")


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", envvar="RASD_DB", help="SQLAlchemy URL of the corpus to serve."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the API (/extract, /parse/*, /events, /stats, /conflicts; OpenAPI at /docs) and an events page."""
    import uvicorn

    from rasd.api import create_app

    uvicorn.run(create_app(db), host=host, port=port)


from rasd.cli_corpus import register  # noqa: E402  (the corpus commands: ingest, events, stats, conflicts)

register(app)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
