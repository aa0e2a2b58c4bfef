"""Sign-in security: server-side sessions, expiry, second factor, throttling, redirects, events.

OWASP ASVS 5.0: V6 Authentication (V6.2 password policy, V6.3 brute-force throttling and lock-out, V6.6 the second
factor), V7 Session Management (server-side sessions, idle and absolute expiry, ending sessions), V3 (no open
redirect after sign-in; section cited), V16.3.1 (every sign-in attempt logged).
"""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from petitions import clock
from petitions.auth import devices, events
from petitions.auth import services as auth_services
from petitions.auth.models import SecurityEvent, User, UserSession
from petitions.domain.types import Role
from petitions.extensions import db
from tests.factories import DEFAULT_PASSWORD, count_rows, log_in, make_agency, make_user, signed_in_client

COOKIE = "petitions_session"


def replay_client(app, cookie_value):  # type: ignore[no-untyped-def]
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie_value)
    return thief


def home_is_refused(client) -> bool:  # type: ignore[no-untyped-def]
    response = client.get("/", headers={"Accept": "text/html"})
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_cookie_copied_before_logout_is_refused_after(app, session):
    client, _ = signed_in_client(app)
    copied = client.get_cookie(COOKIE).value
    assert not home_is_refused(replay_client(app, copied))
    client.post("/auth/logout")
    assert home_is_refused(replay_client(app, copied))


def test_cookie_copied_before_password_change_is_refused_after(app, session):
    client, user = signed_in_client(app)
    other_device, _ = client, None
    second = app.test_client()
    log_in(second, user)
    copied = second.get_cookie(COOKIE).value
    response = client.post(
        "/auth/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": "a much newer passphrase", "confirm_password": "a much newer passphrase"},
    )
    assert response.status_code == 302
    assert home_is_refused(replay_client(app, copied))
    assert not home_is_refused(other_device)  # the session that changed it goes on


def test_cookie_is_refused_after_deactivation(app, session):
    client, user = signed_in_client(app)
    admin_client, admin = signed_in_client(app, role=Role.ADMIN)
    response = admin_client.post(
        f"/auth/users/{user.id}",
        data={"full_name": user.full_name, "role": user.role.value, "agency_id": user.agency_id, "version": user.version},
    )
    assert response.status_code == 302
    assert home_is_refused(client)


def test_role_change_ends_sessions(app, session):
    client, user = signed_in_client(app)
    admin_client, _ = signed_in_client(app, role=Role.ADMIN)
    admin_client.post(
        f"/auth/users/{user.id}",
        data={"full_name": user.full_name, "role": Role.HANDLER.value, "agency_id": user.agency_id, "is_active": "y", "version": user.version},
    )
    assert home_is_refused(client)


def test_new_session_token_at_each_login(app, session):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    log_in(first, user)
    log_in(second, user)
    assert first.get_cookie(COOKIE).value != second.get_cookie(COOKIE).value
    assert count_rows(UserSession, UserSession.user_id == user.id) == 2


def test_session_expires_after_idle_timeout(app, session, monkeypatch):
    client, _ = signed_in_client(app)
    start = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=29))
    assert not home_is_refused(client)  # activity at +29 min resets the idle clock
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=29 + 31))
    assert home_is_refused(client)


def test_session_expires_after_absolute_timeout_despite_activity(app, session, monkeypatch):
    client, _ = signed_in_client(app)
    start = clock.utcnow()
    for minutes in range(20, 10 * 60, 20):
        monkeypatch.setattr(clock, "utcnow", lambda m=minutes: start + timedelta(minutes=m))
        assert not home_is_refused(client), minutes
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(hours=10, minutes=5))
    assert home_is_refused(client)


def test_user_can_end_another_of_their_sessions(app, session):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, user)
    log_in(phone, user)
    phone_session = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id.desc())
    ).first()
    response = laptop.post(f"/auth/sessions/{phone_session.id}/end")
    assert response.status_code == 302
    assert home_is_refused(phone)
    assert not home_is_refused(laptop)


def test_admin_ends_all_sessions_of_a_user(app, session):
    client, user = signed_in_client(app)
    admin_client, _ = signed_in_client(app, role=Role.ADMIN)
    admin_client.post(f"/auth/users/{user.id}/end-sessions")
    assert home_is_refused(client)


