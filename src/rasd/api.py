"""The HTTP face of rasd: the same core functions the CLI calls, served by FastAPI.

    rasd serve --db sqlite:///rasd.db        # then http://127.0.0.1:8000/ (page) and /docs (OpenAPI)

No logic lives here: each route validates its input and calls one core function.
"""
from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Optional

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field


class ExtractIn(BaseModel):
    text: str = Field(..., min_length=1, description="The article text, exactly as published.")
    id: str = Field("doc", description="Document id for the record.")
    url: Optional[str] = None
    published: Optional[dt.date] = Field(None, description="Publication date; inferred from the text when absent.")
    outlet: Optional[str] = None
    title: Optional[str] = None


class ParseIn(BaseModel):
    lines: list[str] = Field(..., description="One expression per item.")
    ref: Optional[dt.date] = Field(None, description="Reference (publication) date for dates; default today.")


def create_app(db_url: str | None = None) -> FastAPI:
    """An app bound to one corpus database (``db_url``; the extraction routes need none)."""
    app = FastAPI(title="rasd", version="0.1.0",
                  description="Arabic conflict news as a structured, source-attributed event database.")

    @app.post("/extract", summary="One Document record from one article")
    def extract_one(doc: ExtractIn) -> dict:
        from rasd.extract import extract
        from rasd.ingest import RawDocument

        raw = RawDocument(doc.id, doc.id, doc.text, url=doc.url, outlet=doc.outlet, published=doc.published,
                          published_source="record" if doc.published else None, title=doc.title, kind="jsonl")
        return extract(raw)

    @app.post("/parse/numbers", summary="Arabic number expressions")
    def parse_numbers(body: ParseIn) -> list[dict]:
        from rasd.numbers import parse_numbers_lines

        return list(parse_numbers_lines(body.lines))

    @app.post("/parse/dates", summary="Arabic date expressions, resolved against a reference date")
    def parse_dates(body: ParseIn) -> list[dict]:
        from rasd.dates import parse_dates_lines

        return list(parse_dates_lines(body.lines, body.ref or dt.date.today()))

    def _filters(date_from, date_to, type_, actor, place) -> dict:
        return {k: v for k, v in {"date_from": date_from, "date_to": date_to, "type": type_, "actor": actor,
                                  "place": place}.items() if v is not None}

    def _need_db() -> str:
        if not db_url:
            raise HTTPException(503, "no corpus database: start the server with --db URL")
        return db_url

    @app.get("/events", summary="Canonical events of the corpus (CorpusEvent records)")
    def events(date_from: Optional[dt.date] = None, date_to: Optional[dt.date] = None,
               type: Optional[str] = Query(None, description="ACLED event type"),
               actor: Optional[str] = None, place: Optional[str] = None,
               limit: int = Query(500, ge=1, le=10000)) -> list[dict]:
        from rasd.corpus import events as corpus_events

        out = []
        for ev in corpus_events(_need_db(), _filters(date_from, date_to, type, actor, place)):
            out.append(ev)
            if len(out) >= limit:
                break
        return out

    @app.get("/stats", summary="Totals of reconciled figures without double counting")
    def stats(by: str = Query("kind", description="comma-separated: kind, party, place, period")) -> dict:
        from rasd.corpus import stats as corpus_stats

        try:
            return corpus_stats(_need_db(), by=[b.strip() for b in by.split(",") if b.strip()])
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.get("/conflicts", summary="Where reports of one event disagree")
    def conflicts() -> list[dict]:
        from rasd.corpus import conflicts as corpus_conflicts

        return list(corpus_conflicts(_need_db()))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> str:
        return resources.files("rasd").joinpath("web", "index.html").read_text(encoding="utf-8")

    return app
