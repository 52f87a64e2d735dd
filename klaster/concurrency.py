"""Two people editing the same record: the second save must not silently overwrite the first.

The form carries, signed, what the record held when the page was opened (`EditedFromMixin`); the service compares
that with the record it has locked (`check_unchanged`) and refuses the save with `EditConflict`, which says what
changed meanwhile. The view then shows the form again with everything that was typed, and with the record as it is
now, so saving again is a decision taken knowingly.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

SALT = "klaster.concurrency.edited-from"
FIELD = "edited_from"


def plain(value):
    """A value as it is compared and kept in the form: JSON-able and equal whenever the stored values are equal."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "storage") and hasattr(value, "name"):  # a stored file: its name
        return value.name or ""
    if hasattr(value, "pk"):  # a related record: its key
        return value.pk
    return str(value)


def values_of(obj, fields):
    """The stored values of `fields` of `obj`, as `plain` makes them."""
    return {name: plain(getattr(obj, name)) for name in fields}


def form_values(form_class, instance):
    """What a ModelForm of `form_class` edits in `instance`, as stored: its Meta.fields by `values_of`."""
    return values_of(instance, form_class._meta.fields)


def form_labels(form):
    """The labels of `form`'s fields, as the person filling it in reads them: for EditConflict's lines."""
    return {name: field.label or name for name, field in form.fields.items()}


def _shown(value):
    if value in (None, ""):
        return _("(puste)")
    if value is True:
        return _("tak")
    if value is False:
        return _("nie")
    return f"„{Truncator(str(value)).chars(80)}”"


class EditConflict(ValidationError):
    """Someone saved the record after this form was opened: `changes` is [(label, value then, value now)]."""

    def __init__(self, changes):
        self.changes = changes
        lines = [
            _("Ktoś inny zapisał zmiany w tym rekordzie, odkąd otworzono ten formularz, dlatego Twoich zmian nie "
              "zapisano. Wpisane dane są nadal w formularzu: sprawdź, co zmieniono w międzyczasie, i zapisz "
              "ponownie.")
        ]  # fmt: skip
        for label, then, now in changes:
            lines.append(
                _("%(field)s: było %(then)s, teraz jest %(now)s.")
                % {"field": str(label)[:1].upper() + str(label)[1:], "then": _shown(then), "now": _shown(now)}
            )
        super().__init__(lines, code="edit_conflict")


def check_unchanged(*, edited_from, now, labels):
    """Raise EditConflict when a value in `now` (the locked record's `values_of`) differs from `edited_from` (what
    the form was opened with). `edited_from` None (a form without it, e.g. a script) checks nothing."""
    if edited_from is None:
        return
    changes = [
        (labels.get(name, name), edited_from[name], value)
        for name, value in now.items()
        if name in edited_from and edited_from[name] != value
    ]
    if changes:
        raise EditConflict(changes)


class EditedFromMixin:
    """A form that carries, signed, the record's values when it was opened: pass `edited_from=values_of(...)`.

    `cleaned_data["edited_from"]` is then those values (a dict), for the service's `check_unchanged`.
    After an EditConflict call `reopen(values_now)`: the form keeps what was typed and is based on the record now.
    """

    def __init__(self, *args, edited_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if edited_from is not None:
            self.initial[FIELD] = signing.dumps(edited_from, salt=SALT, compress=True)

    def clean_edited_from(self):
        token = self.cleaned_data.get(FIELD)
        if not token:
            return None
        try:
            return signing.loads(token, salt=SALT)
        except signing.BadSignature:
            # Above the form: a hidden field's own errors are not shown.
            self.add_error(None, _("Formularz jest uszkodzony. Otwórz stronę ponownie i wpisz zmiany jeszcze raz."))
            return None

    def reopen(self, edited_from):
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = signing.dumps(edited_from, salt=SALT, compress=True)

    def show_conflict(self, error, edited_from):
        """Put the EditConflict `error` above the form and base the form on the record now."""
        self.add_error(None, error)
        self.reopen(edited_from)
