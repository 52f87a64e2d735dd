"""The register of parties in files: import and export through django-import-export.

One file format for the whole register: the stakeholders, the gminas and the coordinator, a row each, under stable
Polish column keys (resource.COLUMN_HELP). An export for people (CSV, XLSX) is written in the coordinator's language:
columns under their titles ("Data przystąpienia"), choices by their names ("przedsiębiorstwo", "członek"); CSV with
semicolons, in UTF-8 with a BOM or Windows-1250, as Polish Excel opens it. JSON, for programs, keeps the keys and the
codes. The import reads keys and titles, codes and names (in Polish or English, with or without Polish letters), so
every export imports back unchanged. A file of stakeholders needs no `rodzaj` column, and of nip, regon and krs one
column is enough.

- files.py      reading CSV, XLSX and JSON into a table of cells; problems by row and column
- widgets.py    what a cell holds (codes, identifiers, dates, yes/no, a gmina by TERYT)
- matching.py   which party each row describes, and rows that describe the same party
- resource.py   the columns and the django-import-export resource that checks each row with the model
- rows.py       bulk writes of the rows and their history through django-auditlog
- importing.py  the import and its report (preview, confirmation)
- uploads.py    uploaded files waiting between the preview and the confirmation
- export.py     the register of a day as a file
- views.py      the coordinator's pages (their addresses: members/urls.py, register_patterns)
"""

from .export import ENCODINGS, FORMATS, register_file_export, register_parties
from .importing import ImportReport, file_problems, register_import, register_import_upload
from .uploads import MAX_UPLOAD_BYTES

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "ImportReport",
    "file_problems",
    "register_file_export",
    "register_import",
    "register_import_upload",
    "register_parties",
]
