"""Cases (vụ việc): the case list with its filters, the case page with the timeline, the transition forms."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from petitions.auth.models import User
from petitions.auth.permissions import role_required
from petitions.cases import actions, labels, queries, timeline, transitions
from petitions.cases.exports import SEARCH_KEY, case_filters_from_request
from petitions.cases.forms import (
    DONE_FIELDS,
    ORDERED_FIELDS,
    CaseCourtForm,
    CaseDatedNoteForm,
    CaseDatedReasonForm,
    CaseDecideForm,
    CaseDialogueForm,
    CaseExtendForm,
    CaseImplementationForm,
    CaseNextRoundForm,
    CaseNotifyForm,
    CasePublishForm,
    CaseReasonForm,
    CaseReclassifyForm,
    CaseSearchForm,
    CaseVerificationForm,
    CaseVerificationReportForm,
    CaseVersionForm,
)
from petitions.cases.models import CaseFile
from petitions.cases.papers import recorded_findings
from petitions.cases.permissions import READ_ROLES, WRITE_ROLES
from petitions.clock import local_today
from petitions.concurrency import save_versioned
from petitions.deadlines.models import RecordType
from petitions.deadlines.queries import current_handling_clocks
from petitions.directory.models import Agency
from petitions.documents import hooks
from petitions.documents.labels import STATUS_LABELS as DOCUMENT_STATUS_LABELS
from petitions.documents.models import Document
from petitions.domain import case_flow as flow
from petitions.domain.deadlines import CASE_RESOLUTION_RULE_IDS
from petitions.domain.records import CaseStatus
from petitions.domain.text import normalise_text
from petitions.extensions import db
from petitions.history_words import history_lines
from petitions.i18n import lazy_gettext as _l
from petitions.letters.queries import list_officers, list_scope_agencies
from petitions.request_args import parse_id
from petitions.scoping import find_visible

bp = Blueprint("cases", __name__, url_prefix="/cases")


E = TypeVar("E", bound=Enum)
F = TypeVar("F", bound=FlaskForm)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return labels.template_globals()



def _filter_args(filters: queries.CaseFilters) -> dict[str, str]:
    """The filters as query-string arguments (for the next page); never the search term."""
    values = {
        "status": filters.status.value if filters.status else None,
        "type": filters.case_type.value if filters.case_type else None,
        "round": filters.case_round.value if filters.case_round else None,
        "agency": filters.agency_id,
        "handler": filters.handler_id,
        "overdue": "1" if filters.overdue else None,
        "sort": filters.sort if filters.sort != "opened_desc" else None,
    }
    return {key: str(value) for key, value in values.items() if value is not None}


@bp.route("/")
@role_required(*READ_ROLES)
def index() -> ResponseReturnValue:
    """The case list: filters and order in the query string, the title search from the session (POST)."""
    today = local_today()
    filters = case_filters_from_request()
    page = queries.list_cases(current_user, filters, today=today, cursor=request.args.get("after"))
    return render_template(
        "cases/index.html",
        page=page,
        due=current_handling_clocks(
            RecordType.CASE, [case.id for case in page.rows], listed=True, rule_ids=CASE_RESOLUTION_RULE_IDS
        ),
        filters=filters,
        filter_args=_filter_args(filters),
        search=CaseSearchForm(text=filters.text),
        statuses=list(CaseStatus),
        officers=list_officers(current_user),
        agencies=list_scope_agencies(current_user),
        today=today,
    )


@bp.route("/search", methods=["POST"])
@role_required(*READ_ROLES)
def search() -> ResponseReturnValue:
    """Keep the search term out of URLs: it goes to the session, then back to the list (PRG)."""
    form = CaseSearchForm()
    if form.validate_on_submit():
        text = normalise_text(form.text.data)
        if text:
            session[SEARCH_KEY] = text
        else:
            session.pop(SEARCH_KEY, None)
    return redirect(url_for("cases.index"))


@bp.route("/<int:case_id>")
@role_required(*READ_ROLES)
def detail(case_id: int) -> ResponseReturnValue:
    return _render_detail(queries.get_case_for(current_user, case_id))


def _render_detail(
    case: CaseFile, *, status: int = 200, bound: tuple[str, FlaskForm] | None = None
) -> ResponseReturnValue:
    today = local_today()
    data = timeline.load_case_page(current_user, case, today=today)
    return render_template(
        "cases/detail.html",
        case=case,
        data=data,
        action_forms=_action_forms(case, bound),
        actions=ACTIONS,
        figure_fields=frozenset(ORDERED_FIELDS + DONE_FIELDS),
        history=history_lines(data.history, data.history_names),
        today=today,
        document_status_labels=DOCUMENT_STATUS_LABELS,
        outcome_rows=labels.OUTCOME_ROWS,
    ), status


def _document_links(document: Document, user: Any) -> list[hooks.Link]:
    """The document page's link back to the case of a case paper (petitions.documents.hooks), if the user may
    see the case."""
    case = find_visible(queries.visible_cases(user), document.record_id)
    if case is None:
        return []
    return [hooks.Link(_case_title(case), url_for("cases.detail", case_id=case.id))]


def _case_title(case: CaseFile) -> str:
    return _("Vụ việc số %(id)d", id=case.id)


for _record_type in timeline.CASE_RECORD_TYPES:
    hooks.on_links(_record_type, _document_links)


# ---------------------------------------------------------------------------------------------------------
# Transitions: one small form per event of petitions.domain.case_flow, each posting to its own route that calls
# flow's service (petitions.cases.transitions) under the save helper (version checked, one commit)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A transition form of the case page (its event and service: petitions.cases.actions): its form, its
    heading and button, the question asked before sending it (None: none), what the page says once done."""

    form: type[FlaskForm]
    title: Any
    button: Any
    confirm: Any
    done: Any


