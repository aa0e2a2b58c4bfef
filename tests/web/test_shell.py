"""The UI shell: login page, headers, error pages, health check, language switch."""

from __future__ import annotations

from petitions.domain.types import Role
from tests.factories import make_user, signed_in_client


def test_login_page_is_vietnamese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Đăng nhập" in page
    assert 'lang="vi"' in page


def test_anonymous_page_request_redirects_to_login_with_path_only(client):
    response = client.get("/auth/users?q=Nguyen", headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/auth/users"


def test_security_headers_are_set_on_every_response(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(response.headers["X-Request-ID"]) >= 8


def test_static_assets_are_cacheable_and_vendored(client):
    response = client.get("/static/vendor/bootstrap-5.3.9/bootstrap.min.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


def test_healthz_reports_ok_without_details(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_unknown_page_shows_vietnamese_404(app, session):
    client, _ = signed_in_client(app)
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_wrong_role_gets_vietnamese_403(app, session):
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    response = client.get("/auth/users")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.get_data(as_text=True)


def test_unexpected_error_shows_incident_id_and_no_traceback(app, session, caplog):
    client, _ = signed_in_client(app)

    def explode():  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internal detail")

    app.view_functions["main.index"], original = explode, app.view_functions["main.index"]
    try:
        response = client.get("/")
    finally:
        app.view_functions["main.index"] = original
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Mã sự cố" in page
    assert "secret internal detail" not in page and "Traceback" not in page
    assert "secret internal detail" in caplog.text  # the log keeps what the page hides


def test_language_switch_to_english(app, session):
    client, _ = signed_in_client(app)
    client.post("/language", data={"lang": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_menu_depends_on_role(app, session):
    admin_client, _ = signed_in_client(app, role=Role.ADMIN)
    officer_client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    assert "/auth/users" in admin_client.get("/").get_data(as_text=True)
    assert "/auth/users" not in officer_client.get("/").get_data(as_text=True)


def test_login_with_user_factory_reaches_home(app, session):
    user = make_user(role=Role.LEADER)
    client = app.test_client()
    response = client.post("/auth/login", data={"username": user.username, "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert "Xin chào" in client.get("/").get_data(as_text=True)


def test_menu_groups_reception_pages_in_one_drop_down(app, session):
    from petitions.navigation import menu_tree_for

    with app.test_request_context():
        tree = menu_tree_for(Role.RECEPTION_OFFICER)
        labels = [str(entry.label) for entry in tree]
        reception = next(entry for entry in tree if str(entry.label) == "Tiếp công dân")
        assert reception.url is None
        assert "/reception/visits/new" in [url for url, _ in reception.children]
        assert "Hệ thống" not in labels  # nothing of the system group is visible to an officer
        admin_tree = menu_tree_for(Role.ADMIN)
        system = next(entry for entry in admin_tree if str(entry.label) == "Hệ thống")
        assert "/auth/users" in [url for url, _ in system.children]


def test_a_group_with_one_visible_item_is_a_plain_link(app, session):
    from petitions.navigation import menu_tree_for

    with app.test_request_context():
        leader_tree = menu_tree_for(Role.LIAISON)
        assert all(not entry.children for entry in leader_tree)
