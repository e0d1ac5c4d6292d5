"""Cross-document linking: near-duplicates, event coreference, reconciliation, aggregates.

The rules are pure functions over the views of ``rasd.link.model`` (``coref``,
``reconcile``, ``aggregates``); ``linker`` applies them incrementally to the store.
"""