ACTIONS: dict[str, Action] = {
    # The way to a resolution first, then what may interrupt or change it.
    "accept": Action(CaseVersionForm, _l("Thụ lý giải quyết"), _l("Lập văn bản thụ lý"),
                     _l("Lập dự thảo văn bản thụ lý vụ việc?"), _l("Đã lập dự thảo văn bản thụ lý: kiểm tra rồi ban hành.")),
    "verify": Action(CaseVerificationForm, _l("Giao xác minh"),
                     _l("Lập quyết định giao xác minh"), None, _l("Đã lập dự thảo quyết định giao xác minh.")),
    "report": Action(CaseVerificationReportForm, _l("Báo cáo kết quả xác minh"),
                     _l("Lập báo cáo"), None, _l("Đã lập dự thảo báo cáo kết quả xác minh.")),
    "dialogue": Action(CaseDialogueForm, _l("Đối thoại"), _l("Lập biên bản đối thoại"),
                       None, _l("Đã lập dự thảo biên bản đối thoại.")),
    "decide": Action(CaseDecideForm, _l("Quyết định giải quyết, kết luận"),
                     _l("Lập dự thảo quyết định, kết luận"), _l("Lập dự thảo quyết định, kết luận với kết quả và số liệu này?"),
                     _l("Đã lập dự thảo: kiểm tra nội dung rồi ban hành.")),
    "notify": Action(CaseNotifyForm, _l("Thông báo kết quả giải quyết"),
                     _l("Thông báo kết quả"), None, _l("Đã ghi nhận việc thông báo kết quả.")),
    "publish": Action(CasePublishForm, _l("Công khai kết quả"), _l("Lập biên bản công khai"),
                      None, _l("Đã lập dự thảo biên bản công khai.")),
    "implement": Action(CaseDatedNoteForm, _l("Tổ chức thực hiện"),
                        _l("Bắt đầu tổ chức thực hiện"), None, _l("Đã ghi nhận việc tổ chức thực hiện.")),
    "implemented": Action(CaseImplementationForm, _l("Kết quả thực hiện"),
                          _l("Ghi nhận kết quả thực hiện"), _l("Ghi nhận kết quả thực hiện với các số liệu này?"),
                          _l("Đã ghi nhận kết quả thực hiện.")),
    "close": Action(CaseDatedNoteForm, _l("Kết thúc vụ việc"), _l("Kết thúc"),
                    _l("Kết thúc vụ việc? Sau khi kết thúc không ghi nhận thêm được."), _l("Đã kết thúc vụ việc.")),
    "reclassify": Action(CaseReclassifyForm, _l("Phân loại lại mức độ phức tạp"),
                         _l("Lưu phân loại"), _l("Phân loại lại vụ việc? Hạn giải quyết sẽ được tính lại."),
                         _l("Đã phân loại lại vụ việc; hạn giải quyết đã được tính lại.")),
    "extend": Action(CaseExtendForm, _l("Gia hạn giải quyết"), _l("Lập quyết định gia hạn"),
                     None, _l("Đã lập dự thảo quyết định gia hạn.")),
    "suspend": Action(CaseReasonForm, _l("Tạm đình chỉ"), _l("Lập quyết định tạm đình chỉ"),
                      _l("Lập dự thảo quyết định tạm đình chỉ giải quyết?"), _l("Đã lập dự thảo quyết định tạm đình chỉ.")),
    "resume": Action(CaseReasonForm, _l("Tiếp tục giải quyết"), _l("Lập quyết định tiếp tục"),
                     None, _l("Đã lập dự thảo quyết định tiếp tục giải quyết.")),
    "withdraw": Action(CaseDatedReasonForm, _l("Ghi nhận đơn rút"), _l("Ghi nhận rút đơn"),
                       _l("Ghi nhận người khiếu nại, tố cáo đã rút đơn?"), _l("Đã ghi nhận việc rút đơn.")),
    "terminate": Action(CaseReasonForm, _l("Đình chỉ giải quyết"), _l("Lập quyết định đình chỉ"),
                        _l("Lập dự thảo quyết định đình chỉ giải quyết?"), _l("Đã lập dự thảo quyết định đình chỉ.")),
    "lapse": Action(CaseDatedNoteForm, _l("Chấm dứt (hết thời hạn tiếp tục khiếu nại)"),
                    _l("Ghi nhận"), _l("Ghi nhận vụ việc chấm dứt vì hết thời hạn tiếp tục khiếu nại?"),
                    _l("Đã ghi nhận vụ việc chấm dứt.")),
    "next_round": Action(CaseNextRoundForm, _l("Khiếu nại lần hai, tố cáo tiếp"),
                         _l("Mở vụ việc tiếp theo"), _l("Mở vụ việc tiếp theo, liên kết với vụ việc này?"),
                         _l("Đã mở vụ việc tiếp theo.")),
    "not_accept": Action(CaseReasonForm, _l("Không thụ lý"), _l("Lập thông báo không thụ lý"),
                         _l("Lập dự thảo thông báo không thụ lý?"), _l("Đã lập dự thảo thông báo không thụ lý.")),
    "court": Action(CaseCourtForm, _l("Người khiếu nại khởi kiện ra Tòa án"), _l("Ghi nhận"),
                    _l("Ghi nhận việc khởi kiện vụ án hành chính?"), _l("Đã ghi nhận việc khởi kiện.")),
}
assert list(ACTIONS) == list(actions.ACTIONS)
# The services name the fields they refuse by their own argument names.
_FORM_FIELDS = {"handler_id": "handler", "form": "how", "agency_in_charge_id": "agency"}


