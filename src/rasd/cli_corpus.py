"""The corpus commands of the ``rasd`` CLI: ingest, events, stats, conflicts.

A thin face over :mod:`rasd.corpus`; ``register(app)`` adds the commands to the
main Typer app.  Every command takes ``--db URL`` (env ``RASD_DB``, default
``sqlite:///rasd.db``).
"""
from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

DEFAULT_URL = "sqlite:///rasd.db"  # = rasd.store.db.DEFAULT_URL; not imported so `rasd extract` starts without SQLAlchemy

DbOpt = Annotated[str, typer.Option("--db", envvar="RASD_DB", help="SQLAlchemy URL of the corpus "
                                    "(sqlite:///path.db or postgresql://user@host/db).")]


class Fmt(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    table = "table"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def _records(paths: list[Path]):
    """Document records from JSONL files (one record a line), e.g. saved ``rasd extract`` output."""
    for p in paths:
        files = sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            with f.open(encoding="utf-8") as fh:
                for i, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            yield json.loads(line)
                        except json.JSONDecodeError as err:
                            yield f"{f}:{i}: not JSON ({err})"


def _filters(date_from, date_to, type_, actor, place) -> dict:
    return {"date_from": date.fromisoformat(date_from) if date_from else None,
            "date_to": date.fromisoformat(date_to) if date_to else None,
            "type": type_, "actor": actor, "place": place}


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``events``, ``stats`` and ``conflicts`` to ``app``."""

    @app.command("ingest")
    def ingest_cmd(
        paths: Annotated[list[Path], typer.Argument(exists=True, help="Files or folders to read.")],
        db: DbOpt = DEFAULT_URL,
        manifest: Annotated[Optional[Path], typer.Option("--manifest", exists=True,
                                                         help="CSV/JSONL of per-file metadata.")] = None,
        records: Annotated[bool, typer.Option("--records", help="PATHs hold Document records (JSONL, e.g. "
                                              "saved `rasd extract` output): store and link them as they are.")]
        = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
    ) -> None:
        """Store documents, extract their events and link them across documents (idempotent, incremental)."""
        from rasd import corpus

        progress = not quiet
        if records:
            summary = corpus.ingest_records(_records(paths), db, progress=progress)
        else:
            summary = corpus.ingest(paths, manifest, db, progress=progress)
        if as_json:
            typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            _print_summary(summary)
        if summary.errors and summary.added + summary.versions + summary.unchanged == 0:
            raise typer.Exit(1)

    @app.command("events")
    def events_cmd(
        db: DbOpt = DEFAULT_URL,
        fmt: Annotated[Fmt, typer.Option("--format", "-f", help="jsonl (CorpusEvent records), csv (ACLED "
                                         "columns), geojson, or table (for a person).")] = Fmt.jsonl,
        date_from: Annotated[Optional[str], typer.Option("--from", help="Events on or after YYYY-MM-DD.")] = None,
        date_to: Annotated[Optional[str], typer.Option("--to", help="Events on or before YYYY-MM-DD.")] = None,
        type_: Annotated[Optional[str], typer.Option("--type", help="ACLED event type, e.g. Battles.")] = None,
        actor: Annotated[Optional[str], typer.Option("--actor", help="Part of an actor or target name.")] = None,
        place: Annotated[Optional[str], typer.Option("--place", help="Part of the place, admin1 or country "
                                                                     "code.")] = None,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here, not stdout.")] = None,
    ) -> None:
        """List canonical events (one per real-world event, every outlet's figures reconciled)."""
        from rasd import corpus
        from rasd.export import write_events

        evs = corpus.events(db, _filters(date_from, date_to, type_, actor, place), internal=fmt == Fmt.csv)
        if fmt == Fmt.table:
            from rasd.export.table import render_events

            render_events(evs)
            return
        if output:
            with output.open("w", encoding="utf-8", newline="") as fh:
                write_events(evs, fmt.value, fh)
        else:
            write_events(evs, fmt.value, sys.stdout)

    @app.command("stats")
    def stats_cmd(
        db: DbOpt = DEFAULT_URL,
        by: Annotated[list[str], typer.Option("--by", help="Group totals by kind (always), party, place, "
                                              "period; repeat or comma-separate.")] = ["kind"],  # noqa: B006
        fmt: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
        date_from: Annotated[Optional[str], typer.Option("--from")] = None,
        date_to: Annotated[Optional[str], typer.Option("--to")] = None,
        type_: Annotated[Optional[str], typer.Option("--type")] = None,
        actor: Annotated[Optional[str], typer.Option("--actor")] = None,
        place: Annotated[Optional[str], typer.Option("--place")] = None,
    ) -> None:
        """Total the figures without double counting, and explain each total."""
        from rasd import corpus

        dims = [d.strip() for b in by for d in b.split(",") if d.strip()]
        try:
            res = corpus.stats(db, dims, _filters(date_from, date_to, type_, actor, place))
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--by") from err
        if fmt == TextOrJson.json:
            typer.echo(json.dumps(res, ensure_ascii=False, indent=1))
            return
        for t in res["totals"]:
            head = " / ".join(str(t[d]) for d in res["by"])
            rng = "" if t["low"] == t["total"] == t["high"] else f"  (range {t['low']}..{t['high'] or 'open'})"
            typer.echo(f"{head}: {t['total']}{rng} from {t['events']} event(s)")
            for line in t["counted"]:
                typer.echo(f"    + {line}")
            for line in t["left_out"]:
                typer.echo(f"    - {line}")

    @app.command("conflicts")
    def conflicts_cmd(
        db: DbOpt = DEFAULT_URL,
        fmt: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
    ) -> None:
        """List where the reports of one event disagree (figures, ranks and titles, dates, places, type)."""
        from rasd import corpus

        for c in corpus.conflicts(db):
            if fmt == TextOrJson.json:
                typer.echo(json.dumps(c, ensure_ascii=False))
                continue
            t = c.get("time") or {}
            typer.echo(f"{c['id']} {c['type']} {t.get('start') or '?'}..{t.get('end') or '?'} "
                       f"{c.get('location') or ''} ({len(c['sources'])} report(s))")
            for k in c["conflicts"]:
                vals = "; ".join(f"{v['value']} <- {', '.join(v['doc_ids'])}" for v in k["values"])
                typer.echo(f"    {k['field']}: {vals}")


def _print_summary(s) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="rasd ingest", show_header=False)
    rows = [("documents read", s.documents), ("new documents", s.added), ("new versions", s.versions),
            ("unchanged (already stored)", s.unchanged), ("syndicated copies (relays)", s.relays),
            ("near-duplicates", s.near_duplicates), ("event reports stored", s.events),
            ("new canonical events", s.canonical_created), ("reports linked to known events", s.canonical_joined),
            ("aggregate inclusions", s.containments), ("canonical events in corpus", s.canonical_total),
            ("sentence encoder", s.encoder or "-"), ("seconds", s.seconds), ("errors", len(s.errors))]
    for k, v in rows:
        t.add_row(k, str(v))
    con = Console(stderr=True)
    con.print(t)
    for e in s.errors[:20]:
        con.print(f"[red]error[/]: {e}")