def test_first_login_with_one_time_password_forces_change(app, session):
    user = make_user(must_change_password=True)
    client = app.test_client()
    response = log_in(client, user)
    assert response.headers["Location"] == "/auth/password"
    assert client.get("/").headers["Location"] == "/auth/password"  # nothing else until changed
    client.post(
        "/auth/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": "tiếp công dân mỗi ngày", "confirm_password": "tiếp công dân mỗi ngày"},
    )
    assert client.get("/").status_code == 200


def test_password_change_requires_current_password(app, session):
    client, user = signed_in_client(app)
    response = client.post(
        "/auth/password",
        data={"current_password": "wrong wrong wrong", "new_password": "another good phrase", "confirm_password": "another good phrase"},
    )
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)


def test_common_password_is_refused_with_vietnamese_message(app, session):
    client, _ = signed_in_client(app)
    response = client.post(
        "/auth/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": "matkhau123", "confirm_password": "matkhau123"},
    )
    assert "quá phổ biến" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "https:/evil.example"])
def test_next_parameter_outside_the_app_is_ignored(app, session, target):
    user = make_user()
    client = app.test_client()
    response = client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD, "next": target})
    assert response.headers["Location"] == "/"


def test_next_parameter_inside_the_app_is_followed(app, session):
    user = make_user(role=Role.ADMIN)
    client = app.test_client()
    response = client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD, "next": "/auth/users"})
    assert response.headers["Location"] == "/auth/users"


def enrol(client, user):  # type: ignore[no-untyped-def]
    """Enrol TOTP through the pages; returns the secret."""
    page = client.get("/auth/mfa/enroll?again=1").get_data(as_text=True)
    secret = page.split('id="totp-secret">')[1].split("<")[0]
    response = client.post("/auth/mfa/enroll", data={"code": pyotp.TOTP(secret).now()})
    assert "Mã khôi phục" in response.get_data(as_text=True) or "mã khôi phục" in response.get_data(as_text=True)
    return secret


def test_mfa_required_in_production_setting_sends_user_to_enrolment(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "MFA_REQUIRED", True)
    user = make_user()
    client = app.test_client()
    assert log_in(client, user).headers["Location"] == "/auth/mfa/enroll"
    assert client.get("/").headers["Location"] == "/auth/mfa/enroll"
    enrol(client, user)
    assert client.get("/").status_code == 200


def test_totp_code_is_required_at_next_login_and_cannot_be_replayed(app, session, monkeypatch):
    client, user = signed_in_client(app)
    secret = enrol(client, user)
    # Next step of time, so that the code used for enrolment is not the current one.
    later = clock.utcnow() + timedelta(seconds=31)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    second = app.test_client()
    assert log_in(second, user).headers["Location"] == "/auth/mfa"
    assert second.get("/").headers["Location"] == "/auth/mfa"
    code = pyotp.TOTP(secret).at(later)
    assert second.post("/auth/mfa", data={"code": code}).status_code == 302
    assert second.get("/").status_code == 200
    third = app.test_client()
    log_in(third, user)
    response = third.post("/auth/mfa", data={"code": code})
    assert "đã được dùng" in response.get_data(as_text=True)
    assert third.get("/").headers["Location"] == "/auth/mfa"
    assert count_rows(SecurityEvent, SecurityEvent.kind == "mfa_replay", SecurityEvent.user_id == user.id) == 1


def test_old_totp_code_is_rejected(app, session, monkeypatch):
    client, user = signed_in_client(app)
    secret = enrol(client, user)
    now = clock.utcnow()
    stale = pyotp.TOTP(secret).at(now - timedelta(minutes=5))
    monkeypatch.setattr(clock, "utcnow", lambda: now + timedelta(seconds=31))
    second = app.test_client()
    log_in(second, user)
    response = second.post("/auth/mfa", data={"code": stale})
    assert "không đúng" in response.get_data(as_text=True)


