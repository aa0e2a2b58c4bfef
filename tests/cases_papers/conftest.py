"""Cases in the seeded Quảng Ninh directory for the case papers' tests: a complaint at a commune UBND (its
chairman decides round 1), a round-2 complaint at the provincial UBND (the chairman of the province), a
denunciation at a commune UBND and one at the provincial Thanh tra (a department: its chief inspector
decides), each opened by a letter registered through the letter service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from petitions.cases.models import CaseFile
from petitions.documents import hooks
from petitions.domain.records import CaseRound, LetterType
from petitions.extensions import db
from petitions.vault.services import Identity

# The letters papers' seeded directory, its fixtures (seeded, ward) and helpers, shared by these tests.
from tests.letters_papers.conftest import (  # noqa: F401
    Office,
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)

ACCEPTED = date(2026, 7, 10)


@dataclass
class Opened:
    case: CaseFile
    where: Office


def case_of(letter: Any) -> CaseFile:
    case = db.session.get(CaseFile, letter.case_id)
    assert case is not None
    return case


def complaint_case(code: str, unit: Any, *, second_round: bool = False) -> Opened:
    """A complaint case at the body ``code``, its complainant living in ``unit`` (the `ward` fixture)."""
    where = office(code)
    letter = complaint(where, unit)
    case = case_of(letter)
    case.accepted_on = ACCEPTED
    if second_round:
        case.case_round = CaseRound.SECOND
    db.session.flush()
    return Opened(case, where)


DENOUNCER = Identity(full_name="Đỗ Thị Kín", address="thôn Khe Tiền, xã Tiên Yên, tỉnh Quảng Ninh")


def denunciation_case(code: str) -> Opened:
    where = office(code)
    letter = denunciation(where, DENOUNCER)
    assert letter.letter_type is LetterType.DENUNCIATION
    case = case_of(letter)
    case.accepted_on = ACCEPTED
    db.session.flush()
    return Opened(case, where)



@pytest.fixture(autouse=True)
def papers_without_the_case_flow(monkeypatch):  # type: ignore[no-untyped-def]
    """These tests draft, issue and print each paper on its own: the case's state machine, which an issue moves
    through the documents' "on issued" hook (petitions.cases.transitions), is flow's and tested there. Its hook
    would refuse a paper issued out of the life cycle's order, so the register issues here without it."""
    monkeypatch.setitem(hooks._ON_ISSUED, "case_file", [])
