"""Every kind of PDF the portal issues passes the machine-checkable part of PDF/UA-1 (the pdfua package): tagged, with
its language and title, and each table's header cells carrying their scope, so that a screen reader ties every cell
to its headers (klaster.pdf.header_scopes gives WeasyPrint's /TH their /Scope)."""

import pdfua
import pytest

from klaster.testing import download, make_stakeholder
from klaster.testing.agreements import accede

pytestmark = pytest.mark.usefixtures("media_root")


def findings(data, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(data)
    return [f"{finding.rule_id}: {finding.message[:160]}" for finding in pdfua.validate(str(path)).findings]


@pytest.mark.parametrize(
    ("url_name", "query"),
    [("agreements:pdf", ""), ("agreements:register-pdf", "?dzien=2018-04-10"), ("agreements:register-pdf", "")],
)
def test_the_agreement_and_register_pdfs_pass_pdfua(client, cluster, renders, tmp_path, url_name, query):
    agreement = cluster.agreements.get()
    accede(make_stakeholder(cluster, "Spółdzielnia Energetyczna Łubie sp. z o.o.", slug="lubie"), agreement)
    response, data = download(client, url_name, query)
    assert response.status_code == 200
    assert findings(data, tmp_path, "dokument.pdf") == []


def test_an_accession_declaration_passes_pdfua(client, cluster, renders, tmp_path):
    party = make_stakeholder(cluster, "Spółdzielnia Energetyczna Łubie sp. z o.o.", slug="lubie")
    accede(party, cluster.agreements.get())
    response, data = download(client, "agreements:accession-pdf", slug=party.slug)
    assert response.status_code == 200
    assert findings(data, tmp_path, "deklaracja.pdf") == []


def test_the_checker_does_find_a_table_without_scopes(tmp_path, monkeypatch):
    """The check can fail: without the finisher the same table is reported."""
    from klaster import pdf

    html = (
        '<html lang="pl"><head><title>Tabela</title><meta name="author" content="Klaster"></head><body><table>'
        "<caption>Strony</caption><thead><tr><th scope='col'>Strona</th><th scope='col'>Data</th></tr></thead>"
        "<tbody><tr><th scope='row'>Gmina Tworóg</th><td>10 kwietnia 2018 r.</td></tr></tbody></table></body></html>"
    )
    assert findings(pdf.render_pdf(html), tmp_path, "z.pdf") == []
    monkeypatch.setattr(pdf, "header_scopes", lambda document, writer: None)
    assert any(found.startswith("UA-15-003") for found in findings(pdf.render_pdf(html), tmp_path, "bez.pdf"))
