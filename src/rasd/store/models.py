"""SQLAlchemy 2 models of the corpus store.

One table per kind of fact the corpus keeps, so that each outlet's words stay
attributable: documents (every version of every text), the entities, mentions,
events and figures (claims) read from each document, and the links made
across documents (relays, event membership in canonical events, aggregate
containment).  Columns used to block link candidates (dates, place, type) are
plain indexed columns; everything else a face needs is kept as JSON.

The schema is created and upgraded only through the Alembic migrations in
``rasd/store/migrations``; a test checks that they match these models.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One version of one published text.  ``source_key`` names the publication
    (URL, else the input path); a changed text under the same key is a new
    version and the previous one stops being current."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(512), index=True)
    source: Mapped[str] = mapped_column(String(1024))
    source_key: Mapped[str] = mapped_column(String(1024), index=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    outlet: Mapped[str | None] = mapped_column(String(256))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    report_root_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    record: Mapped[dict] = mapped_column(JSON)  # the Document record as extracted, minus the text
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entities: Mapped[list[Entity]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                  passive_deletes=True)
    events: Mapped[list[Event]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                               passive_deletes=True)
    __table_args__ = (UniqueConstraint("source_key", "version", name="uq_documents_source_version"),)


class Entity(Base):
    """An entity as one document names it; ``key`` identifies it across documents."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(128))
    key: Mapped[str] = mapped_column(String(256), index=True)
    type: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str | None] = mapped_column(String(512))
    name_ar: Mapped[str | None] = mapped_column(String(512))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(256))
    admin2: Mapped[str | None] = mapped_column(String(256))
    precision: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="entities")
    mentions: Mapped[list[Mention]] = relationship(back_populates="entity", cascade="all, delete-orphan",
                                                   passive_deletes=True)


class Mention(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(256))

    entity: Mapped[Entity] = relationship(back_populates="mentions")


class Event(Base):
    """An event as one document reports it.  ``b_lo``/``b_hi`` is the blocking
    window (event dates widened by their imprecision, or the publication date
    when the text gives none); ``vec`` the evidence embedding."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(128))
    type: Mapped[str | None] = mapped_column(String(64), index=True)
    sub_type: Mapped[str | None] = mapped_column(String(128))
    plover: Mapped[str | None] = mapped_column(String(32))
    granularity: Mapped[str] = mapped_column(String(16))
    story: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[bool] = mapped_column(Boolean, default=True)
    t_start: Mapped[date | None] = mapped_column(Date)
    t_end: Mapped[date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(16), default="unknown")
    b_lo: Mapped[date | None] = mapped_column(Date)
    b_hi: Mapped[date | None] = mapped_column(Date)
    location: Mapped[dict | None] = mapped_column(JSON)
    loc_key: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(256))
    actors: Mapped[list] = mapped_column(JSON, default=list)  # [[key, name_en], ...]
    targets: Mapped[list] = mapped_column(JSON, default=list)
    claimant: Mapped[list | None] = mapped_column(JSON)  # [key, name_en]
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    vec: Mapped[bytes | None] = mapped_column(LargeBinary)
    vec_model: Mapped[str | None] = mapped_column(String(64))

    document: Mapped[Document] = relationship(back_populates="events")
    claims: Mapped[list[Claim]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                               passive_deletes=True, order_by="Claim.id")
    __table_args__ = (Index("ix_events_block", "granularity", "b_lo", "b_hi"),)


class Claim(Base):
    """A figure as one document states it: the unit of reconciliation."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16), default="exact")
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    party_key: Mapped[str | None] = mapped_column(String(256))
    party_name: Mapped[str | None] = mapped_column(String(512))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="claims")


class CanonicalEvent(Base):
    """One real-world event; its reconciled view is cached in ``summary``.

    ``b_lo``..``b_hi`` is the hull of its reports' blocking windows, ``span``
    its length class, so that candidates are always found by two-sided index
    ranges (see ``rasd.link.blocking``)."""

    __tablename__ = "canonical_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    granularity: Mapped[str] = mapped_column(String(16))
    type: Mapped[str | None] = mapped_column(String(64), index=True)
    t_start: Mapped[date | None] = mapped_column(Date, index=True)
    t_end: Mapped[date | None] = mapped_column(Date, index=True)
    vague: Mapped[bool] = mapped_column(Boolean, default=False)  # time only says roughly when ("late November")
    t_slack: Mapped[int] = mapped_column(Integer, default=0)  # days its dates may be off (by precision)
    b_lo: Mapped[date | None] = mapped_column(Date)
    b_hi: Mapped[date | None] = mapped_column(Date)
    span: Mapped[int] = mapped_column(Integer, default=0)  # window length class (rasd.link.blocking.SPANS)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(256), index=True)
    n_members: Mapped[int] = mapped_column(Integer, default=0)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    facets: Mapped[str] = mapped_column(Text, default="")  # "|p:<party key>|k:<figure kind>|": cheap SQL filter
    csig: Mapped[str | None] = mapped_column(String(32))  # hash of what containment depends on
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (Index("ix_canonical_block", "granularity", "span", "b_lo"),
                      Index("ix_canonical_period", "granularity", "t_start", "t_end"),
                      Index("ix_canonical_vague", "granularity", "vague", "t_start"))


class Membership(Base):
    """Event -> canonical event, with the score and the reasons of the link."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    canonical_id: Mapped[int] = mapped_column(ForeignKey("canonical_events.id", ondelete="CASCADE"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)


class Containment(Base):
    """An aggregate canonical event whose figures already include another's."""

    __tablename__ = "containments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    container_id: Mapped[int] = mapped_column(ForeignKey("canonical_events.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("canonical_events.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    __table_args__ = (UniqueConstraint("container_id", "member_id", name="uq_containment_pair"),)


class DocLink(Base):
    """Document-level link: ``relay`` (a syndicated copy) or ``near_duplicate``."""

    __tablename__ = "doc_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    similarity: Mapped[float] = mapped_column(Float)


class DocSignature(Base):
    """A document's MinHash signature, kept so later ingests can compare with it."""

    __tablename__ = "doc_signatures"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    num_perm: Mapped[int] = mapped_column(Integer)
    hashvalues: Mapped[bytes] = mapped_column(LargeBinary)


class LshKey(Base):
    """One LSH band key of a document (band index mixed into the hash)."""

    __tablename__ = "lsh_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
