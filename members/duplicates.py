"""Possible duplicates of an application: the same NIP, REGON or KRS, or a very similar name, among the parties and
the other applications. Shown to the coordinator before deciding."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q

from .models import Application, Participant

SIMILAR_NAME = 0.85
# Legal forms and filler words that make different names look alike, or alike names look different.
_NOISE = re.compile(
    r"\b(sp(ółka|olka)?|z|o\.?o\.?|s\.?a\.?|s\.?c\.?|sp\.?j\.?|sp\.?k\.?|spółdzielnia|spoldzielnia|"
    r"stowarzyszenie|fundacja|gmina|firma|ograniczoną|ograniczona|odpowiedzialnością|odpowiedzialnoscia)\b"
)


def normalise_name(name):
    text = unicodedata.normalize("NFKD", (name or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ł", "l")
    text = re.sub(r"[^\w\s.]", " ", text)
    text = _NOISE.sub(" ", text)
    return " ".join(re.sub(r"[.]", " ", text).split())


@dataclass(frozen=True)
class Duplicate:
    kind: str  # "participant" or "application"
    obj: object
    reasons: tuple


def duplicates_of(application):
    """Parties and other applications that may be the same organisation as `application`."""
    found = {}
    same_id = Q()
    for field in ("nip", "regon", "krs"):
        value = getattr(application, field)
        if value:
            same_id |= Q(**{field: value})

    def note(kind, obj, reason):
        key = (kind, obj.pk)
        previous = found.get(key)
        found[key] = Duplicate(kind, obj, (*(previous.reasons if previous else ()), reason))

    if same_id:
        for participant in Participant.objects.filter(same_id):
            for field in ("nip", "regon", "krs"):
                if getattr(application, field) and getattr(participant, field) == getattr(application, field):
                    note("participant", participant, field.upper())
        for other in Application.objects.filter(same_id).exclude(pk=application.pk):
            for field in ("nip", "regon", "krs"):
                if getattr(application, field) and getattr(other, field) == getattr(application, field):
                    note("application", other, field.upper())
    name = normalise_name(application.name)
    if name:
        candidates = [("participant", p) for p in Participant.objects.only("pk", "name", "slug", "kind", "status")]
        candidates += [
            ("application", a)
            for a in Application.objects.exclude(pk=application.pk).only("pk", "name", "status", "submitted_at")
        ]
        matcher = SequenceMatcher(None, b=name)
        for kind, obj in candidates:
            matcher.set_seq1(normalise_name(obj.name))
            if matcher.real_quick_ratio() >= SIMILAR_NAME and matcher.ratio() >= SIMILAR_NAME:
                note(kind, obj, "name")
    return list(found.values())
