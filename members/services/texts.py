"""Publishing a new version of the privacy policy or an information clause (members.models.LegalText)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import is_coordinator
from ..models import LegalText


@transaction.atomic
def legal_text_publish(*, kind, body_pl, body_en, by=None, version=None):
    """A new version of `kind`, named by today's date (with -2, -3 ... when one was published today already); the
    earlier versions stay. `by` None is loadcluster, which names the version itself."""
    if by is not None and not is_coordinator(by):
        raise PermissionDenied
    current = LegalText.objects.select_for_update().filter(kind=kind).order_by("-published_at", "-pk").first()
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
