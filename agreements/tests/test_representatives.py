"""A person who signed the agreement for a party stays: the signature names them."""

from django.urls import reverse

from agreements.models import Agreement
from members.models import Role


def test_a_contact_who_signed_the_agreement_cannot_be_deleted(client, staff_tworog, contact):
    agreement = Agreement.objects.get()
    agreement.signatures.filter(participant=contact.participant).update(representative=contact)
    client.force_login(staff_tworog)
    url = reverse("workspace:contact-delete", args=["tworog", contact.pk])

    assert "podpisała porozumienie" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "podpisała porozumienie" in response.content.decode()
    assert Role.objects.filter(pk=contact.pk).exists()
