"""The console fixtures (users, logged-in clients) for the login and session tests."""

from tests.console.conftest import _cheap_hashes, app_client, login, world

__all__ = ["_cheap_hashes", "app_client", "login", "world"]
