"""Writing many rows of a model at once, and their history, for an import of thousands of parties.

The model's own rows are written with one executemany per batch (`insert_rows`, `update_rows`): bulk_create prepares
every value through several layers of the ORM (and on SQLite inserts a few rows per statement), bulk_update builds a
CASE expression over the batch for every field. Measured on SQLite for the 10,000 rows of `bench_import` (a shared
2-core machine), with the history below in both: 7.4 s to create them with bulk_create against 5.4 s, 14 s to change
them with bulk_update against 4.9 s; the target is 10 s.

Those writes send no model signals, so neither auditlog's receivers (the history) nor the data revision's (what kept
PDFs and pages are checked against) hear of them. Instead:

- the history goes through django-auditlog, never around it (`history_write`): the changes are auditlog's own diff
  (`auditlog.diff.model_instance_diff`, which applies the model's registration, its included, excluded and masked
  fields, and writes values as auditlog's receivers do), and each entry is built by auditlog's
  `LogEntry.objects.log_create` (content type, object id and representation, serialized data, correlation id).
  auditlog has no bulk path (its maintainers suggest complementing a bulk operation with a bulk create of entries:
  jazzband/django-auditlog#515), and its one INSERT per entry took longer than the rest of a 10,000-row import: so the
  entries log_create builds are kept and inserted together with bulk_create;
- `members.signals.data_changed` is sent after each write.
"""

from operator import attrgetter

from auditlog import get_logentry_model
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntryManager
from django.db import connections, router

from ..signals import data_changed

BATCH_SIZE = 500

# The field types whose Python value is what every database adapter takes as it is.
_AS_IS = frozenset(
    {
        "CharField",
        "SlugField",
        "EmailField",
        "URLField",
        "TextField",
        "BooleanField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "ForeignKey",
    }
)


def _db_values(model_fields, connection, *, add):
    """For each field, a function from an object to the value the database gets: the attribute itself for text,
    numbers, booleans and foreign keys (full_clean has checked them), or what the field prepares (dates, files, JSON,
    auto_now timestamps), as the ORM does."""

    def prepared(model_field):
        return lambda obj: model_field.get_db_prep_save(model_field.pre_save(obj, add), connection)

    return [attrgetter(f.attname) if f.get_internal_type() in _AS_IS else prepared(f) for f in model_fields]


# Only the model's own table and column names, quoted by the backend, go into the SQL below; values are parameters.


def insert_rows(model, objs):
    """INSERT `objs` (new objects of `model`) with one executemany per batch. Ids are not set. No model signals are
    sent: the caller writes the history (`history_write`); `data_changed` is sent."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    getters = _db_values(fields, connection, add=True)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + BATCH_SIZE]])
    if objs:
        data_changed.send(sender=model)


def update_rows(model, objs, field_names):
    """UPDATE `field_names` of each of `objs` by primary key, and what `save()` would refresh too (auto_now fields),
    with one executemany per batch. No model signals are sent: the caller writes the history (`history_write`);
    `data_changed` is sent."""
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    fields += [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) and f not in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    primary_key = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(primary_key.column)} = %s"  # noqa: S608
    getters = [*_db_values(fields, connection, add=False), attrgetter(primary_key.attname)]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + BATCH_SIZE]])
    if objs:
        data_changed.send(sender=model)


class _KeptLogEntries(LogEntryManager):
    """auditlog's LogEntryManager, whose `log_create` builds an entry as it always does, but keeps it instead of
    inserting it (log_create ends in `self.create(**fields)`), so that many are inserted together."""

    def create(self, **kwargs):
        return self.model(**kwargs)


def history_write(saved, *, actor=None, **fields):
    """The history of rows written by `insert_rows` and `update_rows`: for each (object, its original or None when it
    was created, the field names written), an entry with auditlog's diff of those fields, unless nothing changed.

    `actor`: who did it (auditlog's `set_actor` cannot reach entries inserted without their signals); `fields`:
    further fields of the entries, e.g. additional_data."""
    log_entry = get_logentry_model()
    entries = _KeptLogEntries()
    entries.model = log_entry
    if actor is not None:
        fields.update(actor=actor, actor_email=getattr(actor, "email", None))
    kept = []
    for obj, original, field_names in saved:
        action = log_entry.Action.CREATE if original is None else log_entry.Action.UPDATE
        changes = model_instance_diff(original, obj, fields_to_check=field_names)
        entry = entries.log_create(obj, action=action, changes=changes, **fields)
        if entry is not None and entry._state.adding:  # (were log_create ever to save it itself, it is in already)
            kept.append(entry)
    log_entry.objects.bulk_create(kept, batch_size=BATCH_SIZE)
