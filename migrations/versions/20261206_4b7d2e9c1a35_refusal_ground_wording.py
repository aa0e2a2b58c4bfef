"""Refusal ground 'persistent complaints': the full wording of Luật Tiếp công dân 2013 Đ9.3.

The seeded label dropped "được cơ quan nhà nước có thẩm quyền" (and "và"), so every refusal notice
printed a ground the law does not word so. Only rows still carrying the old seeded wording change:
a label an administrator rewrote is left alone. Data only; the downgrade restores the old wording
on the rows that carry the new one.

Revision ID: 4b7d2e9c1a35
Revises: f1a2b3c4d5e6
Create Date: 2026-12-06 10:30:00.000000

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4b7d2e9c1a35'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None

CODES = ('R13_3', 'R26_03')
OLD = (
    "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, đã được kiểm tra, "
    "rà soát, thông báo bằng văn bản, đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, "
    "tố cáo kéo dài"
)
NEW = (
    "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, được cơ quan nhà nước "
    "có thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn "
    "nhưng vẫn cố tình khiếu nại, tố cáo kéo dài"
)

_items = sa.table(
    'reference_item',
    sa.column('list_code', sa.String),
    sa.column('code', sa.String),
    sa.column('label', sa.String),
    sa.column('label_folded', sa.String),
)


def _fold(text):
    """The search key as petitions.domain.text.fold_text computes it (frozen here with the migration)."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", stripped.lower())).strip()


def _relabel(before, after):
    op.execute(
        _items.update()
        .where(_items.c.list_code == 'refusal_ground', _items.c.code.in_(CODES), _items.c.label == before)
        .values(label=after, label_folded=_fold(after))
    )


def upgrade():
    _relabel(OLD, NEW)


def downgrade():
    _relabel(NEW, OLD)
