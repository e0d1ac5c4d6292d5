"""A readable terminal table of canonical events (``rasd events --format table``)."""
from __future__ import annotations

from typing import Iterable

from rich.console import Console
from rich.table import Table


def render_events(events: Iterable[dict], console: Console | None = None) -> None:
    console = console or Console()
    table = Table("id", "time", "type / sub_type", "where", "actors → targets", "figures (best: claims)", "reports",
                  title="Canonical events", title_justify="left", show_lines=True)
    n = 0
    for ev in events:
        n += 1
        t = ev.get("time") or {}
        when = str(t.get("start") or "?") + (f" … {t['end']}" if t.get("end") and t.get("end") != t.get("start") else "")
        figs = []
        for q in ev.get("quantities") or []:
            claims = ", ".join(f"{c['value']}{'' if c['qualifier'] == 'exact' else '~'}" for c in q.get("claims") or [])
            mark = "[red]" if q.get("status") == "conflict" else ""
            figs.append(f"{mark}{q['kind']} {q.get('best')}: {claims} ({q.get('status')})")
        links = []
        if ev.get("contained_in"):
            links.append("in " + ", ".join(map(str, ev["contained_in"])))
        if ev.get("contains"):
            links.append("contains " + ", ".join(map(str, ev["contains"])))
        for c in ev.get("conflicts") or []:
            vals = " vs ".join(str(v.get("value")) for v in c.get("values") or [])
            links.append(f"[red]{c.get('field')}: {vals}")
        sources = "\n".join(str(s.get("outlet") or s.get("doc_id")) for s in ev.get("sources") or [])
        table.add_row(str(ev.get("id")), when, f"{ev.get('type')}\n{ev.get('sub_type')} · {ev.get('granularity')}",
                      str((ev.get("location") or {}).get("name_en") or ""),
                      ", ".join(ev.get("actors") or []) + " → " + ", ".join(ev.get("targets") or []),
                      "\n".join(figs + links), sources)
    console.print(table)
    console.print(f"{n} canonical event(s)")
