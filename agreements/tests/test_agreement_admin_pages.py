"""The coordinator's pages for the agreement (namespace agreement-admin): who may open them and act on them, and that
each is well-formed HTML in each state, in Polish and English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.models import Document, Version
from klaster.testing import Page, html_problems, make_stakeholder, page_of
from klaster.testing.agreements import TEXT, admin_url

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def pages(cluster, document):
    """Every page that opens with GET, on the seed agreement."""
    return {
        "overview": admin_url("overview"),
        "edit": admin_url("edit"),
        "annex-new": admin_url("annex-new"),
        "version": admin_url("version", 1),
        "version-signatures": admin_url("version-signatures", 1),
        "signature-new": admin_url("signature-new"),
        "party-end": admin_url("party-end", "tworog"),
        "documents": admin_url("documents"),
        "document-new": admin_url("document-new"),
        "document-edit": admin_url("document-edit", document.pk),
        "document-delete": admin_url("document-delete", document.pk),
    }


PAGE_NAMES = [
    "overview",
    "edit",
    "annex-new",
    "version",
    "version-signatures",
    "signature-new",
    "party-end",
    "documents",
    "document-new",
    "document-edit",
    "document-delete",
]


@pytest.fixture
def actions(ready_draft, document):
    """The POST-only actions (and the deletion), each with how to tell that it did nothing."""
    return {
        "version-publish": (
            admin_url("version-publish", ready_draft.number),
            lambda: Version.objects.get(pk=ready_draft.pk).status == Version.Status.DRAFT,
        ),
        "version-discard": (
            admin_url("version-discard", ready_draft.number),
            lambda: Version.objects.filter(pk=ready_draft.pk).exists(),
        ),
        "document-delete": (
            admin_url("document-delete", document.pk),
            lambda: Document.objects.filter(pk=document.pk).exists(),
        ),
    }


ACTION_NAMES = ["version-publish", "version-discard", "document-delete"]


# --- who may open what (who may not: the permission matrix, klaster/tests/test_permissions.py) ---------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_coordinator_opens_every_page(client, coordinator, pages, name):
    client.force_login(coordinator)
    response = client.get(pages[name])
    assert response.status_code == 200
    assert len(page_of(response).h1) == 1


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_opens_in_english_too(client, coordinator, pages, name):
    client.force_login(coordinator)
    kwargs = client.get(pages[name]).resolver_match.kwargs
    with translation.override("en"):
        path = reverse(f"agreement-admin:{name}", kwargs=kwargs)
    assert path.startswith("/en/")
    response = client.get(path)
    assert response.status_code == 200
    assert Page(response.content.decode()).html_lang == "en"


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_anonymous_visitors_cannot_act(client, actions, name):
    action_url, unchanged = actions[name]
    response = client.post(action_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert unchanged()


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_municipal_staff_cannot_act(client, staff_pawonkow, actions, name):
    client.force_login(staff_pawonkow)
    action_url, unchanged = actions[name]
    assert client.post(action_url).status_code == 403
    assert unchanged()


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_a_coordinator_without_the_second_factor_cannot_act(client, coordinator_without_mfa, actions, name):
    client.force_login(coordinator_without_mfa)
    action_url, unchanged = actions[name]
    assert client.post(action_url).url == reverse("mfa_activate_totp")
    assert unchanged()


@pytest.mark.parametrize("name", ["version-publish", "version-discard"])
def test_actions_do_nothing_on_get(client, coordinator, actions, name):
    client.force_login(coordinator)
    action_url, unchanged = actions[name]
    assert client.get(action_url).status_code == 405
    assert unchanged()


def test_a_version_that_does_not_exist_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(admin_url("version", 9)).status_code == 404
    assert client.post(admin_url("version-publish", 9)).status_code == 404
    assert client.get(admin_url("version-signatures", 9)).status_code == 404


def test_a_participant_that_never_signed_has_no_end_page(client, coordinator, cluster):
    make_stakeholder(cluster, "Firma Bez Podpisu")
    client.force_login(coordinator)
    assert client.get(admin_url("party-end", "firma-bez-podpisu")).status_code == 404


# --- the HTML --------------------------------------------------------------------------------------


def test_every_page_is_well_formed_html_in_each_state(client, coordinator, published, agreement, document, tworog):
    draft = services.annex_draft_create(
        agreement=agreement, number="2", signed_on=datetime.date(2025, 9, 1), subject="cel", text="*Zmiana*",
        by=coordinator,
    )  # fmt: skip
    client.force_login(coordinator)
    responses = [client.get(path) for path in [
        admin_url("overview"), admin_url("edit"), admin_url("annex-new"), admin_url("version", 1), admin_url("version", 2), admin_url("version", 3),
        admin_url("version-signatures", 1), admin_url("version-signatures", 2), admin_url("signature-new"), admin_url("party-end", "tworog"),
        admin_url("documents"), admin_url("document-new"), admin_url("document-edit", document.pk), admin_url("document-delete", document.pk),
        reverse("coordination:dashboard"),
    ]]  # fmt: skip
    responses += [
        client.post(admin_url("version", draft.number), {"text": TEXT + "\n\n§ 3. Nowy\n\nTak.", "action": "preview"}),
        client.post(admin_url("version", draft.number), {"text": "bez paragrafów", "action": "save"}),
        client.post(admin_url("annex-new"), {}),
        client.post(admin_url("signature-new"), {}),
        client.post(admin_url("version-signatures", 2), {}),
        client.post(admin_url("party-end", "tworog"), {}),
        client.post(admin_url("document-new"), {}),
        client.post(admin_url("document-edit", document.pk), {}),
        client.post(admin_url("edit"), {}),
    ]
    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert html_problems(response.content.decode()) == [], response.request["PATH_INFO"]
