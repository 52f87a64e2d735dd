"""Which party each row of a register file describes, read before any row is imported.

A stakeholder is found by its NIP, REGON or KRS (whichever is filled in) or, when it has none of them (a person), by
its exact name among the stakeholders that have none either; a gmina by its TERYT code (an import never creates a gmina
without a valid one); the coordinator is the cluster's one and is never created. A new party gets a unique slug from
its name. Rows whose numbers point at different parties, and rows that describe the same party as another row of the
file, get their problems here; the resource reports them with the row's other problems.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klaster.slugs import unique_slug

from ..models import SLUG_MAX_LENGTH, Participant, PreviousSlug

IDENTIFIERS = ("nip", "regon", "krs")


def name_key(name):
    return " ".join((name or "").split()).casefold()


@dataclass
class RowState:
    """What was found for one row before the import: its party (None: a new one, with `slug`) and its problems."""

    number: int  # the row's number as a spreadsheet shows it
    target: Participant | None = None
    slug: str = ""
    errors: dict = field(default_factory=dict)

    def add(self, key, message):
        self.errors.setdefault(key, []).append(message)


def match_rows(dataset, *, numbers, parties, cluster, clean):
    """A RowState for each row of `dataset`, by its number in the dataset (from 1, as import-export counts).

    `numbers`: the row numbers a spreadsheet shows, in the dataset's order; `parties`: every party of the register;
    `clean(column, value)`: a cell's value as its widget reads it, or None when it is not valid (the row's import
    says why)."""
    headers = set(dataset.headers)
    states = {}
    index = {name: {} for name in (*IDENTIFIERS, "teryt")}
    nameless = {}
    for party in parties:
        for name in index:
            if getattr(party, name):
                index[name][getattr(party, name)] = party
        if party.kind == Participant.Kind.STAKEHOLDER and not any(getattr(party, n) for n in IDENTIFIERS):
            nameless.setdefault(name_key(party.name), []).append(party)
    coordinator = next(
        (p for p in parties if p.kind == Participant.Kind.COORDINATOR and p.cluster_id == cluster.pk), None
    )
    taken = {party.slug for party in parties} | set(PreviousSlug.objects.values_list("slug", flat=True))
    in_file = {name: {} for name in index}
    by_target, by_name = {}, {}

    for number, values in enumerate(dataset, start=1):
        row = dict(zip(dataset.headers, values, strict=True))
        state = states[number] = RowState(number=numbers[number - 1])
        kind = clean("kind", row.get("rodzaj")) or Participant.Kind.STAKEHOLDER
        ids = {name: clean(name, row.get(name)) for name in index if name in headers}
        ids = {name: value for name, value in ids.items() if value}
        if kind != Participant.Kind.GMINA:
            ids.pop("teryt", None)  # only a gmina has one; the model says so for the row
        for name, value in ids.items():
            in_file[name].setdefault(value, []).append(number)
        hits = {name: index[name][value] for name, value in ids.items() if value in index[name]}
        _match(state, kind, hits, ids, coordinator, nameless.get(name_key(row.get("nazwa"))))
        if state.target is not None:
            by_target.setdefault(state.target.pk, []).append(number)
            if state.target.kind != kind:
                state.add(
                    "kind",
                    _("„%(name)s” jest w rejestrze jako %(kind)s; rodzaju strony nie zmienia się importem.")
                    % {"name": state.target.name, "kind": state.target.get_kind_display()},
                )
        else:
            state.slug = unique_slug(row.get("nazwa") or "", taken, max_length=SLUG_MAX_LENGTH)
            if kind == Participant.Kind.STAKEHOLDER and not any(n in ids for n in IDENTIFIERS):
                by_name.setdefault(name_key(row.get("nazwa")), []).append(number)
    _same_in_file(states, in_file, by_target, by_name)
    return states


def _match(state, kind, hits, ids, coordinator, same_name):
    """Which party the row describes, and a problem when its identifiers point at different ones."""
    if kind == Participant.Kind.GMINA:
        state.target = hits.get("teryt")
    elif kind == Participant.Kind.COORDINATOR:
        state.target = coordinator
        if coordinator is None:
            state.add(NON_FIELD_ERRORS, _("Klaster nie ma jeszcze koordynatora, a import go nie tworzy."))
    else:
        found = {party.pk: party for party in hits.values()}
        if len(found) > 1:
            matches = "; ".join(f"{name.upper()} – „{party.name}”" for name, party in hits.items())
            state.add(
                NON_FIELD_ERRORS,
                _("Numery w tym wierszu należą do różnych stron rejestru: %(matches)s.") % {"matches": matches},
            )
            return
        if found:
            state.target = next(iter(found.values()))
        elif not ids and same_name and len(same_name) == 1:
            state.target = same_name[0]
        elif not ids and same_name:
            state.add(
                "name",
                _(
                    "W rejestrze jest kilka stron o tej nazwie bez NIP, REGON i KRS; podaj numer, żeby było "
                    "wiadomo, o którą chodzi."
                ),
            )
    for name, party in hits.items():
        if state.target is None or party.pk != state.target.pk:
            state.add(name, _("Ten numer ma już inna strona rejestru: „%(name)s”.") % {"name": party.name})


def _same_in_file(states, in_file, by_target, by_name):
    """Problems for rows that describe the same party as another row of the file."""
    linked = {}

    def others_text(rows, number):
        others = [states[other].number for other in rows if other != number]
        return len(others), ", ".join(map(str, others))

    for name, groups in in_file.items():
        for rows in groups.values():
            if len(rows) < 2:
                continue
            for number in rows:
                linked.setdefault(number, set()).update(rows)
                count, text = others_text(rows, number)
                message = ngettext(
                    "Ten sam numer jest też w wierszu %(rows)s.",
                    "Ten sam numer jest też w wierszach %(rows)s.",
                    count,
                )
                states[number].add(name, message % {"rows": text})
    for rows in by_target.values():
        for number in rows:
            rest = [other for other in rows if other not in linked.get(number, {number})]
            if rest:
                count, text = others_text(rest, number)
                message = ngettext(
                    "Ta sama strona („%(name)s”) jest też w wierszu %(rows)s.",
                    "Ta sama strona („%(name)s”) jest też w wierszach %(rows)s.",
                    count,
                )
                state = states[number]
                state.add(NON_FIELD_ERRORS, message % {"name": state.target.name, "rows": text})
    for rows in by_name.values():
        if len(rows) > 1:
            for number in rows:
                count, text = others_text(rows, number)
                message = ngettext(
                    "Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu %(rows)s.",
                    "Ta sama nazwa bez NIP, REGON i KRS jest też w wierszach %(rows)s.",
                    count,
                )
                states[number].add("name", message % {"rows": text})
