"""Duplicate ranking (đơn trùng): true and false positives, order and reasons; no app."""

from __future__ import annotations

import pytest

from petitions.domain.duplicates import Candidate, Incoming, rank, search_words, similarity, trigrams
from petitions.domain.text import fold_text

COMPLAINT = fold_text("Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND của UBND xã Hòa Bình, bồi thường thấp")
SAME_MATTER = fold_text(
    "Tiếp tục khiếu nại quyết định thu hồi đất 15/QĐ-UBND, xã Hòa Bình bồi thường quá thấp"
)
OTHER_MATTER = fold_text("Kiến nghị sửa chữa đường liên thôn bị sạt lở sau mưa lũ")
RESPONDENT = fold_text("UBND xã Hòa Bình")


def test_trigrams_pad_words_like_pg_trgm():
    assert trigrams("dat") == {"  d", " da", "dat", "at "}
    assert trigrams("dat dai, a1") == {"  d", " da", "dat", "at ", "dai", "ai ", "  a", " a1", "a1 "}
    assert trigrams("") == trigrams(" ; ") == frozenset()


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (COMPLAINT, COMPLAINT, 1.0, 1.0),
        (COMPLAINT, SAME_MATTER, 0.5, 0.99),
        (COMPLAINT, OTHER_MATTER, 0.0, 0.15),
        ("", COMPLAINT, 0.0, 0.0),
    ],
)
def test_similarity(a, b, low, high):
    assert low <= similarity(a, b) <= high


@pytest.mark.parametrize(
    ("candidate", "expected_reasons"),
    [
        # true positives
        (Candidate(1, OTHER_MATTER, "", id_number="079201000123"), ["Cùng số giấy tờ tùy thân"]),
        (Candidate(2, OTHER_MATTER, "", name_folded="nguyen van an"), ["Cùng họ tên người gửi"]),
        (Candidate(3, SAME_MATTER, RESPONDENT), ["Nội dung giống"]),
        # false positives: similar words about another respondent; another matter against the same one
        (Candidate(4, SAME_MATTER, fold_text("UBND xã Hòa Lạc")), []),
        (Candidate(5, OTHER_MATTER, RESPONDENT), []),
        (
            Candidate(6, COMPLAINT, RESPONDENT, name_folded="nguyen van anh", id_number="079201000999"),
            ["Nội dung giống"],
        ),
    ],
)
def test_rank_finds_true_and_rejects_false_positives(candidate, expected_reasons):
    incoming = Incoming(COMPLAINT, RESPONDENT, name_folded="nguyen van an", id_number="079201000123")
    matches = rank(incoming, [candidate])
    if not expected_reasons:
        assert matches == []
    else:
        (match,) = matches
        assert [r[: len(e)] for r, e in zip(match.reasons, expected_reasons, strict=True)] == expected_reasons


def test_rank_orders_id_then_content_then_name_and_explains():
    incoming = Incoming(COMPLAINT, RESPONDENT, name_folded="nguyen van an", id_number="079201000123")
    matches = rank(
        incoming,
        [
            Candidate(10, SAME_MATTER, RESPONDENT),
            Candidate(11, OTHER_MATTER, "", name_folded="nguyen van an"),
            Candidate(12, SAME_MATTER, RESPONDENT, name_folded="nguyen van an", id_number="079201000123"),
        ],
    )
    assert [m.letter_id for m in matches] == [12, 10, 11]
    assert len(matches[0].reasons) == 3


def test_search_words_drop_short_and_repeated_words():
    assert search_words("khieu nai ve dat dat o xa") == ("khieu", "nai", "dat")


def test_the_best_candidate_preselects_the_matching_decision() -> None:
    from petitions.domain.classification import DuplicateDecision, suggested_decision

    incoming = Incoming("khieu nai thu hoi dat thon dong mo", "ubnd xa binh dinh", "nguyen van an", "012345678901")
    same = Candidate(1, "khieu nai thu hoi dat thon dong mo", "ubnd xa binh dinh", "nguyen van an", "012345678901")
    other_writer = Candidate(2, "khieu nai thu hoi dat thon dong mo", "ubnd xa binh dinh")
    writer_only = Candidate(3, "de nghi cap so do", "ubnd xa khac", "nguyen van an")
    matches = {m.letter_id: m for m in rank(incoming, [same, other_writer, writer_only])}
    assert (matches[1].same_writer, matches[1].same_content) == (True, True)
    assert (matches[2].same_writer, matches[2].same_content) == (False, True)
    assert (matches[3].same_writer, matches[3].same_content) == (True, False)

    def decide(match, has_case=True):
        return suggested_decision(
            same_writer=match.same_writer, same_content=match.same_content, candidate_has_case=has_case
        )

    assert decide(matches[1]) == DuplicateDecision.DUPLICATE
    assert decide(matches[2]) == DuplicateDecision.EXISTING_CASE
    assert decide(matches[2], has_case=False) == DuplicateDecision.DUPLICATE  # anonymous information: no case
    assert decide(matches[3]) == DuplicateDecision.NEW
