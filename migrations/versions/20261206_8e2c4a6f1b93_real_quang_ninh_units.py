"""The demo's fictional province "Tỉnh Sơn Hà" (codes 99xxx) gives way to real Quảng Ninh units.

The seeded agencies are Quảng Ninh's, but the seeded administrative units were a fictional province,
so an address on a demo paper ended "tỉnh Sơn Hà". The seed now loads real Quảng Ninh units (code
22, QĐ 19/2025/QĐ-TTg; the next `petitions seed` / `petitions start` inserts them). This migration
removes the fictional rows the old seed inserted, but only those nobody relies on: a row is removed
when it still has the seeded code and name, was never edited (version 1), no citizen's address
points to it, and every unit that names it as parent or successor is removed too. A fictional unit
that a recorded address uses stays (an address is never moved to another place); its records keep
it. Data only; the downgrade puts nothing back (the old seed re-inserts the fictional rows if run).

Revision ID: 8e2c4a6f1b93
Revises: b6e1f4a8c2d9
Create Date: 2026-12-06 16:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8e2c4a6f1b93'
down_revision = 'b6e1f4a8c2d9'
branch_labels = None
depends_on = None

# code → name, as the previous seed inserted them (frozen here with the migration)
FICTIONAL = {
    '99': 'Tỉnh Sơn Hà',
    '990': 'Thành phố Sơn Hà',
    '991': 'Huyện Bình Định',
    '992': 'Huyện Hòa Lạc',
    '99100': 'Xã Bình Định',
    '99101': 'Phường Hòa Lạc',
    '99102': 'Phường Sơn Hà',
    '99001': 'Phường Hòa Bình',
    '99002': 'Phường Tân Lập',
    '99010': 'Xã Bình Định',
    '99011': 'Xã Bình An',
    '99020': 'Thị trấn Hòa Lạc',
    '99021': 'Xã Hòa Phú',
}

_units = sa.table(
    'administrative_unit',
    sa.column('id', sa.Integer),
    sa.column('code', sa.String),
    sa.column('name', sa.String),
    sa.column('version', sa.Integer),
    sa.column('parent_id', sa.Integer),
    sa.column('successor_id', sa.Integer),
)
_citizens = sa.table('citizen', sa.column('address_unit_id', sa.Integer))


def removable(units, used_by_citizens):
    """The ids to remove: seeded, unedited, unused by citizens, and named as parent or successor only
    by rows that are removed too (repeated until nothing more drops out)."""
    candidates = {
        row['id']
        for row in units
        if FICTIONAL.get(row['code']) == row['name'] and row['version'] == 1 and row['id'] not in used_by_citizens
    }
    while True:
        kept_refs = {
            ref
            for row in units
            if row['id'] not in candidates
            for ref in (row['parent_id'], row['successor_id'])
            if ref is not None
        }
        narrowed = candidates - kept_refs
        if narrowed == candidates:
            return candidates
        candidates = narrowed


def upgrade():
    bind = op.get_bind()
    units = [dict(row._mapping) for row in bind.execute(sa.select(_units))]
    used = {
        unit_id
        for (unit_id,) in bind.execute(
            sa.select(_citizens.c.address_unit_id).where(_citizens.c.address_unit_id.is_not(None)).distinct()
        )
    }
    ids = sorted(removable(units, used))
    if not ids:
        return
    bind.execute(_units.update().where(_units.c.id.in_(ids)).values(successor_id=None, parent_id=None))
    bind.execute(_units.delete().where(_units.c.id.in_(ids)))


def downgrade():
    pass
