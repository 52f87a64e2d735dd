import io
from decimal import Decimal

from django.core.management import call_command

from agreements.models import Agreement, Document, Signature, Version
from events.models import AgendaItem, Event, Speaker
from members.models import Benefit, Cluster, Participant, Person, Role

MODELS = [
    Cluster,
    Benefit,
    Participant,
    Person,
    Role,
    Agreement,
    Version,
    Signature,
    Document,
    Event,
    AgendaItem,
    Speaker,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loads_the_five_gminas_and_the_coordinator(cluster):
    gminas = {p.teryt: p for p in Participant.objects.gminas()}
    assert set(gminas) == {"2407052", "2407072", "2413052", "2413082", "2413092"}
    assert gminas["2413082"].name == "Gmina Tworóg"
    assert gminas["2413082"].area_km2 == Decimal("124.92")
    assert gminas["2407052"].street == "ul. Wolności 5" and gminas["2407052"].postal_code == "42-713"
    assert gminas["2407072"].population == 6615 and gminas["2407072"].population_date.isoformat() == "2020-12-31"
    assert {g.powiat for g in gminas.values()} == {"lubliniecki", "tarnogórski"}
    assert all(g.gmina_kind == Participant.GminaKind.RURAL and g.voivodeship == "śląskie" for g in gminas.values())
    assert cluster.coordinator.kind == "coordinator"
    assert cluster.founded_on.isoformat() == "2018-04-10"
    leksy = Role.objects.representatives().get(participant=cluster.coordinator)
    assert (leksy.person.full_name, leksy.function) == ("Piotr Leksy", "prezes Zarządu")


def test_unknown_facts_stay_empty_for_the_coordinator_to_fill_in(cluster):
    lgd = cluster.coordinator
    assert (lgd.nip, lgd.regon, lgd.krs, lgd.street, lgd.website) == ("", "", "", "", "")
    unverified = Participant.objects.get(slug="krupski-mlyn")
    assert unverified.population is None and unverified.street == "" and unverified.bip_url == ""
    assert not Signature.objects.filter(representative__isnull=False).exists()


def test_benefits_keep_the_order_of_the_published_list(cluster):
    texts = list(cluster.benefits.values_list("text_pl", flat=True))
    assert len(texts) == 9
    assert texts[0] == "podjęcie realnej walki z niską emisją"
    assert texts[-1].startswith("rozwój i wdrożenie w życie nowych technologii")


def test_six_founding_parties_signed_on_10_april_2018(cluster):
    agreement = Agreement.objects.current().get()
    signatures = agreement.signatures.all()
    assert signatures.count() == 6
    assert {s.signed_on.isoformat() for s in signatures} == {"2018-04-10"}
    assert {s.basis for s in signatures} == {"founding"}
    assert {s.version.number for s in signatures} == {1}


def test_the_unpublished_wording_is_marked_not_invented(cluster):
    version = Agreement.objects.current().get().current_version()
    assert (version.number, version.effective_on.isoformat(), version.is_placeholder) == (1, "2018-04-10", True)
    assert not version.sections.exists() and version.annex is None
    documents = Document.objects.filter(agreement__isnull=False).order_by("date")
    assert [(d.kind, d.date.isoformat(), d.file.name, d.number) for d in documents] == [
        ("letter_of_intent", "2017-10-13", "", ""),
        ("rules", "2018-04-10", "", ""),
    ]


def test_second_run_creates_nothing(cluster):
    before = _counts()
    out = io.StringIO()
    call_command("loadcluster", stdout=out)
    assert _counts() == before
    assert "utworzono 0 nowych" in out.getvalue()


def test_second_run_keeps_what_the_coordinator_edited(cluster):
    tworog = Participant.objects.get(slug="tworog")
    tworog.street, tworog.description_pl = "ul. Zamkowa 1", "Opis od urzędu"
    tworog.save()
    benefit = cluster.benefits.first()
    benefit.text_pl = "poprawiona korzyść"
    benefit.save()
    conference = Event.objects.get(slug="konferencja-2018")
    conference.title_en = "Edited title"
    conference.save()

    call_command("loadcluster", stdout=io.StringIO())

    tworog.refresh_from_db()
    benefit.refresh_from_db()
    conference.refresh_from_db()
    assert (tworog.street, tworog.description_pl) == ("ul. Zamkowa 1", "Opis od urzędu")
    assert benefit.text_pl == "poprawiona korzyść"
    assert conference.title_en == "Edited title"


def test_conference_programme_names_speakers_and_their_talks(cluster):
    items = AgendaItem.objects.filter(event__slug="konferencja-2018").prefetch_related("speakers")
    speakers = [s.name for i in items for s in i.speakers.all() if s.name]
    assert speakers == ["Witold Czyż", "Józef Kruczek", "Piotr Leksy"]
    assert [i.kind for i in items] == ["talk", "talk", "talk", "advice", "signing"]
