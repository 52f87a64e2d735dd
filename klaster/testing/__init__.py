"""What the tests share, in one package that every test imports (no test module imports another, and no conftest.py
defines a helper): `from klaster.testing import ...`. Not imported by the portal itself.

By subject:
  accounts    the personas (PERSONAS, make_persona), accounts, the second factor, invitations
  factories   small factories of the cluster's records: stakeholders, contacts, applications
  pages       reading rendered pages (Page, ReadPage), well-formed HTML (Checker), query counts, the sitemaps
  files       files that are what they claim to be, uploads, what was stored; the register's files
  pdf         downloading and reading back PDFs
  browser     Playwright driving the system Chromium, axe-core, signing in through the forms
  servers     a real S3 endpoint, Redis, and fresh processes (manage.py, python) with a clean environment
  outages     services the tests stop and start: a PostgreSQL cluster of the test's own, an SMTP server, the portal
              under gunicorn in the production configuration
  limits      rate limits behind the reverse proxy: requests as the proxy passes them on, the login form, floods of
              distinct addresses, the caches as the settings make them
  agreements  the agreement's facts, versions, signatures, resolutions, counted PDF renderings: imported as
              klaster.testing.agreements, not from here, because the tests of members import this package and must
              not reach agreements (import-linter's layers)

The fixtures that use them (personas, the cluster, media folders, the browser) are in the root conftest.py.
"""

from klaster.testing.accounts import (
    NEW_PASSWORD,
    PASSWORD,
    PERSONAS,
    TOTP_SECRET,
    accept_invitation,
    invite,
    invite_with_link,
    log_in_as,
    make_persona,
    make_user,
    persona_user,
    totp_code,
    totp_code_of_period,
)
from klaster.testing.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WCAG_TAGS,
    assert_accessible,
    axe_problems,
    chromium,
    fill_login,
    fill_second_factor,
    log_in,
    new_page,
)
from klaster.testing.factories import application_form, make_application, make_contact, make_stakeholder, participants
from klaster.testing.files import (
    FAKE_PDF,
    NIPS,
    REGISTER_HEADER,
    REGON,
    SHEET,
    deep_json,
    image_bytes,
    pdf_bomb,
    pdf_bytes,
    pdf_of_pages,
    pdf_upload,
    picture,
    problems_of,
    register_csv,
    register_row,
    register_snapshot,
    register_xlsx,
    stored_files,
    stored_paths,
    xlsx_bomb,
    xlsx_with_entities,
    xlsx_with_sheet,
)
from klaster.testing.limits import (
    PROXY,
    TOO_MANY_FAILED,
    cache_settings_with,
    clear_caches,
    flood_public_pages,
    forget_redis_prefix,
    post_login,
    signed_in,
    via_proxy,
)
from klaster.testing.outages import (
    PRODUCTION_SECRET,
    Portal,
    SmtpServer,
    ThrowawayPostgres,
    collect_static,
    production_environment,
    smtp_server,
    throwaway_postgres,
)
from klaster.testing.pages import (
    SITEMAP_NS,
    Checker,
    Elements,
    Page,
    ReadPage,
    captured_queries,
    client_sitemap_paths,
    count_queries,
    form_data,
    get_by_name,
    get_with_queries,
    html_problems,
    messages_of,
    normalise,
    page_of,
    read_page,
    sitemap_paths,
    sitemap_text,
    sitemaps,
)
from klaster.testing.pdf import (
    download,
    embedded_fonts,
    identifier_in,
    no_network,
    pdf_catalog,
    pdf_reader,
    pdf_text,
    pdf_xmp,
    response_body,
)
from klaster.testing.servers import (
    REDIS_URL,
    ROOT,
    S3_KEYS,
    S3_REGION,
    clean_environment,
    free_port,
    redis_or_skip,
    run_manage,
    run_python,
    s3_client,
    s3_endpoint,
)

__all__ = [
    # accounts
    "NEW_PASSWORD",
    "PASSWORD",
    "PERSONAS",
    "TOTP_SECRET",
    "accept_invitation",
    "invite",
    "invite_with_link",
    "log_in_as",
    "make_persona",
    "make_user",
    "persona_user",
    "totp_code",
    "totp_code_of_period",
    # browser
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "WCAG_TAGS",
    "assert_accessible",
    "axe_problems",
    "chromium",
    "fill_login",
    "fill_second_factor",
    "log_in",
    "new_page",
    # factories
    "application_form",
    "make_application",
    "make_contact",
    "make_stakeholder",
    "participants",
    # files
    "FAKE_PDF",
    "NIPS",
    "REGISTER_HEADER",
    "REGON",
    "SHEET",
    "deep_json",
    "image_bytes",
    "pdf_bomb",
    "pdf_bytes",
    "pdf_of_pages",
    "pdf_upload",
    "picture",
    "problems_of",
    "register_csv",
    "register_row",
    "register_snapshot",
    "register_xlsx",
    "stored_files",
    "stored_paths",
    "xlsx_bomb",
    "xlsx_with_entities",
    "xlsx_with_sheet",
    # outages
    "PRODUCTION_SECRET",
    "Portal",
    "SmtpServer",
    "ThrowawayPostgres",
    "collect_static",
    "production_environment",
    "smtp_server",
    "throwaway_postgres",
    # limits
    "PROXY",
    "TOO_MANY_FAILED",
    "cache_settings_with",
    "clear_caches",
    "flood_public_pages",
    "forget_redis_prefix",
    "post_login",
    "signed_in",
    "via_proxy",
    # pages
    "SITEMAP_NS",
    "Checker",
    "Elements",
    "Page",
    "ReadPage",
    "captured_queries",
    "client_sitemap_paths",
    "count_queries",
    "form_data",
    "get_by_name",
    "get_with_queries",
    "html_problems",
    "messages_of",
    "normalise",
    "page_of",
    "read_page",
    "sitemap_paths",
    "sitemap_text",
    "sitemaps",
    # pdf
    "download",
    "embedded_fonts",
    "identifier_in",
    "no_network",
    "pdf_catalog",
    "pdf_reader",
    "pdf_text",
    "pdf_xmp",
    "response_body",
    # servers
    "REDIS_URL",
    "ROOT",
    "S3_KEYS",
    "S3_REGION",
    "clean_environment",
    "free_port",
    "redis_or_skip",
    "run_manage",
    "run_python",
    "s3_client",
    "s3_endpoint",
]
