"""The chasing ladder (đôn đốc, truy bám) of an item sent to a body: its rungs, the state of each proposed
step, and (filled by the chasing work) the pure rules that say which step is due on a day. Pure: no Flask, no
database; petitions.chasing reads and writes the `chase` rows these names describe."""

from __future__ import annotations

from enum import StrEnum


class ChaseStep(StrEnum):
    """A step of the ladder. Each referral gets at most one step per rung (`RUNGS`): the third rung is either
    an escalation to the body's superior or a request for explanation from the body itself."""

    REMINDER = "reminder"  # nhắc trước hạn: before the body's deadline
    FIRST_URGING = "first_urging"  # đôn đốc lần 1: the deadline has passed
    SECOND_URGING = "second_urging"  # đôn đốc lần 2: N working days after the first
    ESCALATION = "escalation"  # báo cáo, đề nghị cấp trên của cơ quan chỉ đạo
    EXPLANATION_REQUEST = "explanation_request"  # yêu cầu giải trình


class ChaseStatus(StrEnum):
    """Where one proposed step stands."""

    PROPOSED = "proposed"  # on the day's list, waiting for a leader
    APPROVED = "approved"  # a leader approved it: its document is drafted (then issued through the register)
    SKIPPED = "skipped"  # a leader skipped it, with a reason
    WITHDRAWN = "withdrawn"  # the answer arrived (or the item left the ladder) before a leader decided


# The rung of each step: the unique key (referral, rung) makes the day's list idempotent.
RUNGS: dict[ChaseStep, int] = {
    ChaseStep.REMINDER: 0,
    ChaseStep.FIRST_URGING: 1,
    ChaseStep.SECOND_URGING: 2,
    ChaseStep.ESCALATION: 3,
    ChaseStep.EXPLANATION_REQUEST: 3,
}
