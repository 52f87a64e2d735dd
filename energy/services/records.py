"""Saving a record the coordinator typed into a form: new, or changed unless someone changed it meanwhile
(klaster.concurrency), checked by the model's rules. Call it inside the workflow's transaction, after its access
check."""

from klaster.concurrency import check_unchanged, values_of


def labels_of(model, fields):
    """The Polish names of `fields`, for a refusal that says what changed."""
    return {name: model._meta.get_field(name).verbose_name for name in fields}


def save_record(model, record, fields, data, edited_from):
    """A new `model` (`record` None) or `record` locked and changed, from `data` (the `fields` it holds)."""
    if record is None:
        record = model()
    else:
        record = model.objects.select_for_update().get(pk=record.pk)
        check_unchanged(edited_from=edited_from, now=values_of(record, fields), labels=labels_of(model, fields))
    for name in fields:
        if name in data:
            setattr(record, name, data[name])
    record.full_clean()
    record.save()
    return record
