"""The counters' cache without Redis: a table of the database, shared by every worker and every server.

The rate limits (django-allauth's, klaster/ratelimit.py) count in Django's default cache. Without Redis that is this
cache (settings.CACHES): Django's database cache, which the portal fills with counters only, with one change. Past
MAX_ENTRIES rows Django's database cache removes the expired rows and then, if still too many, a third of the rest,
whether they are running or not: a client making counters under many addresses or e-mail addresses could so wipe out
the counter of the account it attacks. Here only expired rows are ever removed; a running counter stays until it
expires, and MAX_ENTRIES only says how often the expired ones are swept out.

The table (LOCATION) is made by `createcachetable`, which `migrate` runs (create_table, connected in KlasterConfig).
"""

from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connections


class CounterCache(DatabaseCache):
    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = connection.ops.quote_name("expires")
        now = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])  # noqa: S608 (quoted names, no input)


def create_table(sender, *, using, verbosity=0, **kwargs):
    """After `migrate` (the post_migrate signal): the table of every database cache, if it is not there yet."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
