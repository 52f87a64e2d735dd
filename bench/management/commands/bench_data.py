"""Fill the database with a generated data set about 100 times the real cluster, for the benchmark (`make bench`):

python manage.py bench_data [--stakeholders 5000] [--events 300] [--versions 50] [--signatures 2000]

The numbers are totals: what an earlier run generated counts, and only the rest is added. The benchmark runs it first
with a hundredth of each (the real cluster's size, with the same kinds of records) and then with the defaults.

- stakeholders in the five gminas, of every category, most of them listed in the public directory;
- published versions of the agreement, each introduced by an annex and with a dozen paragraphs;
- accession signatures of the first stakeholders, spread over the versions;
- events with a programme of eight points and three photos each;
- two accounts for the workspace's pages (bench.pages.PANEL_PAGES): a member of staff of Tworóg and the coordinator
  with the second factor set up (BENCH_ACCOUNTS); bench_sessions signs them in.

Everything generated is plainly made up ("Podmiot testowy 0001") and written with bulk inserts, so it takes seconds;
it is meant for a throwaway database, never for the portal's own.
"""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from PIL import Image

from agreements.models import Agreement, Annex, Section, Signature, Version
from bench.pages import COORDINATOR, STAFF
from events.models import AgendaItem, Event, EventPhoto
from klaster.revision import Revision
from members.models import Cluster, Participant, StaffMembership

