"""Reading documents faithfully: files, directories, JSONL records and manifests into RawDocument.

``read_documents`` never raises for one bad input: it yields a ``ReadError`` for it and goes on.
``body_spans`` separates article text from page furniture in scraped plain text.
"""
from rasd.ingest.boilerplate import body_spans, dateline, guess_title
from rasd.ingest.encoding import DecodeError, decode
from rasd.ingest.readers import RawDocument, ReadError, parse_date, parse_header, read_documents

__all__ = ["RawDocument", "ReadError", "read_documents", "parse_header", "parse_date", "body_spans",
           "guess_title", "dateline", "decode", "DecodeError"]
