"""Files that are what they claim to be (PDFs, pictures, register files), uploads of them, and what was stored."""

import io
import re
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Participant

FAKE_PDF = b"<html>to nie jest PDF</html>"
# What an attacker appends to a real PDF or picture, and the names they upload it under.
APPENDED_HTML = b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"
HOSTILE_NAMES = ["x.html", "x.svg", "x.pdf.html", "x.PHP", "..\\..\\x.html"]


def pdf_bytes():
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_of_pages(count):
    """A real PDF of `count` blank pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_bomb(unpacked_bytes=50 * 1024 * 1024):
    """A small valid one-page PDF whose text content stream inflates to `unpacked_bytes` of text operators: pypdf
    parses them for seconds when asked for the page's text."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, EncodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    unit = b"BT /F1 1 Tf (a) Tj ET\n"
    stream = EncodedStreamObject()
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream._data = zlib.compress(unit * (unpacked_bytes // len(unit)), 9)
    page[NameObject("/Contents")] = writer._add_object(stream)
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


def is_random_name(name, extension, folder=""):
    """Whether `name` is one the portal chose for an upload: `folder` (with a year, if any), 22 random URL-safe
    characters and `extension` (klaster.uploads)."""
    return bool(re.fullmatch(rf"{re.escape(folder)}(?:\d{{4}}/)?[\w-]{{22}}{re.escape(extension)}", str(name)))


def pdf_with_html():
    """A real PDF with a web page appended: still a valid PDF."""
    return pdf_bytes() + APPENDED_HTML


def png_with_html(size=(8, 8)):
    """A real PNG picture with a web page appended: still a valid picture."""
    return image_bytes("PNG", size) + APPENDED_HTML


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


# --- hostile files: what an attacker would upload ---------------------------------------------------------------------


def register_xlsx(rows, *, header=REGISTER_HEADER):
    """A register file of `rows` (register_row) as XLSX bytes, made by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(column, "") for column in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
_SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_CLOSE = b"</sheetData></worksheet>"


def xlsx_with_sheet(sheet_xml, *, rows=()):
    """A real XLSX (register_xlsx) whose first sheet is replaced by `sheet_xml` (bytes)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(register_xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part.filename, sheet_xml if part.filename == SHEET else source.read(part))
    return out.getvalue()


def xlsx_with_entities(kind="billion-laughs"):
    """An XLSX whose sheet declares XML entities: ten levels of ten ("billion laughs"), or an external file."""
    if kind == "external":
        dtd = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        cell = b"&x;"
    else:
        levels = [b'<!ENTITY l0 "ha">'] + [
            b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)
        ]
        dtd = b"<!DOCTYPE worksheet [" + b"".join(levels) + b"]>"
        cell = b"&l9;"
    head, body = _SHEET_OPEN.split(b"\n", 1)
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + cell + b"</t></is></c></row>"
    return xlsx_with_sheet(head + b"\n" + dtd + body + row + _SHEET_CLOSE)


def _zip_entry(name, data, *, method, crc, size, offset):
    """A zip's local header with `data`, and the matching central directory record."""
    import struct

    name = name.encode()
    fields = (20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + name
    return local, central


def xlsx_bomb(unpacked_bytes=1024**3):
    """A small XLSX whose sheet unpacks to `unpacked_bytes` (a gigabyte) of blanks inside valid XML: a zip bomb."""
    return _zip_bomb(register_xlsx([]), SHEET, _SHEET_OPEN, _SHEET_CLOSE, unpacked_bytes)


def docx_bomb(unpacked_bytes=1024**3):
    """A small DOCX (docx_bytes) whose document part unpacks to `unpacked_bytes` of blanks inside valid XML: a zip
    bomb disguised as a Word document."""
    head, tail = _DOCUMENT_XML.split(b"<w:body>")
    return _zip_bomb(docx_bytes(), "word/document.xml", head + b"<w:body>", tail, unpacked_bytes)


def _zip_bomb(package, part_name, opening, closing, unpacked_bytes):
    """`package` (zip bytes) whose part `part_name` unpacks to `unpacked_bytes`: `opening`, blanks, `closing`.

    Made without compressing a gigabyte: deflate output after a full flush repeats for repeated input, so one
    compressed megabyte of blanks is written again and again (the CRC is still computed, so the zip is valid)."""
    import struct
    import zipfile
    import zlib

    source = zipfile.ZipFile(io.BytesIO(package))
    block = b" " * (1024 * 1024)
    repeats = (unpacked_bytes - len(opening) - len(closing)) // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(opening) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(closing) + compressor.flush()
    crc = zlib.crc32(opening)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(closing, crc)
    size = len(opening) + repeats * len(block) + len(closing)
    out, centrals = io.BytesIO(), []
    for part in source.infolist():
        if part.filename == part_name:
            data, entry = head + middle * repeats + tail, {"method": 8, "crc": crc, "size": size}
        else:
            data = source.read(part)
            entry = {"method": 0, "crc": zlib.crc32(data), "size": len(data)}
        local, central = _zip_entry(part.filename, data, offset=out.tell(), **entry)
        out.write(local)
        centrals.append(central)
    start = out.tell()
    out.write(b"".join(centrals))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(centrals), len(centrals), out.tell() - start, start, 0))
    return out.getvalue()


# --- office documents (materials of events) ---------------------------------------------------------------------------

_OOXML_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/%s" ContentType="%s"/></Types>'
)
_OOXML_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="%s"/></Relationships>'
)
_DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Program szkolenia</w:t></w:r></w:p></w:body></w:document>"
)
_PRESENTATION_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
)


def _zip(entries, *, stored_first=False):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def _ooxml(part, content_type, data):
    return _zip(
        [
            ("[Content_Types].xml", _OOXML_TYPES % (part.encode(), content_type.encode())),
            ("_rels/.rels", _OOXML_RELS % part.encode()),
            (part, data),
        ]
    )


def docx_bytes():
    """A minimal Word document (OOXML): its content types, relationships and one paragraph."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _ooxml("word/document.xml", main, _DOCUMENT_XML)


def pptx_bytes():
    """A minimal PowerPoint presentation (OOXML) as the content types describe it."""
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return _ooxml("ppt/presentation.xml", main, _PRESENTATION_XML)


def pptm_bytes():
    """A macro-enabled presentation (PPTM): a package of another type, which materials refuse."""
    return _ooxml("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                  _PRESENTATION_XML)  # fmt: skip


def odp_bytes():
    """A minimal OpenDocument presentation: `mimetype` first and stored, then the manifest and the content."""
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.presentation"/></manifest:manifest>'
    )
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.presentation"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", b'<?xml version="1.0" encoding="UTF-8"?><office:document-content/>'),
        ],
        stored_first=True,
    )


def fake_pptx():
    """What claims to be a presentation by its name: a zip with the names of a PPTX's parts but no description of its
    content types (and a web page inside)."""
    return _zip([("ppt/presentation.xml", b"<html><script>alert(1)</script></html>"), ("ppt/slides/slide1.xml", b"")])


def office_upload(data, name, content_type="application/octet-stream"):
    """`data` as an uploaded file named `name`."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def deep_json(depth=10_000):
    """A JSON register nested `depth` lists deep."""
    return b"[" * depth + b"]" * depth
