"""The demo's reorganisation: two communes' People's Committees merged on a 2026 date, their open work moved.

Through the real services (preview, then apply with its fingerprint), once: a database that already records
a reorganisation gets no second one. Cheap at any size: only the open items of one commune move."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from petitions.directory import reorganisation
from petitions.directory.models import Agency, Reorganisation
from petitions.domain.issuers import AgencyLevel
from petitions.domain.reorganisation import ReorgKind, ReorgSubject
from petitions.extensions import db

DEMO_MERGER_ON = date(2026, 12, 1)
DEMO_DECISION = "Nghị quyết 88/NQ-HĐND ngày 20/11/2026 của HĐND tỉnh (dữ liệu mẫu)"


def demo_reorganisation(today: date) -> Reorganisation | None:
    """Merge the second demo commune's committee into the first (those the demo made, governing no unit of
    the directory); None when one is recorded already, or there are not two such communes. Flushes."""
    if db.session.scalar(sa.select(Reorganisation.id).limit(1)) is not None:
        return None
    communes = list(
        db.session.scalars(
            sa.select(Agency)
            .where(Agency.level == AgencyLevel.COMMUNE, Agency.is_active.is_(True), Agency.unit_id.is_(None))
            .order_by(Agency.id)
            .limit(2)
        )
    )
    if len(communes) < 2:
        return None
    heir, merged = communes
    request = reorganisation.ReorgRequest(
        subject=ReorgSubject.AGENCY,
        kind=ReorgKind.MERGE,
        source_ids=(merged.id,),
        target_ids=(heir.id,),
        effective_on=min(DEMO_MERGER_ON, today),
        decision_reference=DEMO_DECISION,
        reason="Sắp xếp đơn vị hành chính cấp xã",
    )
    seen = reorganisation.preview(request, today=today)
    return reorganisation.apply(request, fingerprint=seen.fingerprint, actor=None, today=today)
