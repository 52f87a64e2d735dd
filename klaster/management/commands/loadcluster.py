"""Load the cluster "Zielona Energia Leśnej Krainy" from klaster/seed.py.

Idempotent: every record is found by a stable natural key (slug, TERYT, position) and created only
when it is missing. A record that exists is left exactly as it is, so a second run creates no
duplicates and never overwrites what the coordinator has edited since.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from agreements.models import Agreement, Document, Signature, Version
from events.models import AgendaItem, Event, EventOutcome, Speaker
from klaster import seed, seed_texts
from members import services
from members.models import Benefit, Cluster, LegalText, Participant, Person, Role


class Command(BaseCommand):
    help = "Loads the cluster's published facts; safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = 0
        cluster = self._get_or_create(Cluster, {"slug": seed.CLUSTER["slug"]}, seed.CLUSTER)
        for kind, (version, body_pl, body_en) in seed_texts.LEGAL_TEXTS.items():
            if LegalText.objects.current(kind) is None:  # the first version only: later ones are the coordinator's
                services.legal_text_publish(kind=kind, body_pl=body_pl, body_en=body_en, version=version)
                self.created += 1
        if cluster.accessibility_published_on is None:  # a cluster loaded before the statement's dates were kept
            cluster.accessibility_published_on = seed.CLUSTER["accessibility_published_on"]
            cluster.accessibility_updated_on = (
                cluster.accessibility_updated_on or seed.CLUSTER["accessibility_updated_on"]
            )
            cluster.save(update_fields=["accessibility_published_on", "accessibility_updated_on"])
        if not cluster.joining_pl:  # a cluster loaded before the text existed; an edited text is never replaced
            cluster.joining_pl, cluster.joining_en = seed.CLUSTER["joining_pl"], seed.CLUSTER["joining_en"]
            cluster.save(update_fields=["joining_pl", "joining_en"])
        # The published benefits are the first list only: once there is a list, it is the coordinator's (reordered,
        # shortened, rewritten in the panel), and a benefit removed there must not come back.
        if not cluster.benefits.exists():
            for position, (text_pl, text_en) in enumerate(seed.BENEFITS, start=1):
                self._get_or_create(
                    Benefit, {"cluster": cluster, "position": position}, {"text_pl": text_pl, "text_en": text_en}
                )

        active = {"cluster": cluster, "status": Participant.Status.ACTIVE, "joined_on": seed.FOUNDED}
        gminas = {}
        for facts in seed.GMINAS:
            gminas[facts["slug"]] = self._get_or_create(
                Participant,
                {"teryt": facts["teryt"]},
                {**facts, **active, "kind": Participant.Kind.GMINA, "category": Participant.Category.JST},
            )
        coordinator = self._get_or_create(
            Participant,
            {"slug": seed.COORDINATOR["slug"]},
            {**seed.COORDINATOR, **active, "kind": Participant.Kind.COORDINATOR, "category": Participant.Category.NGO},
        )
        if cluster.coordinator_id is None:
            cluster.coordinator = coordinator
            cluster.save(update_fields=["coordinator"])

        participants = {p.slug: p for p in [*gminas.values(), coordinator]}
        people = {
            key: self._get_or_create(Person, {"first_name": first, "last_name": last}, {})
            for key, first, last in seed.PEOPLE
        }
        roles = {}
        for key, (person_key, participant_slug, function_pl, function_en, represents) in seed.ROLES.items():
            roles[key] = self._get_or_create(
                Role,
                {
                    "person": people[person_key],
                    "participant": participants.get(participant_slug),
                    "function_pl": function_pl,
                },
                {"function_en": function_en, "is_representative": represents},
            )

        agreement = self._get_or_create(
            Agreement,
            {"slug": seed.AGREEMENT["slug"]},
            {**seed.AGREEMENT, "cluster": cluster, "status": Agreement.Status.IN_FORCE},
        )
        # The wording of the 2018 agreement is not public: version 1 holds no sections and is marked incomplete;
        # the coordinator enters the text. Who signed for each party is not known either.
        version = self._get_or_create(
            Version,
            {"agreement": agreement, "number": 1},
            {
                "status": Version.Status.PUBLISHED,
                "effective_on": seed.FOUNDED,
                "is_placeholder": True,
                "published_at": None,
            },
        )
        for facts in seed.AGREEMENT_DOCUMENTS:
            self._get_or_create(Document, {"agreement": agreement, "kind": facts["kind"]}, facts)
        for participant in participants.values():
            self._get_or_create(
                Signature,
                {"version": version, "participant": participant},
                {
                    "basis": Signature.Basis.FOUNDING,
                    "signed_on": seed.FOUNDED,
                    "signed_place": "Zbrosławice",
                },
            )

        for facts in seed.EVENTS:
            facts = dict(facts)
            agenda = facts.pop("agenda")
            host = gminas[facts.pop("host")]
            event = self._get_or_create(Event, {"slug": facts["slug"]}, {**facts, "cluster": cluster, "host": host})
            for position, (kind, speakers, title_pl, title_en, desc_pl, desc_en) in enumerate(agenda, start=1):
                item = self._get_or_create(
                    AgendaItem,
                    {"event": event, "position": position},
                    {
                        "kind": kind,
                        "title_pl": title_pl,
                        "title_en": title_en,
                        "description_pl": desc_pl,
                        "description_en": desc_en,
                    },
                )
                for number, speaker in enumerate(speakers, start=1):
                    self._get_or_create(
                        Speaker, {"agenda_item": item, "position": number}, self._speaker(speaker, roles)
                    )

        for slug, outcomes in seed.EVENT_OUTCOMES.items():
            self._load_outcomes(Event.objects.get(slug=slug), agreement, outcomes)

        self.stdout.write(
            self.style.SUCCESS(f"Klaster „{cluster.name}” wczytany: utworzono {self.created} nowych rekordów.")
        )

    def _load_outcomes(self, event, agreement, outcomes):
        """What the event produced: the agreement's version (with the seed's description) and, after it, the founding
        signatures of that version in the order of signing. The first list only, as with the benefits: once the event
        lists outcomes, the list is the coordinator's, and a link removed in the panel does not come back."""
        if event.outcomes.exists():
            return
        version = Version.objects.get(agreement=agreement, number=outcomes["version"])
        wanted = [
            (
                {"event": event, "version": version},
                {"description_pl": outcomes["description_pl"], "description_en": outcomes["description_en"]},
            )
        ]
        if outcomes.get("founding_signatures"):
            signatures = version.signatures.filter(basis=Signature.Basis.FOUNDING).order_by("signed_on", "pk")
            wanted += [({"event": event, "signature": signature}, {}) for signature in signatures]
        for position, (lookup, values) in enumerate(wanted, start=1):
            self._get_or_create(EventOutcome, lookup, {**values, "position": position})

    @staticmethod
    def _speaker(speaker, roles):
        """A speaker's facts: from a role of ROLES (the person, the function, the party), or as the seed gives them."""
        if isinstance(speaker, dict):
            return speaker
        role = roles[speaker]
        return {
            "name": role.person.full_name,
            "function_pl": role.function_pl,
            "function_en": role.function_en,
            "organisation": role.participant.name if role.participant else "",
            "participant": role.participant,
            "role": role,
        }

    def _get_or_create(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj
        obj = model(**{**values, **lookup})
        obj.full_clean()
        obj.save()
        self.created += 1
        return obj
