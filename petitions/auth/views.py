"""Sign-in pages, the user's own sessions, and the administrator's account pages."""

from __future__ import annotations

import base64

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from petitions.auth import clearance, devices, events, exports, labels, services, tokens
from petitions.auth.forms import (
    ROLE_LABELS,
    ApiTokenForm,
    ClearanceRequestForm,
    ConfirmForm,
    LoginForm,
    PasswordChangeForm,
    TotpEnrolForm,
    TotpVerifyForm,
    UserCreateForm,
    UserEditForm,
)
from petitions.auth.models import ApiToken, IdentityClearance, User, UserSession
from petitions.auth.permissions import role_required, safe_next_url
from petitions.auth.sessions import session_limits
from petitions.concurrency import save_versioned
from petitions.directory.models import Agency
from petitions.domain.passwords import PasswordRejected
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.paging import keyset_page
from petitions.printing import qr_svg
from petitions.scoping import get_visible_or_404

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _client_ip() -> str:
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Username and password; then the second factor and a forced password change if due."""
    if current_user.is_authenticated and services.pending_step(current_user) is None:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        username = services.normalise_username(form.username.data or "")
        known_device = devices.recognises(
            current_app, request.cookies.get(devices.cookie_name(current_app)), username
        )
        try:
            user = services.authenticate(
                username=username,
                password=form.password.data or "",
                ip_address=_client_ip(),
                known_device=known_device,
            )
        except services.SignInRefused as refusal:
            db.session.commit()  # the failure counters and events must persist
            flash(str(refusal), "danger")
            status = 429 if isinstance(refusal, services.AddressThrottled) else 401
        else:
            # A fresh session id at sign-in: nothing from the anonymous session survives.
            lang = session.get("lang")
            session.clear()
            if lang:
                session["lang"] = lang
            services.end_expired_sessions(session_limits())
            user_session = services.start_session(
                user=user, ip_address=_client_ip(), user_agent=request.headers.get("User-Agent")
            )
            user.current_session = user_session
            login_user(user)
            db.session.commit()
            step = services.pending_step(user)
            if step is not None:
                session["after_sign_in"] = safe_next_url(form.next.data)
                response = redirect(url_for(step))
            else:
                response = redirect(safe_next_url(form.next.data) or url_for("main.index"))
            devices.remember(current_app, response, user.username)
            return response
    return render_template("auth/login.html", form=form), status


def _finish_sign_in() -> ResponseReturnValue:
    step = services.pending_step(current_user)
    if step is not None:
        return redirect(url_for(step))
    return redirect(safe_next_url(session.pop("after_sign_in", None)) or url_for("main.index"))


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated and current_user.current_session is not None:
        events.end_session(current_user.current_session, reason="logout")
        events.record_event("logout", user=current_user, ip_address=_client_ip())
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if form.new_password.data != form.confirm_password.data:
            form.confirm_password.errors.append(_("Mật khẩu nhập lại không khớp."))
        else:
            try:
                services.change_password(
                    user=current_user,
                    current_password=form.current_password.data or "",
                    new_password=form.new_password.data or "",
                    keep_session=current_user.current_session,
                )
            except services.WrongCredentials:
                db.session.commit()
                form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
            except (PasswordRejected, DomainError) as rejected:
                form.new_password.errors.append(str(rejected))
            else:
                db.session.commit()
                flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã được kết thúc."), "success")
                return _finish_sign_in()
    return render_template("auth/change_password.html", form=form, forced=current_user.must_change_password)


@bp.route("/mfa/enroll", methods=["GET", "POST"])
def mfa_enroll() -> ResponseReturnValue:
    """Set up an authenticator app: show the secret, check one code, show recovery codes once."""
    if current_user.mfa_enabled and not request.args.get("again"):
        return _finish_sign_in()
    form = TotpEnrolForm()
    secret = session.get("totp_pending_secret")
    if secret is None or request.method == "GET":
        secret = services.new_totp_secret()
        session["totp_pending_secret"] = secret
    if form.validate_on_submit():
        try:
            codes = services.enrol_totp(user=current_user, secret=secret, code=form.code.data or "")
        except DomainError as refused:
            db.session.commit()
            form.code.errors.append(str(refused))
        else:
            if current_user.current_session is not None:
                current_user.current_session.mfa_verified = True
            db.session.commit()
            session.pop("totp_pending_secret", None)
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = services.totp_uri(current_user, secret)
    # Inline as a data: URI (allowed by img-src), so the secret never travels in a second request.
    qr_url = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(uri)).decode("ascii")
    return render_template("auth/mfa_enroll.html", form=form, secret=secret, uri=uri, qr_url=qr_url)


@bp.route("/mfa", methods=["GET", "POST"])
def mfa_verify() -> ResponseReturnValue:
    if not current_user.mfa_enabled:
        return _finish_sign_in()
    form = TotpVerifyForm()
    if form.validate_on_submit():
        try:
            services.verify_second_factor(
                user=current_user, code=form.code.data or "", user_session=current_user.current_session
            )
        except DomainError as refused:
            db.session.commit()
            form.code.errors.append(str(refused))
        else:
            db.session.commit()
            return _finish_sign_in()
    return render_template("auth/mfa_verify.html", form=form)


@bp.route("/keepalive", methods=["POST"])
def keepalive() -> ResponseReturnValue:
    """The idle warning's "keep working" button: loading the user already renewed the session."""
    db.session.commit()
    return "", 204


