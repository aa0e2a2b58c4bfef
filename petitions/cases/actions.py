"""The case's transitions as the case page and the API offer them: one table of actions (the page's form and the
API's operation of the same name), each with its event of flow's table, who may take it, and the service it runs.

Both adapters read their input into the service's own keyword arguments and call `run_action`; every rule (the
state, the role, the office, the limits, the choices, the ids loaded through the actor's scope) is the service's
(petitions.cases.transitions) or flow's (petitions.domain.case_flow), never the adapter's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from petitions.cases import transitions
from petitions.cases.models import CaseFile
from petitions.cases.papers import recorded_findings
from petitions.cases.permissions import WRITE_ROLES
from petitions.documents.models import Document
from petitions.domain import case_flow as flow
from petitions.domain.case_flow import CaseEvent
from petitions.domain.types import Role

E = CaseEvent

# action key (the page's route and form, the API's path segment with "-" for "_") → (event, service)
ACTIONS: Mapping[str, tuple[CaseEvent, Callable[..., CaseFile | Document]]] = {
    "accept": (E.ACCEPT, transitions.accept_case),
    "verify": (E.ASSIGN_VERIFICATION, transitions.assign_verification),
    "report": (E.REPORT_VERIFICATION, transitions.report_verification),
    "dialogue": (E.HOLD_DIALOGUE, transitions.hold_dialogue),
    "decide": (E.DECIDE, transitions.decide_case),
    "notify": (E.NOTIFY_RESULT, transitions.notify_result),
    "publish": (E.PUBLISH, transitions.publish_result),
    "implement": (E.START_IMPLEMENTATION, transitions.start_implementation),
    "implemented": (E.RECORD_IMPLEMENTATION, transitions.record_implementation),
    "close": (E.CLOSE, transitions.close_resolved_case),
    "reclassify": (E.RECLASSIFY, transitions.reclassify_case),
    "extend": (E.EXTEND, transitions.extend_case),
    "suspend": (E.SUSPEND, transitions.suspend_case),
    "resume": (E.RESUME, transitions.resume_case),
    "withdraw": (E.WITHDRAW, transitions.withdraw_case),
    "terminate": (E.TERMINATE, transitions.terminate_case),
    "lapse": (E.LAPSE, transitions.lapse_case),
    "next_round": (E.NEXT_ROUND, transitions.open_next_round),
    "not_accept": (E.NOT_ACCEPT, transitions.not_accept_case),
    "court": (E.TO_COURT, transitions.record_court_filing),
}

# The decision's sections the page's form and the API's body write (petitions.cases.papers reads them from the
# paper's parameters); a section not given starts, on the page and in the API alike, from `decision_texts`.
DECISION_TEXTS = ("findings", "dialogue", "conclusion", "decision")


def event_of(key: str) -> CaseEvent:
    return ACTIONS[key][0]


def action_roles(key: str) -> tuple[Role, ...]:
    """The roles that may take the action: the officers who write on cases, as far as flow's table allows."""
    allowed = flow.TABLE[event_of(key)].roles
    return tuple(role for role in WRITE_ROLES if role in allowed)


def decision_texts(case: CaseFile, given: Mapping[str, str | None]) -> dict[str, str]:
    """The decision's sections: those given and not blank; the findings and the dialogue, when not given at all,
    as the issued verification report and dialogue record say them (what the page's form is filled with)."""
    findings, dialogue = recorded_findings(case)
    start = {"findings": findings, "dialogue": dialogue}
    texts = {name: given[name] if name in given else start.get(name) for name in DECISION_TEXTS}
    return {name: text for name, text in texts.items() if text and text.strip()}


def run_action(key: str, case: CaseFile, *, actor: Any, arguments: Mapping[str, Any]) -> CaseFile | Document:
    """The action's service on the case (loaded through the actor's scope by the caller) with its own keyword
    arguments. Returns the paper drafted (the event applies when it is issued), the case when the event applied
    at once, or the new case of a next round. Refusals are the service's DomainErrors."""
    _event, service = ACTIONS[key]
    return service(case, actor=actor, **arguments)
