"""The data revision: raised by every change to the data of members, agreements and events, and by writes that send
no model signals (members.signals.data_changed); never by what is derived and kept."""

from klaster.revision import Revision
from klaster.testing import make_stakeholder
from members.models import AccountEvent, Participant
from members.signals import data_changed


def test_a_saved_party_raises_the_revision(cluster):
    before = Revision.current()
    make_stakeholder(cluster, "Nowa Spółdzielnia")
    assert Revision.current() > before


def test_writes_without_model_signals_raise_it_by_saying_the_data_changed(cluster):
    before = Revision.current()
    Participant.objects.filter(slug="tworog").update(name="Gmina Tworóg (nowa nazwa)")  # no signal
    assert Revision.current() == before
    data_changed.send(sender=Participant)
    assert Revision.current() == before + 1


def test_the_account_history_does_not_raise_it(cluster):
    before = Revision.current()
    AccountEvent.objects.create(kind=AccountEvent.Kind.LOGIN, email="ktos@example.org")
    assert Revision.current() == before