def test_recovery_code_works_once(app, session, monkeypatch):
    client, user = signed_in_client(app)
    page = client.get("/auth/mfa/enroll?again=1").get_data(as_text=True)
    secret = page.split('id="totp-secret">')[1].split("<")[0]
    page = client.post("/auth/mfa/enroll", data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    recovery = page.split('id="recovery-codes">')[1].split("<li>")[1].split("</li>")[0]
    for attempt, expected in ((1, 302), (2, 200)):
        device = app.test_client()
        log_in(device, user)
        assert device.post("/auth/mfa", data={"code": recovery}).status_code == expected, attempt


def test_guessing_second_factor_codes_locks_the_account(app, session, monkeypatch):
    """ASVS 5.0 V6.6.3 (and V6.3.1: never permanent): wrong codes lock the account as wrong passwords do, the right
    code is refused while locked, signing in again with the password does not give a fresh count, and the lock
    ends with time."""
    client, user = signed_in_client(app)
    secret = enrol(client, user)
    now = clock.utcnow() + timedelta(seconds=31)
    monkeypatch.setattr(clock, "utcnow", lambda: now)
    device = app.test_client()
    log_in(device, user)
    wrong = "000000" if pyotp.TOTP(secret).at(now) != "000000" else "111111"
    for _ in range(auth_services.ACCOUNT_FAILURES_BEFORE_LOCK - 1):
        assert "không đúng" in device.post("/auth/mfa", data={"code": wrong}).get_data(as_text=True)
    # A fresh sign-in with the right password does not reset the count of wrong codes.
    device = app.test_client()
    assert log_in(device, user).headers["Location"] == "/auth/mfa"
    assert "tạm khóa" in device.post("/auth/mfa", data={"code": wrong}).get_data(as_text=True)
    right = pyotp.TOTP(secret).at(now)
    assert "tạm khóa" in device.post("/auth/mfa", data={"code": right}).get_data(as_text=True)
    assert device.get("/").headers["Location"] == "/auth/mfa"
    assert count_rows(SecurityEvent, SecurityEvent.kind == "mfa_locked", SecurityEvent.user_id == user.id) == 1
    later = now + auth_services.ACCOUNT_LOCK_BASE + timedelta(seconds=31)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    assert device.post("/auth/mfa", data={"code": pyotp.TOTP(secret).at(later)}).status_code == 302
    db.session.refresh(user)
    assert user.mfa_failure_count == 0


def test_account_locks_after_repeated_failures_and_unlocks_with_time(app, session, monkeypatch):
    user = make_user()
    client = app.test_client()
    for _ in range(auth_services.ACCOUNT_FAILURES_BEFORE_LOCK):
        client.post("/auth/login", data={"username": user.username, "password": "not the password"})
    response = client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 401
    assert auth_services.NOT_SIGNED_IN in response.get_data(as_text=True)
    assert db.session.get(User, user.id).locked_until is not None
    later = clock.utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    assert client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}).status_code == 302


def test_admin_can_lift_a_lockout(app, session):
    user = make_user()
    client = app.test_client()
    for _ in range(auth_services.ACCOUNT_FAILURES_BEFORE_LOCK):
        client.post("/auth/login", data={"username": user.username, "password": "not the password"})
    admin_client, _ = signed_in_client(app, role=Role.ADMIN)
    admin_client.post(f"/auth/users/{user.id}/unlock")
    assert client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("failures", "minutes"), [(4, None), (5, 1), (6, 2), (7, 4), (10, 32), (11, 60), (40, 60)]
)
def test_lock_grows_progressively_and_is_capped(failures, minutes):
    duration = auth_services.lock_duration(failures)
    assert (duration.total_seconds() / 60 if duration else None) == minutes


def _flash(response) -> str:
    return response.get_data(as_text=True).split('class="alert')[1].split("</div>")[0]


def test_unknown_user_wrong_password_and_locked_account_get_the_same_answer(app, session):
    user, locked = make_user(), make_user()
    client = app.test_client()
    for _ in range(auth_services.ACCOUNT_FAILURES_BEFORE_LOCK):
        client.post("/auth/login", data={"username": locked.username, "password": "not the password"})
    unknown = client.post("/auth/login", data={"username": "nobody-here", "password": "whatever it is"})
    wrong = client.post("/auth/login", data={"username": user.username, "password": "whatever it is"})
    # The locked account's owner types the right password: the answer must not reveal the lock.
    lock = client.post("/auth/login", data={"username": locked.username, "password": DEFAULT_PASSWORD})
    assert db.session.get(User, locked.id).locked_until is not None
    assert unknown.status_code == wrong.status_code == lock.status_code == 401
    assert _flash(unknown) == _flash(wrong) == _flash(lock)
    assert auth_services.NOT_SIGNED_IN in _flash(lock)