PREFIX = "bench-"
CATEGORIES = [
    Participant.Category.COMPANY,
    Participant.Category.COOPERATIVE,
    Participant.Category.NGO,
    Participant.Category.SCIENCE,
    Participant.Category.ENERGY_COMPANY,
    Participant.Category.PERSON,
]
WORDS = ["Energia", "Słońce", "Wiatr", "Biogaz", "Ciepło", "Las", "Rolnik", "Woda"]
SENTENCE = (
    "Strony współdziałają w zakresie wytwarzania, magazynowania i zużycia energii ze źródeł odnawialnych, "
    "a koordynator prowadzi rejestr punktów poboru energii i informuje strony o zmianach bez zbędnej zwłoki. "
)
PHOTO_NAME = "events/photos/bench/zdjecie.jpg"
# The accounts of bench.pages' personas: email, role, the gmina's slug. No password: they are signed in by a session
# bench_sessions writes into the session store, never through the login form.
BENCH_ACCOUNTS = {
    STAFF: ("bench-staff@example.org", StaffMembership.Role.STAFF, "tworog"),
    COORDINATOR: ("bench-coordinator@example.org", StaffMembership.Role.COORDINATOR, None),
}
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def bench_account(persona):
    """The account of `persona` (bench.pages.STAFF or COORDINATOR), made if missing."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    email, role, gmina = BENCH_ACCOUNTS[persona]
    user, created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    if created:
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        StaffMembership.objects.create(
            user=user, role=role, gmina=Participant.objects.get(slug=gmina) if gmina else None
        )
    if role == StaffMembership.Role.COORDINATOR and not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


class Command(BaseCommand):
    help = "Fills a throwaway database with about 100 times the real cluster's data, for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--stakeholders", type=int, default=5000)
        parser.add_argument("--events", type=int, default=300)
        parser.add_argument("--versions", type=int, default=50)
        parser.add_argument("--signatures", type=int, default=2000)

    def handle(self, *args, stakeholders, events, versions, signatures, **options):
        if signatures > stakeholders:
            raise CommandError("--signatures cannot exceed --stakeholders: each signature is one stakeholder's.")
        call_command("loadcluster", stdout=io.StringIO())
        cluster = Cluster.objects.main()
        agreement = Agreement.objects.current().get(cluster=cluster)
        gminas = list(Participant.objects.gminas().order_by("name"))
        with transaction.atomic():
            self._stakeholders(cluster, gminas, stakeholders)
            all_versions = self._versions(agreement, versions)
            self._signatures(signatures, all_versions)
            self._events(cluster, gminas, events)
            for persona in BENCH_ACCOUNTS:
                bench_account(persona)
            Revision.bump()  # bulk inserts send no signals
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner's statistics, as a database that has lived has them
        self.stdout.write(
            f"The data set now has {stakeholders} generated stakeholders, {versions} agreement versions, "
            f"{signatures} generated signatures, {events} generated events with programmes and photos."
        )

    def _stakeholders(self, cluster, gminas, count):
        parties = []
        for index in range(Participant.objects.filter(slug__startswith=PREFIX).count() + 1, count + 1):
            category = CATEGORIES[index % len(CATEGORIES)]
            gmina = gminas[index % len(gminas)]
            name = f"{WORDS[index % len(WORDS)]} {WORDS[(index // 8) % len(WORDS)]} – podmiot testowy {index:04d}"
            parties.append(
                Participant(
                    cluster=cluster,
                    kind=Participant.Kind.STAKEHOLDER,
                    category=category,
                    name=name,
                    slug=f"{PREFIX}{index:05d}",
                    located_in=gmina,
                    city=gmina.name,
                    description=SENTENCE,
                    public_listing=index % 10 != 0,
                    status=Participant.Status.ACTIVE,
                    joined_on=datetime.date(2018, 4, 10) + datetime.timedelta(days=index % 2000),
                )
            )
        Participant.objects.bulk_create(parties, batch_size=1000)

    def _versions(self, agreement, count):
        existing = list(agreement.versions.order_by("number"))
        start = existing[-1].number + 1
        first_day = existing[-1].effective_on or datetime.date(2018, 4, 10)
        created = []
        for number in range(start, count + 1):
            on = first_day + datetime.timedelta(days=30 * (number - start + 1))
            annex = Annex.objects.create(
                agreement=agreement, number=f"TEST/{number}", signed_on=on, subject=f"Zmiana testowa nr {number}"
            )
            created.append(
                Version(
                    agreement=agreement,
                    number=number,
                    status=Version.Status.PUBLISHED,
                    effective_on=on,
                    change_summary=f"Zmiana testowa nr {number}.",
                    annex=annex,
                )
            )
        created = Version.objects.bulk_create(created)
        Section.objects.bulk_create(
            Section(version=version, number=n, heading=f"Paragraf testowy {n}", body=SENTENCE * 3)
            for version in created
            for n in range(1, 13)
        )
        return existing + created

    def _signatures(self, count, versions):
        """Accessions of generated stakeholders that have not signed, up to `count` generated signatures."""
        generated = Signature.objects.filter(participant__slug__startswith=PREFIX)
        unsigned = Participant.objects.filter(slug__startswith=PREFIX, signatures__isnull=True).order_by("slug")
        parties = list(unsigned[: max(count - generated.count(), 0)])
        published = [version for version in versions if version.effective_on]
        Signature.objects.bulk_create(
            (
                Signature(
                    version=version,
                    participant=party,
                    basis=Signature.Basis.ACCESSION,
                    signed_on=version.effective_on + datetime.timedelta(days=1),
                    signed_place=party.city,
                )
                for party, version in zip(parties, itertools.cycle(published), strict=False)
            ),
            batch_size=1000,
        )

    def _events(self, cluster, gminas, count):
        photo = self._photo()
        today = datetime.date.today()
        first = Event.objects.filter(slug__startswith=PREFIX).count() + 1
        events = Event.objects.bulk_create(
            Event(
                cluster=cluster,
                slug=f"{PREFIX}{index:04d}",
                title=f"Spotkanie testowe nr {index}",
                kind=Event.Kind.MEETING,
                starts_on=today - datetime.timedelta(days=7 * (count - index) - 60),
                starts_at=datetime.time(10, 0),
                place=f"Sala testowa {index}",
                host=gminas[index % len(gminas)],
                summary=SENTENCE,
            )
            for index in range(first, count + 1)
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                position=n,
                kind=AgendaItem.Kind.TALK,
                title=f"Wystąpienie testowe {n}",
                description=SENTENCE,
            )
            for event in events
            for n in range(1, 9)
        )
        EventPhoto.objects.bulk_create(
            EventPhoto(
                event=event,
                image=photo,
                width=640,
                height=427,
                alt_text=f"Uczestnicy spotkania testowego, zdjęcie {n}",
                caption=f"Zdjęcie testowe {n}",
                position=n,
            )
            for event in events
            for n in range(1, 4)
        )

    def _photo(self):
        """One small generated picture, shared by every generated photo."""
        if not default_storage.exists(PHOTO_NAME):
            buffer = io.BytesIO()
            Image.new("RGB", (640, 427), (46, 125, 50)).save(buffer, "JPEG", quality=70)
            return default_storage.save(PHOTO_NAME, ContentFile(buffer.getvalue()))
        return PHOTO_NAME
