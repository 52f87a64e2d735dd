"""The benefits the cluster lists (home page and /korzysci/): the coordinator adds, edits, reorders and removes them.
Positions stay 1, 2, 3 ... with no gaps, so "up" and "down" always mean the neighbour."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from klaster.concurrency import check_unchanged, form_labels, form_values

from ..access import is_coordinator
from ..models import Benefit


def _check(by):
    if not is_coordinator(by):
        raise PermissionDenied


@transaction.atomic
def benefit_save(*, cluster, form, by, edited_from=None):
    """Save a benefit from a valid BenefitForm; a new one goes last. `edited_from`: what the form was opened with
    (klaster.concurrency): a change saved meanwhile by someone else refuses this one (EditConflict)."""
    _check(by)
    benefit = form.instance
    if benefit.pk is not None:
        stored = Benefit.objects.select_for_update().filter(pk=benefit.pk).first()
        if stored is None:
            raise ValidationError(_("Ktoś inny usunął tę korzyść, odkąd otworzono ten formularz; zmian nie zapisano."))
        check_unchanged(edited_from=edited_from, now=form_values(type(form), stored), labels=form_labels(form))
    else:
        benefit.cluster = cluster
        last = Benefit.objects.select_for_update().filter(cluster=cluster).aggregate(last=Max("position"))["last"]
        benefit.position = (last or 0) + 1
    return form.save()


@transaction.atomic
def benefit_move(*, benefit, step, by):
    """Swap the benefit with its neighbour `step` (-1 up, +1 down) places away; at either end nothing changes."""
    _check(by)
    benefits = list(Benefit.objects.select_for_update().filter(cluster_id=benefit.cluster_id).order_by("position"))
    index = next(i for i, b in enumerate(benefits) if b.pk == benefit.pk)
    other = index + step
    if not 0 <= other < len(benefits):
        return
    first, second = benefits[index], benefits[other]
    first_position, second_position = first.position, second.position
    # Through a free position: (cluster, position) is unique at every step.
    first.position = max(b.position for b in benefits) + 1
    first.save(update_fields=["position"])
    second.position = first_position
    second.save(update_fields=["position"])
    first.position = second_position
    first.save(update_fields=["position"])


@transaction.atomic
def benefit_delete(*, benefit, by):
    """Remove the benefit; the ones after it move up one place."""
    _check(by)
    cluster_id, position = benefit.cluster_id, benefit.position
    benefit.delete()
    for later in (
        Benefit.objects.select_for_update().filter(cluster_id=cluster_id, position__gt=position).order_by("position")
    ):
        later.position = F("position") - 1
        later.save(update_fields=["position"])
