"""API test helpers: a user's token made through the service, and requests that present it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from petitions.auth import tokens
from petitions.auth.models import User
from petitions.domain.types import Role
from tests.factories import make_user


def token_for(user: User, *, scope: str = tokens.WRITE, days: int = 30) -> str:
    _row, secret = tokens.create_token(user=user, name="thử", scope=scope, days=days)
    return secret


def bearer(secret: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **headers}


class Api:
    """A test client that presents one token on every request."""

    def __init__(self, client: FlaskClient, secret: str) -> None:
        self.client = client
        self.secret = secret

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, headers=bearer(self.secret, **kwargs.pop("headers", {})), **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.client.post(url, headers=bearer(self.secret, **kwargs.pop("headers", {})), **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.client.patch(url, headers=bearer(self.secret, **kwargs.pop("headers", {})), **kwargs)


def api_user(app: Any, role: Role = Role.RECEPTION_OFFICER, *, scope: str = tokens.WRITE, **overrides: Any) -> tuple[Api, User]:
    user = make_user(role=role, **overrides)
    return Api(app.test_client(), token_for(user, scope=scope)), user
