"""Letters: registration fields (DOMAIN §2), classification, duplicates, voiding; mixed-content parts; attachments; register counter.

Search artefacts (prefixed `search_`, so autogenerate ignores them; see migrations/env.py):
  - PostgreSQL: the pg_trgm extension (in `public` when that schema exists, so that dropping a
    test schema never drops it) and a GIN trigram index on the folded summary, which serves
    `LIKE '%…%'` searches and similarity() for duplicate candidates;
  - SQLite: an external-content FTS5 table over the folded summary and respondent, kept in step
    by triggers. A later batch migration that recreates `letter` on SQLite drops these triggers:
    it must recreate them (tests/services/test_letters_search.py checks they exist at head).

Revision ID: a9c3f1d27b64
Revises: c4a7e2d91f30
Create Date: 2026-11-27 05:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9c3f1d27b64'
down_revision = 'c4a7e2d91f30'
branch_labels = None
depends_on = None

LETTER_TYPES = ('COMPLAINT', 'DENUNCIATION', 'PETITION', 'MIXED', 'ANONYMOUS')
SUBTYPES = ('ADMINISTRATIVE', 'DISCIPLINARY')


def _enum(*values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, length=length)

FTS_TRIGGERS = {
    'search_letter_fts_ai': (
        "CREATE TRIGGER search_letter_fts_ai AFTER INSERT ON letter BEGIN "
        "INSERT INTO search_letter_fts(rowid, summary_folded, respondent_folded) "
        "VALUES (new.id, new.summary_folded, new.respondent_folded); END"
    ),
    'search_letter_fts_ad': (
        "CREATE TRIGGER search_letter_fts_ad AFTER DELETE ON letter BEGIN "
        "INSERT INTO search_letter_fts(search_letter_fts, rowid, summary_folded, respondent_folded) "
        "VALUES ('delete', old.id, old.summary_folded, old.respondent_folded); END"
    ),
    'search_letter_fts_au': (
        "CREATE TRIGGER search_letter_fts_au AFTER UPDATE OF summary_folded, respondent_folded ON letter BEGIN "
        "INSERT INTO search_letter_fts(search_letter_fts, rowid, summary_folded, respondent_folded) "
        "VALUES ('delete', old.id, old.summary_folded, old.respondent_folded); "
        "INSERT INTO search_letter_fts(rowid, summary_folded, respondent_folded) "
        "VALUES (new.id, new.summary_folded, new.respondent_folded); END"
    ),
}


def _trgm_schema(bind):
    return bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()


def create_search_artefacts():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        schema = _trgm_schema(bind)
        if schema is None:
            has_public = bind.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = 'public'").scalar()
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm" + (" SCHEMA public" if has_public else ""))
            schema = _trgm_schema(bind)
        op.execute(
            f'CREATE INDEX search_letter_summary_trgm ON letter USING gin (summary_folded "{schema}".gin_trgm_ops)'
        )
    elif bind.dialect.name == 'sqlite':
        op.execute(
            "CREATE VIRTUAL TABLE search_letter_fts USING fts5("
            "summary_folded, respondent_folded, content='letter', content_rowid='id')"
        )
        for statement in FTS_TRIGGERS.values():
            op.execute(statement)
        op.execute("INSERT INTO search_letter_fts(search_letter_fts) VALUES ('rebuild')")


def drop_search_artefacts():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS search_letter_summary_trgm")  # the extension stays: others may use it
    elif bind.dialect.name == 'sqlite':
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_letter_fts")


def upgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'channel',
            _enum('POST', 'IN_PERSON', 'DROP_BOX', 'DEPUTY', 'FRONT', 'PRESS', 'AGENCY', 'LEADER', 'ONLINE',
                  name='letterchannel', length=16),
            server_default='POST', nullable=False))
        batch_op.add_column(sa.Column('forwarded_by', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('forwarded_doc_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('forwarded_doc_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signer_kind', _enum('ONE', 'SEVERAL', 'NONE', name='signerkind', length=16),
                                      server_default='ONE', nullable=False))
        batch_op.add_column(sa.Column('signer_count', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('respondent', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('respondent_folded', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place_text', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('is_confidential', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('is_urgent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column(
            'prior_resolution',
            _enum('NOT_YET', 'IN_PROGRESS', 'RESOLVED_FIRST', 'RESOLVED_SECOND', 'COURT_JUDGMENT',
                  name='priorresolution', length=32),
            server_default='NOT_YET', nullable=False))
        batch_op.add_column(sa.Column('result_requested', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('registered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('main_type', _enum(*LETTER_TYPES, name='lettertype', length=32), nullable=True))
        batch_op.add_column(sa.Column('field_item_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('is_eligible', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('ineligibility_item_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('competent_body', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('is_within_competence', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('classified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('classified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column(
            'duplicate_decision', _enum('NEW', 'DUPLICATE', 'EXISTING_CASE', name='duplicatedecision', length=16),
            server_default='NEW', nullable=False))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('duplicate_category_item_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('repeat_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('is_void', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f('ix_letter_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_respondent_folded'), ['respondent_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index('ix_letter_received', ['received_on', 'id'], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_letter_agency_in_charge_id_register_year_register_number'),
            ['agency_in_charge_id', 'register_year', 'register_number'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_registered_by_id_user_account'),
                                    'user_account', ['registered_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_classified_by_id_user_account'),
                                    'user_account', ['classified_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_voided_by_id_user_account'),
                                    'user_account', ['voided_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_field_item_id_reference_item'),
                                    'reference_item', ['field_item_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_ineligibility_item_id_reference_item'),
                                    'reference_item', ['ineligibility_item_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_duplicate_category_item_id_reference_item'),
                                    'reference_item', ['duplicate_category_item_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_duplicate_of_id_letter'),
                                    'letter', ['duplicate_of_id'], ['id'])

    op.create_table(
        'letter_part',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('letter_type', _enum(*LETTER_TYPES, name='lettertype', length=32), nullable=False),
        sa.Column('complaint_subtype', _enum(*SUBTYPES, name='complaintsubtype', length=32), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('is_main', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_part_letter_id_letter')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_part')),
    )
    op.create_index(op.f('ix_letter_part_letter_id'), 'letter_part', ['letter_id'], unique=False)

    op.create_table(
        'letter_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=64), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('is_removed', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_attachment_letter_id_letter')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                                name=op.f('fk_letter_attachment_uploaded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_attachment')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_letter_attachment_stored_name')),
    )
    op.create_index(op.f('ix_letter_attachment_letter_id'), 'letter_attachment', ['letter_id'], unique=False)

    op.create_table(
        'letter_register_counter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_letter_register_counter_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_register_counter')),
        sa.UniqueConstraint('agency_id', 'year', name=op.f('uq_letter_register_counter_agency_id_year')),
    )
    # Letters registered before this revision: each office's counter starts after its highest number.
    op.execute(
        "INSERT INTO letter_register_counter (agency_id, year, last_number, updated_at) "
        "SELECT agency_in_charge_id, register_year, MAX(register_number), CURRENT_TIMESTAMP "
        "FROM letter GROUP BY agency_in_charge_id, register_year"
    )
    create_search_artefacts()


def downgrade():
    drop_search_artefacts()
    op.drop_table('letter_register_counter')
    op.drop_index(op.f('ix_letter_attachment_letter_id'), table_name='letter_attachment')
    op.drop_table('letter_attachment')
    op.drop_index(op.f('ix_letter_part_letter_id'), table_name='letter_part')
    op.drop_table('letter_part')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        for fk in ('fk_letter_duplicate_of_id_letter', 'fk_letter_duplicate_category_item_id_reference_item',
                   'fk_letter_ineligibility_item_id_reference_item', 'fk_letter_field_item_id_reference_item',
                   'fk_letter_voided_by_id_user_account', 'fk_letter_classified_by_id_user_account',
                   'fk_letter_registered_by_id_user_account'):
            batch_op.drop_constraint(batch_op.f(fk), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_letter_agency_in_charge_id_register_year_register_number'),
                                 type_='unique')
        batch_op.drop_index('ix_letter_received')
        batch_op.drop_index(batch_op.f('ix_letter_duplicate_of_id'))
        batch_op.drop_index(batch_op.f('ix_letter_respondent_folded'))
        batch_op.drop_index(batch_op.f('ix_letter_visit_id'))
        for column in ('void_reason', 'voided_by_id', 'voided_at', 'is_void', 'repeat_count',
                       'duplicate_category_item_id', 'duplicate_of_id', 'duplicate_decision', 'classified_by_id',
                       'classified_at', 'is_within_competence', 'competent_body', 'ineligibility_item_id',
                       'is_eligible', 'field_item_id', 'main_type', 'registered_by_id', 'result_requested',
                       'prior_resolution', 'is_urgent', 'is_confidential', 'place_text', 'respondent_folded',
                       'respondent', 'signer_count', 'signer_kind', 'visit_id', 'forwarded_doc_on',
                       'forwarded_doc_number', 'forwarded_by', 'channel'):
            batch_op.drop_column(column)
