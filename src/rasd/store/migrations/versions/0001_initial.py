"""Initial corpus schema: documents and their versions, entities, mentions, events, claims,
canonical events, memberships, containments, document links and MinHash signatures / LSH keys.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('canonical_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('granularity', sa.String(length=16), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=True),
    sa.Column('t_start', sa.Date(), nullable=True),
    sa.Column('t_end', sa.Date(), nullable=True),
    sa.Column('vague', sa.Boolean(), nullable=False),
    sa.Column('t_slack', sa.Integer(), nullable=False),
    sa.Column('b_lo', sa.Date(), nullable=True),
    sa.Column('b_hi', sa.Date(), nullable=True),
    sa.Column('span', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=256), nullable=True),
    sa.Column('n_members', sa.Integer(), nullable=False),
    sa.Column('n_documents', sa.Integer(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('facets', sa.Text(), nullable=False),
    sa.Column('csig', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.create_index('ix_canonical_block', ['granularity', 'span', 'b_lo'], unique=False)
        batch_op.create_index('ix_canonical_period', ['granularity', 't_start', 't_end'], unique=False)
        batch_op.create_index('ix_canonical_vague', ['granularity', 'vague', 't_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_canonical_events_admin1'), ['admin1'], unique=False)
        batch_op.create_index(batch_op.f('ix_canonical_events_t_end'), ['t_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_canonical_events_t_start'), ['t_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_canonical_events_type'), ['type'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=512), nullable=False),
    sa.Column('source', sa.String(length=1024), nullable=False),
    sa.Column('source_key', sa.String(length=1024), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('outlet', sa.String(length=256), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('report_root_id', sa.Integer(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_root_id'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_key', 'version', name='uq_documents_source_version')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_is_current'), ['is_current'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_source_key'), ['source_key'], unique=False)

    op.create_table('containments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('container_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['container_id'], ['canonical_events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['canonical_events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('container_id', 'member_id', name='uq_containment_pair')
    )
    with op.batch_alter_table('containments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_containments_container_id'), ['container_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_containments_member_id'), ['member_id'], unique=False)

    op.create_table('doc_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('doc_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doc_links_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_doc_links_other_id'), ['other_id'], unique=False)

    op.create_table('doc_signatures',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('num_perm', sa.Integer(), nullable=False),
    sa.Column('hashvalues', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id')
    )
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=128), nullable=False),
    sa.Column('key', sa.String(length=256), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.String(length=512), nullable=True),
    sa.Column('name_ar', sa.String(length=512), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=256), nullable=True),
    sa.Column('admin2', sa.String(length=256), nullable=True),
    sa.Column('precision', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_key'), ['key'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=128), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=True),
    sa.Column('sub_type', sa.String(length=128), nullable=True),
    sa.Column('plover', sa.String(length=32), nullable=True),
    sa.Column('granularity', sa.String(length=16), nullable=False),
    sa.Column('story', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Boolean(), nullable=False),
    sa.Column('t_start', sa.Date(), nullable=True),
    sa.Column('t_end', sa.Date(), nullable=True),
    sa.Column('precision', sa.String(length=16), nullable=False),
    sa.Column('b_lo', sa.Date(), nullable=True),
    sa.Column('b_hi', sa.Date(), nullable=True),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('loc_key', sa.String(length=256), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=256), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('claimant', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('vec', sa.LargeBinary(), nullable=True),
    sa.Column('vec_model', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_block', ['granularity', 'b_lo', 'b_hi'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('lsh_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lsh_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lsh_keys_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lsh_keys_key'), ['key'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('low', sa.BigInteger(), nullable=True),
    sa.Column('high', sa.BigInteger(), nullable=True),
    sa.Column('party_key', sa.String(length=256), nullable=True),
    sa.Column('party_name', sa.String(length=512), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_kind'), ['kind'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['canonical_id'], ['canonical_events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_canonical_id'), ['canonical_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=256), nullable=True),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_canonical_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_kind'))
        batch_op.drop_index(batch_op.f('ix_claims_event_id'))

    op.drop_table('claims')
    with op.batch_alter_table('lsh_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lsh_keys_key'))
        batch_op.drop_index(batch_op.f('ix_lsh_keys_document_id'))

    op.drop_table('lsh_keys')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_document_id'))
        batch_op.drop_index('ix_events_block')

    op.drop_table('events')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_key'))
        batch_op.drop_index(batch_op.f('ix_entities_document_id'))

    op.drop_table('entities')
    op.drop_table('doc_signatures')
    with op.batch_alter_table('doc_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doc_links_other_id'))
        batch_op.drop_index(batch_op.f('ix_doc_links_document_id'))

    op.drop_table('doc_links')
    with op.batch_alter_table('containments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_containments_member_id'))
        batch_op.drop_index(batch_op.f('ix_containments_container_id'))

    op.drop_table('containments')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_source_key'))
        batch_op.drop_index(batch_op.f('ix_documents_sha256'))
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_is_current'))
        batch_op.drop_index(batch_op.f('ix_documents_doc_id'))

    op.drop_table('documents')
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canonical_events_type'))
        batch_op.drop_index(batch_op.f('ix_canonical_events_t_start'))
        batch_op.drop_index(batch_op.f('ix_canonical_events_t_end'))
        batch_op.drop_index(batch_op.f('ix_canonical_events_admin1'))
        batch_op.drop_index('ix_canonical_vague')
        batch_op.drop_index('ix_canonical_period')
        batch_op.drop_index('ix_canonical_block')

    op.drop_table('canonical_events')
