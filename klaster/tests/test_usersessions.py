"""allauth's record of each signed-in session (the "Sesje" page), written by klaster.middleware.UserSessionsMiddleware
at most once a minute while the session's address and browser stay the same."""

from allauth.usersessions.models import UserSession
from django.test import Client

from klaster import middleware
from klaster.testing import captured_queries


def test_a_session_is_recorded_once_a_minute_and_again_at_once_from_another_address(staff_tworog, monkeypatch):
    client = Client()
    client.force_login(staff_tworog)
    url = "/panel/"
    clock = [1000.0]
    monkeypatch.setattr(middleware.time, "monotonic", lambda: clock[0])
    assert client.get(url).status_code == 302
    record = UserSession.objects.get(user=staff_tworog)
    seen = record.last_seen_at
    assert not any("usersession" in query for query in captured_queries(client, "/panel/gminy/tworog/"))
    clock[0] += 61  # a minute later: recorded again
    client.get(url)
    record.refresh_from_db()
    assert record.last_seen_at > seen
    client.get(url, REMOTE_ADDR="192.0.2.7")  # another address: recorded at once
    record.refresh_from_db()
    assert record.ip == "192.0.2.7"
    client.get(url, HTTP_USER_AGENT="Inna przeglądarka")
    record.refresh_from_db()
    assert record.user_agent == "Inna przeglądarka"
