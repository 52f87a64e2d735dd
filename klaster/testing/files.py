"""Files that are what they claim to be (PDFs, pictures, register files), uploads of them, and what was stored."""

import io
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Participant

FAKE_PDF = b"<html>to nie jest PDF</html>"


def pdf_bytes():
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt, size=(8, 8)):
    """A real picture in `fmt` (PNG, JPEG, WEBP...)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format=fmt)
    return out.getvalue()


def picture(name="scena.png", *, fmt="PNG", size=(64, 48)):
    """A real picture as an uploaded file."""
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=f"image/{fmt.lower()}")


def pdf_upload(name="skan.pdf", content=None):
    """A real PDF (or `content` that claims to be one) as an uploaded file."""
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def _files(root):
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def stored_files(root):
    """The names of the files stored under `root` (none if it does not exist), sorted."""
    return sorted(path.name for path in _files(root))


def stored_paths(root):
    """The paths of the files stored under `root` (none if it does not exist), relative to it, sorted."""
    return sorted(path.relative_to(root).as_posix() for path in _files(root))


# --- files of the register of parties (members/register/) -------------------------------------------------------------

NIPS = ["5260001246", "1234563218", "7680002466", "9531011544", "1132191233"]  # valid, and no party of the cluster's
REGON = "123456785"  # valid, and no party of the cluster's
REGISTER_HEADER = ["nazwa", "kategoria", "nip", "regon", "krs", "status", "data_przystapienia", "gmina_teryt", "email"]


def register_row(name, **cells):
    """A row of a register file: a valid active company, with `cells` on top."""
    values = {"nazwa": name, "kategoria": "company", "status": "active", "data_przystapienia": "2024-01-15"}
    return {**values, **cells}


def register_csv(rows, *, header=REGISTER_HEADER, delimiter=",", encoding="utf-8"):
    """A register file of `rows` (register_row) as CSV bytes."""
    lines = [delimiter.join(header)]
    lines += [delimiter.join(str(values.get(column, "")) for column in header) for values in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def register_snapshot():
    """Every party with every column, and the size of the history: what an import that changes nothing keeps."""
    return list(Participant.objects.order_by("pk").values()), LogEntry.objects.count()


def problems_of(report):
    """The problems of an import report as the user reads them."""
    return [str(problem) for problem in report.problems]
