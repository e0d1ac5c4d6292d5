"""Exports of the corpus: CorpusEvent JSONL, ACLED-style CSV, GeoJSON."""
from rasd.export.records import corpus_event, write_events

__all__ = ["corpus_event", "write_events"]
