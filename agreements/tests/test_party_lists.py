"""Who the parties of the agreement are, said once (ParticipantQuerySet.agreement_parties: who signed the agreement as
a founding party or acceded to it and has not left) and the same in every list: the panel's register (which also
holds entries that are not parties yet, marked as such), the coordinator's agreement page, the public agreement page
and the register PDF; the lists for the public leave out, and count, the parties that did not consent."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Signature
from klaster.testing import make_stakeholder, pdf_text, read_page
from klaster.testing.agreements import accede
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")

TODAY = timezone.localdate


@pytest.fixture
def mixed(cluster, agreement, coordinator):
    """The founding parties of the seed, and: a company that acceded, one that acceded and withdrew, one that
    acceded and withdraws only next month (still a party), an entry of the register that has not signed (registered
    only), a natural person who acceded without consenting to the listing, and one that signed only an annex."""
    acceded = make_stakeholder(cluster, "Spółka Przystępująca")
    accede(acceded, agreement, on=datetime.date(2022, 5, 1))
    withdrew = make_stakeholder(cluster, "Spółka Wystąpiła")
    accede(withdrew, agreement, on=datetime.date(2021, 1, 1))
    withdrew.status, withdrew.left_on = Participant.Status.WITHDRAWN, datetime.date(2023, 6, 30)
    withdrew.save()
    leaving = make_stakeholder(cluster, "Spółka Odchodząca")
    accede(leaving, agreement, on=datetime.date(2021, 2, 1))
    leaving.left_on = TODAY() + datetime.timedelta(days=30)
    leaving.save()
    registered = make_stakeholder(cluster, "Spółka Tylko W Rejestrze", joined_on=datetime.date(2022, 1, 1))
    person = make_stakeholder(cluster, "Halina Prywatna", category=Participant.Category.PERSON, public_listing=False)
    accede(person, agreement, on=datetime.date(2023, 1, 1))
    annex_only = make_stakeholder(cluster, "Spółka Tylko Aneks", joined_on=datetime.date(2022, 1, 1))
    Signature.objects.create(
        version=agreement.current_version(),
        participant=annex_only,
        basis=Signature.Basis.ANNEX,
        signed_on=datetime.date(2024, 1, 1),
    )
    founders = set(Participant.objects.filter(signatures__basis="founding").values_list("name", flat=True))
    return {
        "parties": founders | {acceded.name, leaving.name, person.name},
        "not_parties": {withdrew.name, registered.name, annex_only.name},
        "registered_only": {registered.name, annex_only.name},
        "hidden": {person.name},
    }


def test_the_definition_names_the_parties(mixed):
    assert set(Participant.objects.agreement_parties().values_list("name", flat=True)) == mixed["parties"]


def test_every_list_names_the_same_parties(client, coordinator, agreement, mixed):
    client.force_login(coordinator)

    register = client.get(reverse("register:index"))
    entries = {party.name: party.is_agreement_party for party in register.context["page"].object_list}
    assert register.context["page"].paginator.num_pages == 1
    in_register = {name for name, is_party in entries.items() if is_party}
    not_yet = {name for name, is_party in entries.items() if not is_party}

    overview = client.get(reverse("agreement-admin:overview"))
    assert overview.context["parties"].paginator.num_pages == 1
    on_agreement_page = {party.participant.name for party in overview.context["parties"]}

    full_pdf = " ".join(pdf_text(_body(client.get(reverse("agreements:register-pdf")))).split())
    in_full_pdf = {name for name in mixed["parties"] | mixed["not_parties"] if name in full_pdf}

    assert in_register == on_agreement_page == in_full_pdf == mixed["parties"]
    assert f"({len(mixed['parties'])})" in full_pdf
    # The register also holds the entries that are not parties yet, marked as such; one that left is not in it.
    assert not_yet == mixed["registered_only"]
    assert "Spółka Wystąpiła" not in entries
    page = read_page(register).text
    for name in mixed["registered_only"]:
        assert f"{name} jeszcze nie jest stroną" in page

    client.logout()
    public = client.get(reverse("agreements:detail"))
    on_public_page = {party.participant.name for party in public.context["page"]}
    public_pdf = " ".join(pdf_text(_body(client.get(reverse("agreements:register-pdf")))).split())
    in_public_pdf = {name for name in mixed["parties"] | mixed["not_parties"] if name in public_pdf}
    agreement_pdf = " ".join(pdf_text(_body(client.get(reverse("agreements:pdf")))).split())
    in_agreement_pdf = {name for name in mixed["parties"] | mixed["not_parties"] if name in agreement_pdf}
    listed = mixed["parties"] - mixed["hidden"]
    assert on_public_page == in_public_pdf == in_agreement_pdf == listed
    assert "nie są tu wymienione (1)" in read_page(public).text
    assert "nie zgodziły się na publikację danych: 1" in agreement_pdf


def test_the_register_of_a_past_day_says_who_was_a_party_then(client, coordinator, mixed):
    """On 1 July 2022 the company that withdrew in 2023 was a party, the natural person (2023) not yet."""
    client.force_login(coordinator)
    register = client.get(reverse("register:index"), {"dzien": "2022-07-01"})
    parties = {party.name for party in register.context["page"].object_list if party.is_agreement_party}
    assert "Spółka Wystąpiła" in parties and "Halina Prywatna" not in parties
    assert parties == set(
        Participant.objects.agreement_parties(datetime.date(2022, 7, 1)).values_list("name", flat=True)
    )
    pdf = " ".join(pdf_text(_body(client.get(reverse("agreements:register-pdf"), {"dzien": "2022-07-01"}))).split())
    assert {name for name in mixed["parties"] | mixed["not_parties"] if name in pdf} == parties


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content
