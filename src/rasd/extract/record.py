"""The Document record of the output contract, built from a processed :class:`Doc`."""
from __future__ import annotations

import hashlib

from rasd.doc import Doc, Event, Quantity


def _quantity(q: Quantity) -> dict:
    return {"kind": q.kind, "value": q.value, "qualifier": q.qualifier, "low": q.low, "high": q.high,
            "party": q.party, "span": [q.start, q.end], "unit": q.unit}


def _location(doc: Doc, ev: Event) -> dict | None:
    ent = doc.entity(ev.location)
    if ent is None:
        return None
    place = ev.area or ent  # "ريف درعا الشمالي": the entity is Daraa, the place its northern countryside
    geo = place.geo or {}
    return {"entity": ent.id, "name_en": place.name_en, "lat": geo.get("lat"), "lon": geo.get("lon"),
            "country": geo.get("country"), "admin1": geo.get("admin1"), "admin2": geo.get("admin2"),
            "precision": geo.get("precision", 3)}


def _event(doc: Doc, ev: Event) -> dict:
    return {
        "id": ev.id, "type": ev.type, "sub_type": ev.sub_type, "plover": ev.plover, "granularity": ev.granularity,
        "actors": ev.actors, "targets": ev.targets, "claimant": ev.claimant, "location": _location(doc, ev),
        "time": ev.time, "quantities": [_quantity(q) for q in ev.quantities],
        "evidence": [[doc.sents[k].start, doc.sents[k].end] for k in ev.sents],
        "story": ev.story, "reported": ev.reported,
        "trigger": list(ev.trigger) if ev.trigger else None,
    }


def to_record(doc: Doc) -> dict:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published.isoformat() if doc.published else None,
        "published_inferred": doc.published_inferred,
        "title": doc.title,
        "body": [[s, e] for s, e in doc.body],
        "entities": [{
            "id": e.id, "type": e.type, "name_en": e.name_en, "name_ar": e.name_ar,
            "mentions": [{"span": [m.start, m.end], "title": m.title} for m in e.mentions],
            "geo": e.geo, "lex_id": e.lex_id, "kind": e.kind,
        } for e in doc.entities],
        "events": [_event(doc, ev) for ev in doc.events],
        "quotes": [{"speaker": q.speaker, "span": [q.start, q.end]} for q in doc.quotes],
        "encoding": doc.encoding,
        "text_sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "text": doc.text,
    }
