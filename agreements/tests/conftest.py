"""Fixtures of the agreements tests, on top of the project's (conftest.py at the root: the seed cluster, its gminas,
the personas, media_root and renders). What they call is in klaster.testing.agreements."""

import pytest

from agreements import services
from agreements.models import Document
from klaster.testing import participants
from klaster.testing.agreements import FOUNDED, SECTIONS_V2, SECTIONS_V3, TEXT, new_draft, publish_version


@pytest.fixture
def agreement(cluster):
    """The seed agreement (porozumienie-2018), in force, with its placeholder version 1."""
    return cluster.agreements.get()


@pytest.fixture
def draft(agreement, coordinator):
    """Annex 1 and the draft of version 2, its text copied from version 1 (none)."""
    return new_draft(agreement, coordinator)


@pytest.fixture
def ready_draft(draft, coordinator):
    """The draft of version 2 with two sections and its effective date: ready to publish."""
    return services.version_text_save(version=draft, text=TEXT, effective_on=draft.effective_on, by=coordinator)


@pytest.fixture
def published(ready_draft, coordinator):
    """Version 2, with two sections, published."""
    return services.version_publish(version=ready_draft, by=coordinator)


@pytest.fixture
def document(agreement):
    return Document.objects.create(agreement=agreement, kind="other", date=FOUNDED, title="Protokół z konferencji")


@pytest.fixture
def version2(agreement):
    """Version 2 through annex 1, signed by Tworóg, Pawonków and the coordinator; the others stay bound by 1."""
    signers = participants("tworog", "pawonkow") + [agreement.cluster.participants.get(kind="coordinator")]
    return publish_version(agreement, 2, SECTIONS_V2, signers=signers, summary="Dodano tekst porozumienia.")


@pytest.fixture
def version3(agreement, version2):
    return publish_version(agreement, 3, SECTIONS_V3, signers=participants("tworog"), summary="Dodano § 2.")
