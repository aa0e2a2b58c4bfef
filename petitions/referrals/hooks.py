"""What other areas ask to run when something happens to a referral, without the referrals area importing them:
`on_answered(callback)` registers `callback(referral, actor)`, run by the referral services inside the
transaction that records the body's answer or the office's paper reply (the chasing area withdraws the open
proposals of the referral: a chase stops as soon as the answer arrives)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from petitions.referrals.models import Referral

OnAnswered = Callable[["Referral", Any], None]

_ON_ANSWERED: list[OnAnswered] = []


def on_answered(callback: OnAnswered) -> None:
    """Run `callback(referral, actor)` whenever an answer or a paper reply is recorded. Registering the same
    callback twice keeps one."""
    if callback not in _ON_ANSWERED:
        _ON_ANSWERED.append(callback)


def run_on_answered(referral: Referral, actor: Any) -> None:
    """The registered callbacks, in the order they were registered (a DomainError refuses the answer)."""
    for callback in list(_ON_ANSWERED):
        callback(referral, actor)