@bp.route("/sessions")
def my_sessions() -> ResponseReturnValue:
    return render_template(
        "auth/sessions.html",
        sessions=services.list_live_sessions(current_user),
        current_id=current_user.current_session.id,
        form=ConfirmForm(),
        browser_label=labels.browser_label,
    )


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
def end_my_session(session_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    target = get_visible_or_404(sa.select(UserSession).where(UserSession.user_id == current_user.id), session_id)
    events.end_session(target, reason="ended_by_user")
    events.record_event("session_ended", user=current_user, detail=f"session={target.id}")
    db.session.commit()
    flash(_("Đã kết thúc phiên đăng nhập."), "success")
    if target.id == current_user.current_session.id:
        logout_user()
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.my_sessions"))


@bp.route("/tokens", methods=["GET", "POST"])
def api_tokens() -> ResponseReturnValue:
    """The user's own API tokens: the ones in force, and a form for a new one (shown once, on this answer)."""
    form = ApiTokenForm()
    created = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                token, secret = tokens.create_token(
                    user=current_user, name=form.name.data or "", scope=form.scope.data or "", days=form.days.data or 0
                )
            except DomainError as refused:
                db.session.rollback()
                form.name.errors = [*form.name.errors, str(refused)]
            else:
                db.session.commit()
                created = (token, secret)
                form = ApiTokenForm(formdata=None)
                status = 200
    return (
        render_template(
            "auth/api_tokens.html", tokens=tokens.live_tokens(current_user), form=form, created=created,
            revoke_form=ConfirmForm(),
        ),
        status,
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_api_token(token_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    token: ApiToken = get_visible_or_404(tokens.visible_tokens(current_user), token_id)
    tokens.revoke_token(token, actor=current_user, reason="revoked_by_user")
    db.session.commit()
    flash(_("Đã thu hồi mã truy cập."), "success")
    return redirect(url_for("auth.api_tokens"))


# Administrator: accounts -----------------------------------------------------------------


def _agency_choices() -> list[SelectChoice]:
    agencies = db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True)).order_by(Agency.code))
    return [SelectChoice(agency.id, f"{agency.code} — {agency.name}") for agency in agencies]