def test_address_limit_does_not_lock_out_a_colleague_on_a_known_browser(app, session, monkeypatch):
    """Behind one office address, a guesser's failures must not keep colleagues out (ASVS 5.0 V6.3.1)."""
    colleague = make_user()
    colleague_browser = app.test_client()
    log_in(colleague_browser, colleague)  # an earlier day: the browser receives its device cookie
    colleague_browser.post("/auth/logout")
    monkeypatch.setattr(auth_services, "ADDRESS_FAILURE_LIMIT", 3)
    guesser = app.test_client()
    for number in range(5):
        guesser.post("/auth/login", data={"username": f"ghost{number}", "password": "x" * 10})
    assert guesser.post("/auth/login", data={"username": "ghost9", "password": "x" * 10}).status_code == 429
    # The same address, a browser that has signed in as this colleague before: let in.
    response = colleague_browser.post(
        "/auth/login", data={"username": colleague.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    # A new browser (no device cookie) for the same colleague is still held back by the address limit,
    # and the guesser cannot borrow the colleague's cookie for another name.
    fresh = app.test_client()
    assert (
        fresh.post("/auth/login", data={"username": colleague.username, "password": DEFAULT_PASSWORD}).status_code
        == 429
    )
    other = make_user()
    cookie = colleague_browser.get_cookie(devices.DEVICE_COOKIE)
    guesser.set_cookie(devices.DEVICE_COOKIE, cookie.value)
    assert guesser.post("/auth/login", data={"username": other.username, "password": "x" * 10}).status_code == 429


def test_a_forged_device_cookie_is_ignored(app, session, monkeypatch):
    user = make_user()
    monkeypatch.setattr(auth_services, "ADDRESS_FAILURE_LIMIT", 1)
    client = app.test_client()
    client.post("/auth/login", data={"username": "ghost", "password": "x" * 10})
    client.set_cookie(devices.DEVICE_COOKIE, user.username)
    assert client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}).status_code == 429


def test_address_limit_refuses_after_many_failures(app, session, monkeypatch):
    monkeypatch.setattr(auth_services, "ADDRESS_FAILURE_LIMIT", 3)
    client = app.test_client()
    for number in range(3):
        client.post("/auth/login", data={"username": f"ghost{number}", "password": "x" * 10})
    response = client.post("/auth/login", data={"username": "ghost9", "password": "x" * 10})
    assert response.status_code == 429


def test_security_events_are_written_for_each_sign_in_outcome(app, session):
    user = make_user()
    client = app.test_client()
    client.post("/auth/login", data={"username": user.username, "password": "not the password"})
    log_in(client, user)
    client.post("/auth/logout")
    kinds = set(db.session.scalars(sa.select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)))
    assert {"login_failure", "login_success", "logout"} <= kinds


def test_authorisation_failure_writes_a_security_event(app, session):
    client, user = signed_in_client(app, role=Role.VIEWER)
    assert client.get("/auth/users").status_code == 403
    assert count_rows(SecurityEvent, SecurityEvent.kind == "authz_denied", SecurityEvent.user_id == user.id) == 1


def test_security_event_detail_encodes_line_breaks(app, session):
    event = events.record_event("login_failure", detail="a\r\nforged line")
    db.session.flush()
    assert "\n" not in event.detail and "\r" not in event.detail
    assert "\\x0d\\x0a" in event.detail


def test_login_upgrades_a_legacy_werkzeug_hash(app, session):
    from werkzeug.security import generate_password_hash

    user = make_user()
    user.password_hash = generate_password_hash(DEFAULT_PASSWORD)
    db.session.flush()
    assert log_in(app.test_client(), user).status_code == 302
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


def test_login_rehashes_when_parameters_change(app, session, monkeypatch):
    user = make_user()
    old_hash = user.password_hash
    monkeypatch.setitem(app.config, "PASSWORD_HASHER", "argon2id")
    assert log_in(app.test_client(), user).status_code == 302
    new_hash = db.session.get(User, user.id).password_hash
    assert new_hash != old_hash and "m=19456,t=2,p=1" in new_hash


def test_admin_creates_user_with_one_time_password(app, session):
    admin_client, admin = signed_in_client(app, role=Role.ADMIN)
    response = admin_client.post(
        "/auth/users/new",
        data={"username": "Tiep.Dan", "full_name": "Trần Thị Tiếp", "role": Role.RECEPTION_OFFICER.value, "agency_id": admin.agency_id},
    )
    page = response.get_data(as_text=True)
    password = page.split('id="one-time-password">')[1].split("<")[0]
    created = db.session.scalar(sa.select(User).where(User.username == "tiep.dan"))
    assert created.must_change_password
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "tiep.dan", "password": password}).headers["Location"] == "/auth/password"