def _set_options(form: FlaskForm, case: CaseFile) -> FlaskForm:
    """The form's choices for this case and user (as posted, they are checked against the same lists)."""
    if isinstance(form, CaseVerificationForm):
        form.handler.choices = [SelectChoice("", _("— chọn cán bộ —"))] + [
            SelectChoice(str(officer.id), officer.full_name)
            for officer in db.session.scalars(
                transitions.verification_officers(case, current_user).order_by(User.full_name, User.id)
            )
        ]
    if isinstance(form, CaseNextRoundForm):
        form.agency.choices = [SelectChoice("", _("— cơ quan đang giải quyết —"))] + [
            SelectChoice(str(agency.id), agency.name)
            for agency in db.session.scalars(transitions.next_round_bodies(case, current_user).order_by(Agency.name))
        ]
    if isinstance(form, CaseReclassifyForm):
        form.complexity.choices = [SelectChoice(level.value, str(text)) for level, text in labels.COMPLEXITY_LABELS.items()]
    if isinstance(form, CaseDecideForm):
        allowed = flow.verdicts_for(transitions.case_facts(case))
        form.verdict.choices = [SelectChoice("", _("— chọn kết quả —"))] + [
            SelectChoice(verdict.value, str(text)) for verdict, text in labels.VERDICT_LABELS.items() if verdict in allowed
        ]
    return form


def _own_ids(form: F, key: str) -> F:
    """Field ids unique on the case page ("<action>-<field>"): several forms have a "reason" or a date, and a
    label must focus its own form's field. Posted names stay the same."""
    for field in form:
        field.id = f"{key}-{field.name}"
        field.label.field_id = field.id
    return form


def _new_form(key: str, case: CaseFile) -> FlaskForm:
    return _set_options(_own_ids(ACTIONS[key].form(), key), case)


def _action_forms(case: CaseFile, bound: tuple[str, FlaskForm] | None) -> dict[str, FlaskForm]:
    """The forms of the events this user may start now, by action key; a re-rendered one keeps its input."""
    offered = set(transitions.available_events(case, current_user)) if current_user.role in WRITE_ROLES else set()
    forms: dict[str, FlaskForm] = {}
    if bound is not None:
        # The form sent back comes first, where the eye lands; also when the case has moved on meanwhile (a stale
        # save): the text typed stays on screen, and sending it again is refused with the reason.
        forms[bound[0]] = bound[1]
    for key in ACTIONS:
        if actions.event_of(key) not in offered:
            continue
        if key in forms:
            continue
        form = _new_form(key, case)
        form.version.data = str(case.version)
        if isinstance(form, CaseReclassifyForm):
            form.complexity.data = case.complexity.value
            form.remote.data = case.is_remote
        if isinstance(form, CaseDecideForm):
            form.findings.data, form.dialogue.data = recorded_findings(case)
        forms[key] = form
    return forms


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _figures(form: FlaskForm, names: tuple[str, ...]) -> dict[str, Decimal | int]:
    """The form's figures (Decimals read by its figure fields, counts as ints), blank ones zero."""
    return flow.every_figure({name: form[name].data for name in names}, names)