def _user_or_404(user_id: int) -> User:
    """Accounts: the administrator manages every account."""
    return get_visible_or_404(sa.select(User), user_id)


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    query, order = exports.user_select()
    page = keyset_page(query, order, after=request.args.get("after"), list_key="auth.users", count_total=True)
    return render_template("auth/users.html", page=page, role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_new() -> ResponseReturnValue:
    form = UserCreateForm()
    form.agency_id.choices = _agency_choices()
    saved = save_versioned(
        None,
        form,
        lambda: services.create_user(
            username=form.username.data or "",
            full_name=form.full_name.data or "",
            role=Role(form.role.data),
            agency_id=form.agency_id.data,
            password=None,
            actor=current_user,
        ),
        error_field=form.username,
    )
    if saved.ok:  # the one-time password is shown once, in the answer to this POST
        user, one_time = saved.value
        return render_template("auth/one_time_password.html", user=user, password=one_time)
    return render_template("auth/user_form.html", form=form, user=None), saved.status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    form.agency_id.choices = _agency_choices()
    if request.method == "GET":
        form.role.data = user.role.value
        form.version.data = str(user.version)

    def update() -> None:
        if user.id == current_user.id and (Role(form.role.data) != Role.ADMIN or not form.is_active.data):
            raise DomainError(_("Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình."))
        services.update_user(
            user=user,
            actor=current_user,
            full_name=form.full_name.data or "",
            role=Role(form.role.data),
            agency_id=form.agency_id.data,
            is_active=bool(form.is_active.data),
        )

    saved = save_versioned(user, form, update)
    if saved.ok:
        flash(_("Đã lưu tài khoản."), "success")
        return redirect(url_for("auth.user_edit", user_id=user.id))
    if message := saved.stale or saved.refused:
        flash(message, "danger")
    sessions_ = services.list_live_sessions(user)
    return (
        render_template("auth/user_form.html", form=form, user=user, live_sessions=sessions_, action_form=ConfirmForm()),
        saved.status,
    )


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@role_required(Role.ADMIN)
def user_reset_password(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    one_time = services.reset_password(user=user, actor=current_user)
    db.session.commit()
    return render_template("auth/one_time_password.html", user=user, password=one_time)


@bp.route("/users/<int:user_id>/end-sessions", methods=["POST"])
@role_required(Role.ADMIN)
def user_end_sessions(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = events.end_all_sessions(user, reason="ended_by_admin")
    events.record_event("sessions_ended_by_admin", user=user, actor=current_user, detail=f"count={count}")
    db.session.commit()
    flash(_("Đã kết thúc %(count)d phiên đăng nhập.", count=count), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@role_required(Role.ADMIN)
def user_unlock(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.clear_lockout(user=user, actor=current_user)
    db.session.commit()
    flash(_("Đã mở khóa tài khoản."), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-mfa", methods=["POST"])
@role_required(Role.ADMIN)
def user_reset_mfa(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.disable_mfa(user=user, actor=current_user)
    db.session.commit()
    flash(_("Đã hủy xác thực hai lớp; người dùng sẽ đăng ký lại khi đăng nhập."), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))


@bp.route("/security-events")
@role_required(Role.ADMIN, Role.LEADER)
def security_events() -> ResponseReturnValue:
    filters = exports.event_filters_from_request()
    query, order = exports.event_select(current_user, filters)
    page = keyset_page(query, order, after=request.args.get("after"), list_key="auth.security_events", count_total=True)
    return render_template(
        "auth/security_events.html", page=page, kind=filters.kind, kinds=labels.EVENT_LABELS,
        event_label=labels.event_label, event_detail=labels.event_detail, pages=exports.endpoint_paths(),
        accounts=exports.account_names(current_user, page.rows),
    )


# Leaders: clearance to see denouncers' identities ----------------------------------------


@bp.route("/clearances", methods=["GET", "POST"])
@role_required(Role.LEADER)
def clearances() -> ResponseReturnValue:
    form = ClearanceRequestForm()
    candidates = db.session.scalars(clearance.clearance_candidates(current_user).order_by(User.full_name, User.id))
    form.user_id.choices = [SelectChoice(u.id, f"{u.full_name} ({u.username})") for u in candidates]
    saved = save_versioned(
        None,
        form,
        lambda: clearance.request_clearance(
            user=get_visible_or_404(clearance.clearance_candidates(current_user), form.user_id.data),
            requested_by=current_user,
            reason=form.reason.data or "",
            days=form.days.data or 90,
        ),
        error_field=form.reason,
    )
    if saved.ok:
        flash(_("Đã gửi đề nghị; quyền có hiệu lực khi một lãnh đạo khác phê duyệt."), "success")
        return redirect(url_for("auth.clearances"))
    grants = keyset_page(
        clearance.visible_clearances(current_user).options(
            selectinload(IdentityClearance.user),
            selectinload(IdentityClearance.requested_by),
            selectinload(IdentityClearance.approved_by),
        ),
        (IdentityClearance.requested_at.desc(), IdentityClearance.id.desc()),
        after=request.args.get("after"),
        list_key="auth.clearances",
    )
    return render_template("auth/clearances.html", form=form, grants=grants, action_form=ConfirmForm()), saved.status


def _grant_or_404(grant_id: int) -> IdentityClearance:
    """A grant of the leader's agency tree (approval needs a second leader of that tree); 404 otherwise."""
    return get_visible_or_404(clearance.visible_clearances(current_user), grant_id)


@bp.route("/clearances/<int:grant_id>/approve", methods=["POST"])
@role_required(Role.LEADER)
def clearance_approve(grant_id: int) -> ResponseReturnValue:
    grant = _grant_or_404(grant_id)
    saved = save_versioned(None, ConfirmForm(), lambda: clearance.approve_clearance(grant=grant, approver=current_user))
    if saved.refused:
        flash(saved.refused, "danger")
    elif not saved.ok:
        abort(400)
    else:
        flash(_("Đã phê duyệt quyền xem danh tính."), "success")
    return redirect(url_for("auth.clearances"))


@bp.route("/clearances/<int:grant_id>/revoke", methods=["POST"])
@role_required(Role.LEADER)
def clearance_revoke(grant_id: int) -> ResponseReturnValue:
    grant = _grant_or_404(grant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    clearance.revoke(grant=grant, actor=current_user, reason="revoked_by_leader")
    db.session.commit()
    flash(_("Đã thu hồi quyền."), "success")
    return redirect(url_for("auth.clearances"))
