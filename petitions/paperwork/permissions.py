"""Who may print reception paperwork (roles; the record scope comes from reception's scoped loaders)."""

from __future__ import annotations

from petitions.domain.types import Role

# Desk papers of a visit (receipt, record of statement, appointment slip, refusal notice draft): whoever
# records visits. A viewer only reads; a liaison and the administrator never open reception records.
VISIT_PAPER_ROLES = (Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER)
# A leader's session conclusion notice: those who manage sessions.
SESSION_PAPER_ROLES = (Role.RECEPTION_OFFICER, Role.LEADER)
# The printed reception book (Mẫu 03/TCD): the reception officers who keep it and the leaders who sign it.
BOOK_ROLES = (Role.RECEPTION_OFFICER, Role.LEADER)