def test_admin_user_edit_with_stale_version_answers_409(app, session):
    admin_client, admin = signed_in_client(app, role=Role.ADMIN)
    user = make_user()
    data = {"full_name": "Tên mới", "role": user.role.value, "agency_id": user.agency_id, "is_active": "y", "version": user.version}
    assert admin_client.post(f"/auth/users/{user.id}", data=data).status_code == 302
    stale = admin_client.post(f"/auth/users/{user.id}", data=data | {"full_name": "Tên khác"})
    assert stale.status_code == 409
    assert "Tên khác" in stale.get_data(as_text=True)  # the input stays on screen
    assert db.session.get(User, user.id).full_name == "Tên mới"


def test_csrf_is_enforced_on_login_when_enabled(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user()
    client = app.test_client()
    refused = client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 400
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    accepted = client.post("/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302


def test_keepalive_renews_the_idle_clock(app, session, monkeypatch):
    client, _ = signed_in_client(app)
    start = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=25))
    assert client.post("/auth/keepalive").status_code == 204
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=50))
    assert not home_is_refused(client)


def _session_row(app, user_id):
    with app.app_context():
        row = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user_id)).one()
        return row.ended_at, row.end_reason, row.last_seen_at


def test_an_idle_session_is_stamped_ended_when_its_cookie_returns(committed_app, monkeypatch):
    with committed_app.app_context():
        user_id = make_user(username="idle-reader").id
        db.session.commit()
    client = committed_app.test_client()
    with committed_app.app_context():
        log_in(client, db.session.get(User, user_id))
    start = clock.utcnow()
    # Reading pages (GETs, which commit nothing themselves) keeps the session alive…
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=25))
    assert not home_is_refused(client)
    assert _session_row(committed_app, user_id)[2] == start + timedelta(minutes=25)
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=50))
    assert not home_is_refused(client)
    # …and after 31 idle minutes the cookie is refused and the end is recorded, not left empty.
    monkeypatch.setattr(clock, "utcnow", lambda: start + timedelta(minutes=82))
    assert home_is_refused(client)
    ended_at, reason, _ = _session_row(committed_app, user_id)
    assert (ended_at, reason) == (start + timedelta(minutes=82), "idle")


def test_sessions_nobody_returns_to_are_ended_by_the_sweep(committed_app, monkeypatch):
    with committed_app.app_context():
        user_id = make_user(username="went-home").id
        db.session.commit()
    client = committed_app.test_client()
    with committed_app.app_context():
        log_in(client, db.session.get(User, user_id))
    later = clock.utcnow() + timedelta(hours=11)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    result = committed_app.test_cli_runner().invoke(args=["users", "end-expired-sessions"])
    assert result.exit_code == 0 and "Ended 1 expired session(s)." in result.output
    ended_at, reason, _ = _session_row(committed_app, user_id)
    assert (ended_at, reason) == (later, "idle")


def test_a_leader_reads_the_security_events_of_their_own_offices_only(app, session):
    """ASVS 5.0 V8.2.2: another office's sign-ins, addresses and reveals are not a leader's to read."""
    home, elsewhere = make_agency(), make_agency()
    ours, theirs = make_user(agency=home), make_user(agency=elsewhere)
    events.record_event("login_failure", user=ours, ip_address="10.1.1.1", detail="ours-canary")
    events.record_event("login_failure", user=theirs, ip_address="10.2.2.2", detail="theirs-canary")
    events.record_event("login_failure", ip_address="10.3.3.3", detail="nobody-canary")
    db.session.flush()
    leader_client, _leader = signed_in_client(app, role=Role.LEADER, agency=home)
    page = leader_client.get("/auth/security-events").get_data(as_text=True)
    assert "ours-canary" in page and "theirs-canary" not in page and "nobody-canary" not in page
    admin_client, _admin = signed_in_client(app, role=Role.ADMIN)
    page = admin_client.get("/auth/security-events").get_data(as_text=True)
    assert "ours-canary" in page and "theirs-canary" in page and "nobody-canary" in page
