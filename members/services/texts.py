"""The site's texts the coordinator edits: the cluster's own texts (members.models.Cluster: the home page's
introduction, "Czym jest klaster?", how to join, the accessibility statement's facts) and new versions of the privacy
policy and the information clauses (members.models.LegalText). Both refuse a save over a change made meanwhile
(klaster.concurrency)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klaster.concurrency import check_unchanged, form_labels, form_values

from ..access import is_coordinator
from ..models import Cluster, LegalText


@transaction.atomic
def site_texts_save(*, form, by, edited_from=None):
    """Save the cluster's texts from a valid form of them (a ModelForm of the Cluster). `edited_from`: what the form
    was opened with: a change saved meanwhile by someone else refuses this one (EditConflict)."""
    if not is_coordinator(by):
        raise PermissionDenied
    stored = Cluster.objects.select_for_update().get(pk=form.instance.pk)
    check_unchanged(edited_from=edited_from, now=form_values(type(form), stored), labels=form_labels(form))
    return form.save()


def legal_text_values(current):
    """What the form of a new version of a legal text is opened with: the version in force (None: there is none)."""
    return {"version": current.version if current is not None else ""}


@transaction.atomic
def legal_text_publish(*, kind, body_pl, body_en, by=None, version=None, edited_from=None):
    """A new version of `kind`, named by today's date (with -2, -3 ... when one was published today already); the
    earlier versions stay. `by` None is loadcluster, which names the version itself. `edited_from`
    (`legal_text_values` when the form was opened): a version published meanwhile refuses this one (EditConflict)."""
    if by is not None and not is_coordinator(by):
        raise PermissionDenied
    current = LegalText.objects.select_for_update().filter(kind=kind).order_by("-published_at", "-pk").first()
    check_unchanged(
        edited_from=edited_from, now=legal_text_values(current), labels={"version": _("wersja obowiązująca")}
    )
    if current is not None and (_normal(current.body_pl), _normal(current.body_en)) == (
        _normal(body_pl),
        _normal(body_en),
    ):
        raise ValidationError(_("Treść się nie zmieniła; nowa wersja nie jest potrzebna."), code="unchanged")
    if version is None:
        base = timezone.localdate().isoformat()
        taken = set(LegalText.objects.filter(kind=kind, version__startswith=base).values_list("version", flat=True))
        version, number = base, 2
        while version in taken:
            version, number = f"{base}-{number}", number + 1
    return LegalText.objects.create(kind=kind, version=version, body_pl=body_pl, body_en=body_en or None)


def _normal(text):
    """The text as a form gives it back: Unix line ends, no surrounding white space."""
    return (text or "").replace("\r\n", "\n").strip()
