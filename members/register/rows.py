"""Writing many rows at once: one executemany per batch (`insert_rows`, `update_rows`), because bulk_create's
per-value preparation and bulk_update's CASE expressions were most of a 10,000-row import's time. Those writes bypass
auditlog's signals, so the resource writes the auditlog entry of each created or changed party itself.

Also the register's rules for a status and its dates (`membership_problems`).
"""

from operator import attrgetter

from django.db import connections, router
from django.utils.translation import gettext as _

from ..models import Participant, Revision

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


def insert_rows(model, objs, *, batch_size=500):
    """INSERT `objs` with one executemany per batch. bulk_create prepares each value through several layers of the
    ORM, which was most of a 10,000-row import's time. Ids are not set; no signals are sent (the caller writes the
    history)."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    getters = _db_values(fields, connection, add=True)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + batch_size]])
    if objs:
        Revision.bump()  # no signals were sent: say that the data changed


def update_rows(model, objs, field_names, *, batch_size=500):
    """UPDATE `field_names` of each of `objs`, by primary key, with one executemany per batch. (bulk_update builds a
    CASE expression over the whole batch for every field: 10,000 changed rows took a minute.)"""
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    primary_key = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(primary_key.column)} = %s"  # noqa: S608
    getters = [*_db_values(fields, connection, add=False), attrgetter(primary_key.attname)]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + batch_size]])
    if objs:
        Revision.bump()  # no signals were sent: say that the data changed


def membership_problems(party):
    """The register's rules for a status and its dates (the model already checks that leaving comes after joining)."""
    errors = {}
    status = party.status
    if status == Participant.Status.APPLIED and (party.joined_on or party.left_on):
        errors["status"] = [
            _("Strona z datą przystąpienia albo zakończenia nie ma statusu „applied” (złożył wniosek).")
        ]
    if status == Participant.Status.ACTIVE:
        if not party.joined_on:
            errors["joined_on"] = [_("Członek klastra (status „active”) ma datę przystąpienia.")]
        if party.left_on:
            errors["left_on"] = [_("Członek klastra (status „active”) nie ma daty zakończenia; zmień też status.")]
    if status in (Participant.Status.WITHDRAWN, Participant.Status.EXCLUDED) and not party.left_on:
        errors["left_on"] = [_("Podaj datę wystąpienia albo wykluczenia.")]
    return errors
