"""How many kept PDFs there are, and how much room they take: bounded, the oldest removed first.

Every content is rendered once and its file kept (agreements.pdf.kept). Anyone may ask for the register of any past
day, and every change of the agreement or its parties makes new documents, so the files would only grow. Two
settings bound them: KEPT_PDF_MAX_FILES and KEPT_PDF_MAX_BYTES. `enforce()` runs after each new file is kept;
`prune()` also runs daily (`manage.py prune_kept_pdfs`, which also removes files no record names).

Removing a kept file keeps its record (IssuedPdf): the identifier and both fingerprints stay, so the verification
page still knows the document and recognises an uploaded copy by its SHA-256. A later download renders the same
content again (WeasyPrint's output for the same content is the same file) and keeps it. The oldest files go first;
never one that a page points to now: the current agreement and accession declarations (the newest document of
each subject), today's register (those of the period today belongs to), and the file being served.
"""

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.db.models import Count, Sum
from django.utils import timezone

from members.models import Cluster, Participant

from ..models import IssuedPdf

logger = logging.getLogger(__name__)
FOLDER = "pdf"


def kept_rows():
    """The records whose file is kept."""
    return IssuedPdf.objects.exclude(file="")


def usage():
    """(number of kept files, their bytes)."""
    totals = kept_rows().aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0


def current_pks():
    """The records the portal's pages point to now: they are never removed."""
    current = set()
    seen = set()
    newest_first = IssuedPdf.objects.exclude(kind=IssuedPdf.Kind.REGISTER).order_by("-issued_at", "-pk")
    for pk, kind, subject in newest_first.values_list("pk", "kind", "subject_key"):
        if (kind, subject) not in seen:
            seen.add((kind, subject))
            current.add(pk)
    cluster = Cluster.objects.main()
    if cluster is not None:
        # Today's register, public and full, in every variant: the ones of the period today belongs to.
        today = timezone.localdate()
        parties = Participant.objects.filter(cluster=cluster)
        for scope, shown in (("publiczny", parties.listed()), ("pelny", parties)):
            since = shown.membership_since(today)
            registers = IssuedPdf.objects.filter(
                kind=IssuedPdf.Kind.REGISTER, subject_key__contains=f"scope={scope}", as_of=since or today
            )
            current.update(registers.values_list("pk", flat=True))
    return current


def prune(*, max_files=None, max_bytes=None, keep=()):
    """Remove kept files, oldest first, until at most `max_files` files of at most `max_bytes` bytes are kept (the
    settings by default); never a current one nor one in `keep`. Answers (files removed, bytes freed)."""
    max_files = settings.KEPT_PDF_MAX_FILES if max_files is None else max_files
    max_bytes = settings.KEPT_PDF_MAX_BYTES if max_bytes is None else max_bytes
    files, size = usage()
    if files <= max_files and size <= max_bytes:
        return 0, 0
    protected = current_pks() | {issued.pk for issued in keep}
    removed = freed = 0
    storage = storages["private"]
    for pk, name, file_size in kept_rows().order_by("issued_at", "pk").values_list("pk", "file", "size"):
        if files - removed <= max_files and size - freed <= max_bytes:
            break
        if pk in protected:
            continue
        # The record first: from now on a download renders it again rather than looking for this file.
        if IssuedPdf.objects.filter(pk=pk, file=name).update(file=""):
            storage.delete(name)
            removed += 1
            freed += file_size
    if files - removed > max_files or size - freed > max_bytes:
        logger.warning(
            "Kept PDFs over their bounds after pruning: %d files, %d bytes (current ones are never removed)",
            files - removed,
            size - freed,
        )
    return removed, freed


def enforce(*, keep=()):
    """After a new file is kept: prune if the bounds are exceeded (one query when they are not)."""
    return prune(keep=keep)


def remove_orphans(*, older_than):
    """Remove kept-PDF files that no record names, last changed before `older_than` (a datetime): left by a render
    whose record was never written. Answers how many."""
    storage = storages["private"]
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    named = set(IssuedPdf.objects.values_list("file", flat=True))
    removed = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if path in named:
            continue
        try:
            changed = storage.get_modified_time(path)
        except (NotImplementedError, OSError):
            continue
        if changed < older_than:
            storage.delete(path)
            removed += 1
    return removed