def _arguments(key: str, case: CaseFile, form: Any) -> dict[str, Any]:
    """The form's input as the action's service takes it (petitions.cases.actions.run_action)."""
    if key == "accept":
        return {}
    if key in ("not_accept", "suspend", "resume", "terminate"):
        return {"reason": form.reason.data}
    if key == "verify":
        return {"handler_id": parse_id(form.handler.data), "verifier": form.verifier.data or "",
                "members": _lines(form.members.data), "days": form.days.data, "plan": form.plan.data or ""}
    if key == "report":
        return {"findings": form.findings.data, "proposal": form.proposal.data or ""}
    if key == "dialogue":
        return {"held_on": form.held_on.data, "participants": _lines(form.participants.data),
                "result": form.result.data, "place": form.place.data or "", "opinions": form.opinions.data or ""}
    if key == "reclassify":
        return {"complexity": form.complexity.data, "remote": bool(form.remote.data), "reason": form.reason.data,
                "effective_on": form.effective_on.data}
    if key == "extend":
        return {"days": form.days.data, "reason": form.reason.data}
    if key == "withdraw":
        return {"reason": form.reason.data, "effective_on": form.effective_on.data}
    if key == "lapse":
        return {"effective_on": form.effective_on.data}
    if key == "decide":
        return {"verdict": form.verdict.data, "figures": _figures(form, ORDERED_FIELDS),
                "texts": actions.decision_texts(case, {name: form[name].data for name in actions.DECISION_TEXTS})}
    if key == "notify":
        return {"result": form.result.data or "", "effective_on": form.effective_on.data}
    if key == "publish":
        return {"form": form.how.data, "published_on": form.published_on.data, "place": form.place.data or ""}
    if key in ("implement", "close"):
        return {"effective_on": form.effective_on.data, "note": form.note.data or ""}
    if key == "implemented":
        return {"figures": _figures(form, DONE_FIELDS), "implemented_on": form.implemented_on.data,
                "summary": form.summary.data or "", "with_report": bool(form.with_report.data)}
    if key == "next_round":
        return {"received_on": form.received_on.data, "reason": form.reason.data, "title": form.title.data or None,
                "agency_in_charge_id": parse_id(form.agency.data)}
    assert key == "court"
    return {"reference": form.reference.data, "effective_on": form.effective_on.data}


def _act(key: str, case_id: int) -> ResponseReturnValue:
    """One transition: the case through the user's scope, the form, flow's service under the save helper
    (version checked, one commit). A paper drafted → its document page (edited and issued there); an event
    applied at once → the case page. A refusal re-renders the case page with the form as typed and the reason."""
    case = queries.get_case_for(current_user, case_id)
    form = _new_form(key, case)
    saved = save_versioned(
        case, form, lambda: actions.run_action(key, case, actor=current_user, arguments=_arguments(key, case, form))
    )
    named = _FORM_FIELDS.get(getattr(saved.error, "field", None) or "", getattr(saved.error, "field", None) or "")
    if saved.refused and named in _FORM_FIELDS.values() and named in form:
        form[named].errors = [*form[named].errors, saved.refused]  # beside the field it is about
    if saved.ok:
        flash(str(ACTIONS[key].done), "success")
        if isinstance(saved.value, Document):
            return redirect(url_for("documents.detail", document_id=saved.value.id))
        if isinstance(saved.value, CaseFile) and saved.value.id != case_id:  # the next round: its own page
            return redirect(url_for("cases.detail", case_id=saved.value.id))
        return redirect(url_for("cases.detail", case_id=case_id, _anchor="case-actions"))
    flash(saved.stale or saved.refused or _("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
    return _render_detail(case, status=saved.status, bound=(key, form))


def _register_action(key: str) -> None:
    def view(case_id: int) -> ResponseReturnValue:
        return _act(key, case_id)

    view.__name__ = key
    view.__doc__ = f"POST: {flow.EVENT_WORDS[actions.event_of(key)]} (petitions.cases.actions)."
    bp.add_url_rule(f"/<int:case_id>/{key.replace('_', '-')}", endpoint=key,
                    view_func=role_required(*actions.action_roles(key))(view), methods=["POST"])


for _key in ACTIONS:
    _register_action(_key)
