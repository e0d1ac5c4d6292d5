"""A readable terminal view of one Document record (``rasd extract --format table``)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _snippet(text: str, span, width: int = 60) -> str:
    s, e = span
    out = text[s:e].replace("\n", " ")
    return out if len(out) <= width else out[: width - 1] + "…"


def render(rec: dict, console: Console) -> None:
    text = rec.get("text") or ""
    console.rule(f"[bold]{rec['doc_id']}[/bold]  {rec.get('outlet') or '?'}  {rec.get('published') or '?'}"
                 + ("  (date inferred)" if rec.get("published_inferred") else ""))
    if rec.get("title"):
        console.print(f"[bold]{rec['title']}[/bold]")
    names = {e["id"]: e["name_en"] for e in rec["entities"]}

    ents = Table("id", "type", "name_en", "name_ar", "mentions", "geo", title="Entities", title_justify="left")
    for e in rec["entities"]:
        geo = e.get("geo") or {}
        where = f"{geo['lat']:.2f},{geo['lon']:.2f} p{geo.get('precision')}" if geo else ""
        ents.add_row(e["id"], e["type"], e["name_en"], e["name_ar"], str(len(e["mentions"])), where)
    console.print(ents)

    evs = Table("id", "type / sub_type", "time", "where", "actors → targets", "figures", title="Events",
                title_justify="left")
    for ev in rec["events"]:
        t = ev["time"]
        when = f"{t['start']}…{t['end']}" if t.get("start") and t.get("end") != t.get("start") else str(t.get("start"))
        figs = "\n".join(f"{q['kind']} {q['qualifier'].replace('exact', '=')} {q['value']}"
                         + (f" ({names.get(q['party'], q['party'])})" if q.get("party") else "")
                         for q in ev["quantities"])
        who = ", ".join(names.get(a, a) for a in ev["actors"]) + " → " + ", ".join(names.get(a, a) for a in ev["targets"])
        loc = (ev.get("location") or {}).get("name_en") or ""
        evs.add_row(ev["id"], f"{ev['type']}\n{ev['sub_type']} · {ev['plover']} · {ev['granularity']}", when, loc,
                    who, figs)
    console.print(evs)

    qs = Table("speaker", "quote", title="Quotes", title_justify="left")
    for q in rec["quotes"]:
        qs.add_row(names.get(q["speaker"], "?"), _snippet(text, q["span"]) if text else str(q["span"]))
    console.print(qs)
