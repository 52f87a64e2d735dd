"""The permission matrix: every URL of the project against every persona, with the answer each must get.

A URL added to the project without a row here fails `test_every_url_of_the_project_is_in_the_matrix`.
Answers: a status code, or LOGIN (sent to log in), MFA (a coordinator sent to set up the second factor),
REAUTH (asked to confirm the password first), REDIRECT (sent on elsewhere: a signed-in user on the login page,
a finished action). Actions that only accept POST are tried with POST; GET gets 405 from them. Every URL tried with
GET is also tried with HEAD, which must get the same answer with an empty body.

This is the one place that asks who is refused: the tests of each page do not ask again, they assert what the matrix
cannot (what the page shows, that a refused POST changed nothing). The personas are klaster.testing.PERSONAS.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from playwright.sync_api import Error as PlaywrightError

from agreements.models import Annex, Document, Signature, Version
from agreements.pdf import content, kept
from energy.models import (
    EmissionFactor,
    ImportBatch,
    Installation,
    MeteringAuthorisation,
    MeteringPoint,
    Reading,
    Rule,
)
from energy.services import balances_refresh
from events import services as event_services
from events.models import Event, EventMaterial, EventPhoto, Registration
from klaster.testing import (
    PERSONAS,
    axe_problems,
    invite_with_link,
    log_in_as,
    make_application,
    make_contact,
    make_stakeholder,
    make_user,
    new_page,
    office_upload,
    pdf_upload,
    persona_user,
    picture,
    pptx_bytes,
)
from klaster.testing.agreements import accede, make_resolution, publish_annex
from klaster.testing.content import make_news
from klaster.testing.events import make_event, open_registration
from members import services
from members.models import AccessibilityRequest, ContactMessage, LegalText, Participant, Role, StaffMembership

LOGIN, MFA, REAUTH, REDIRECT = "login", "mfa", "reauth", "redirect"


def everyone(answer):
    return dict.fromkeys(PERSONAS, answer)


def signed_in(anonymous, others):
    return {"anonymous": anonymous, **dict.fromkeys(PERSONAS[1:], others)}


PUBLIC = everyone(200)
# Coordinator pages: staff and a superuser without a role are refused; a coordinator without TOTP sets it up first.
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "staff_tworog": 403,
    "staff_pawonkow": 403,
    "coordinator": 200,
    "coordinator_without_mfa": MFA,
    "superuser": 403,
}
# Pages of Tworóg's workspace: its staff and the coordinator; Pawonków's staff are told it is another gmina's panel
# (403, templates/403.html), an address naming no gmina is not found.
TWOROG_WORKSPACE = {**COORDINATOR_ONLY, "staff_tworog": 200, "staff_pawonkow": 403}
# A record of Tworóg under Pawonków's address: Tworóg's staff are in another gmina's panel, for Pawonków's staff and
# the coordinator the record is not Pawonków's, so not found.
TWOROG_RECORD_UNDER_PAWONKOW = {**COORDINATOR_ONLY, "staff_tworog": 403, "staff_pawonkow": 404, "coordinator": 404}
# Private files of Tworóg (a signature scan, a declaration): the coordinator and Tworóg's staff; for everyone else
# they do not exist.
TWOROG_PRIVATE_FILE = {**everyone(404), "staff_tworog": 200, "coordinator": 200}
# Pages of a signed-in account (allauth): any signed-in user.
ACCOUNT = signed_in(LOGIN, 200)
# Pages for signing in: a signed-in user is sent on.
SIGN_IN = signed_in(200, REDIRECT)

# (URL name, kwargs, answers[, method]). kwargs may name objects made by the `objects` fixture as "@name".
MATRIX = [
    ("robots-txt", {}, PUBLIC),
    ("live", {}, PUBLIC),
    ("ready", {}, PUBLIC),
    ("sitemap", {}, PUBLIC),
    ("sitemap-section", {"section": "participants"}, PUBLIC),
    ("sitemap-section", {"section": "no-such-section"}, everyone(404)),
    ("home", {}, PUBLIC),
    ("about", {}, PUBLIC),
    ("benefits", {}, PUBLIC),
    ("privacy", {}, PUBLIC),
    ("contact", {}, PUBLIC),
    ("legal-text", {"pk": "@legal_text"}, PUBLIC),
    ("legal-text", {"pk": 999999}, everyone(404)),
    ("news:list", {}, PUBLIC),
    ("news:feed", {}, PUBLIC),
    ("news:detail", {"slug": "@news"}, PUBLIC),
    ("news:detail", {"slug": "@draft_news"}, everyone(404)),
    ("accessibility", {}, PUBLIC),
    ("accessibility-request", {}, PUBLIC),
    ("members:list", {}, PUBLIC),
    ("members:gmina", {"slug": "tworog"}, PUBLIC),
    ("members:coordinator", {}, PUBLIC),
    ("members:directory", {}, PUBLIC),
    ("members:stakeholder", {"slug": "@stakeholder"}, PUBLIC),
    ("members:stakeholder", {"slug": "@hidden_stakeholder"}, everyone(404)),
    ("members:apply", {}, PUBLIC),
    ("members:application-status", {"token": "@application_token"}, PUBLIC),
    ("members:application-status", {"token": "no-such-token"}, everyone(404)),
    ("agreements:detail", {}, PUBLIC),
    ("agreements:versions", {}, PUBLIC),
    ("agreements:version", {"number": 1}, PUBLIC),
    ("agreements:version", {"number": 99}, everyone(404)),
    ("agreements:version", {"number": "@draft_version"}, everyone(404)),
    ("agreements:diff", {}, PUBLIC),
    ("agreements:pdf", {}, PUBLIC),
    ("agreements:register-pdf", {}, PUBLIC),
    ("agreements:accession-pdf", {"slug": "@acceded"}, PUBLIC),
    ("agreements:accession-pdf", {"slug": "@hidden_acceded"}, {**everyone(404), "coordinator": 200}),
    ("agreements:accession-pdf", {"slug": "tworog"}, everyone(404)),
    ("agreements:verify", {}, PUBLIC),
    ("agreements:verify-document", {"identifier": "@issued_pdf"}, PUBLIC),
    ("agreements:verify-document", {"identifier": "POR-000000000000"}, everyone(404)),
    ("agreements:document-file", {"pk": "@resolution_with_file"}, PUBLIC),
    ("agreements:document-file", {"pk": "@withdrawal_with_file"}, TWOROG_PRIVATE_FILE),
    ("agreements:document-file", {"pk": "@agreement_document"}, everyone(404)),
    ("agreements:annex-file", {"pk": "@published_annex"}, PUBLIC),
    ("agreements:annex-file", {"pk": "@draft_annex"}, {**everyone(404), "coordinator": 200}),
    ("agreements:signature-scan", {"pk": "@tworog_scan"}, TWOROG_PRIVATE_FILE),
    ("agreements:signature-scan", {"pk": "@pawonkow_signature"}, everyone(404)),
    ("events:list", {}, PUBLIC),
    ("events:detail", {"slug": "konferencja-2018"}, PUBLIC),
    ("events:detail", {"slug": "@draft_event"}, everyone(404)),
    ("events:feed", {}, PUBLIC),
    ("events:calendar", {}, PUBLIC),
    ("events:event-calendar", {"slug": "konferencja-2018"}, PUBLIC),
    ("events:event-calendar", {"slug": "@draft_event"}, everyone(404)),
    ("events:register", {"slug": "@open_event"}, PUBLIC),
    ("events:register", {"slug": "konferencja-2018"}, everyone(404)),  # registration never opened
    ("events:register", {"slug": "@draft_event"}, everyone(404)),
    ("events:registration-cancel", {"token": "@registration_token"}, PUBLIC),
    ("events:registration-cancel", {"token": "@past_registration_token"}, everyone(410)),
    ("events:registration-cancel", {"token": "no-such-token"}, everyone(404)),
    ("events:material-file", {"slug": "konferencja-2018", "pk": "@conference_material"}, PUBLIC),
    (
        "events:material-file",
        {"slug": "konferencja-2018", "pk": "@private_material"},
        {**everyone(404), "coordinator": 200},
    ),
    (
        "events:material-file",
        {"slug": "@draft_event", "pk": "@draft_event_material"},
        {**everyone(404), "coordinator": 200},
    ),
    ("events:material-file", {"slug": "@draft_event", "pk": "@conference_material"}, everyone(404)),
    ("invitation-accept", {"token": "@invitation_token"}, PUBLIC),
    ("invitation-accept", {"token": "no-such-token"}, everyone(410)),
    ("account_login", {}, SIGN_IN),
    ("account_logout", {}, signed_in(REDIRECT, 200)),
    ("account_inactive", {}, PUBLIC),
    ("account_signup", {}, signed_in(200, REDIRECT)),
    ("account_reauthenticate", {}, ACCOUNT),
    ("account_email", {}, ACCOUNT),
    ("account_email_verification_sent", {}, PUBLIC),
    ("account_change_password", {}, ACCOUNT),
    ("account_set_password", {}, signed_in(LOGIN, REDIRECT)),
    ("account_reset_password", {}, PUBLIC),
    ("account_confirm_login_code", {}, signed_in(LOGIN, REDIRECT)),
    ("account_confirm_email", {"key": "no-such-key"}, PUBLIC),
    ("account_reset_password_from_key_done", {}, PUBLIC),
    ("account_reset_password_from_key", {"uidb36": "1", "key": "no-such-key"}, PUBLIC),
    ("account_reset_password_done", {}, PUBLIC),
    ("mfa_index", {}, ACCOUNT),
    ("mfa_authenticate", {}, signed_in(LOGIN, REDIRECT)),
    ("mfa_reauthenticate", {}, {**signed_in(LOGIN, REAUTH), "coordinator": 200}),
    # Managing a second factor asks for the password again; what one does not have is not found.
    ("mfa_activate_totp", {}, signed_in(LOGIN, REAUTH)),
    ("mfa_deactivate_totp", {}, {**signed_in(LOGIN, 404), "coordinator": REAUTH}),
    ("mfa_view_recovery_codes", {}, signed_in(LOGIN, 404)),
    ("mfa_generate_recovery_codes", {}, signed_in(LOGIN, REAUTH)),
    ("mfa_download_recovery_codes", {}, signed_in(LOGIN, 404)),
    ("usersessions_list", {}, ACCOUNT),
    (
        "workspace",
        {},
        {**COORDINATOR_ONLY, "staff_tworog": REDIRECT, "staff_pawonkow": REDIRECT, "coordinator": REDIRECT},
    ),
    ("workspace:gmina", {"slug": "tworog"}, TWOROG_WORKSPACE),
    (
        "workspace:gmina",
        {"slug": "no-such-gmina"},
        {**TWOROG_WORKSPACE, "staff_tworog": 404, "staff_pawonkow": 404, "coordinator": 404},
    ),
    ("workspace:gmina-edit", {"slug": "tworog"}, TWOROG_WORKSPACE),
    ("workspace:contact-add", {"slug": "tworog"}, TWOROG_WORKSPACE),
    ("workspace:contact-edit", {"slug": "tworog", "pk": "@contact"}, TWOROG_WORKSPACE),
    ("workspace:contact-edit", {"slug": "pawonkow", "pk": "@contact"}, TWOROG_RECORD_UNDER_PAWONKOW),
    ("workspace:contact-delete", {"slug": "tworog", "pk": "@contact"}, TWOROG_WORKSPACE),
    ("workspace:applications", {"slug": "tworog"}, TWOROG_WORKSPACE),
    ("workspace:application", {"slug": "tworog", "pk": "@application"}, TWOROG_WORKSPACE),
    ("workspace:application", {"slug": "pawonkow", "pk": "@application"}, TWOROG_RECORD_UNDER_PAWONKOW),
    ("resolutions:add", {"slug": "tworog"}, TWOROG_WORKSPACE),
    ("event-proposals:propose", {"slug": "tworog"}, TWOROG_WORKSPACE),
    (
        "event-proposals:propose",
        {"slug": "no-such-gmina"},
        {**COORDINATOR_ONLY, "staff_tworog": 404, "staff_pawonkow": 404, "coordinator": 404},
    ),
    ("resolutions:edit", {"slug": "tworog", "pk": "@resolution"}, TWOROG_WORKSPACE),
    ("resolutions:edit", {"slug": "pawonkow", "pk": "@resolution"}, TWOROG_RECORD_UNDER_PAWONKOW),
    ("resolutions:delete", {"slug": "tworog", "pk": "@resolution"}, TWOROG_WORKSPACE),
    ("coordination:dashboard", {}, COORDINATOR_ONLY),
    ("coordination:accounts", {}, COORDINATOR_ONLY),
    ("coordination:account-deactivate", {"pk": "@other_user"}, COORDINATOR_ONLY),
    ("coordination:account-reactivate", {"pk": "@other_user"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("coordination:invitations", {}, COORDINATOR_ONLY),
    ("coordination:invitation-new", {}, COORDINATOR_ONLY),
    ("coordination:invitation-revoke", {"pk": "@invitation"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("coordination:party", {"slug": "tworog"}, COORDINATOR_ONLY),
    ("coordination:party", {"slug": "@hidden_stakeholder"}, COORDINATOR_ONLY),
    ("coordination:party", {"slug": "no-such-party"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("coordination:party-contact-add", {"slug": "tworog"}, COORDINATOR_ONLY),
    ("coordination:party-contact-edit", {"slug": "tworog", "pk": "@contact"}, COORDINATOR_ONLY),
    ("coordination:party-contact-delete", {"slug": "tworog", "pk": "@contact"}, COORDINATOR_ONLY),
    (
        "coordination:party-contact-delete",
        {"slug": "pawonkow", "pk": "@contact"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    (
        "coordination:party-contact-edit",
        {"slug": "pawonkow", "pk": "@contact"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("applications:queue", {}, COORDINATOR_ONLY),
    ("applications:stakeholder-add", {}, COORDINATOR_ONLY),
    ("applications:detail", {"pk": "@application"}, COORDINATOR_ONLY),
    ("applications:start-review", {"pk": "@application"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("applications:accept", {"pk": "@application"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("applications:reject", {"pk": "@application"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("applications:bulk", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("register:index", {}, COORDINATOR_ONLY),
    ("register:export", {"file_format": "csv"}, COORDINATOR_ONLY),
    ("register:import", {}, COORDINATOR_ONLY),
    ("register:import-preview", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("register:import-confirm", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("register:import-discard", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("energy:index", {}, PUBLIC),
    # The yearly report and the balances per gmina are public; a format the portal does not write is not found.
    ("energy:report-pdf", {}, PUBLIC),
    ("energy:balances-export", {"file_format": "csv"}, PUBLIC),
    ("energy:balances-export", {"file_format": "xlsx"}, PUBLIC),
    ("energy:balances-export", {"file_format": "pdf"}, everyone(404)),
    ("energy-admin:balances-export", {"file_format": "csv"}, COORDINATOR_ONLY),
    ("energy-admin:balances-export", {"file_format": "xlsx"}, COORDINATOR_ONLY),
    ("energy-admin:balances-export", {"file_format": "pdf"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:manual-reading", {}, COORDINATOR_ONLY),
    ("energy-admin:point-delete", {"pk": "@metering_point"}, COORDINATOR_ONLY),
    ("energy-admin:point-delete", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:installation-delete", {"pk": "@installation"}, COORDINATOR_ONLY),
    ("energy-admin:installation-delete", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:authorisation-delete", {"pk": "@authorisation"}, COORDINATOR_ONLY),
    ("energy-admin:authorisation-delete", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:batch-delete", {"pk": "@import_batch"}, COORDINATOR_ONLY),
    ("energy-admin:batch-delete", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    # A gmina's energy in its panel: its staff and the coordinator; another gmina's staff are refused.
    ("gmina-energy:index", {"slug": "tworog"}, TWOROG_WORKSPACE),
    (
        "gmina-energy:index",
        {"slug": "no-such-gmina"},
        {**TWOROG_WORKSPACE, "staff_tworog": 404, "staff_pawonkow": 404, "coordinator": 404},
    ),
    ("energy-admin:index", {}, COORDINATOR_ONLY),
    ("energy-admin:points", {}, COORDINATOR_ONLY),
    ("energy-admin:point-new", {}, COORDINATOR_ONLY),
    ("energy-admin:point-edit", {"pk": "@metering_point"}, COORDINATOR_ONLY),
    ("energy-admin:point-edit", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:authorisations", {}, COORDINATOR_ONLY),
    ("energy-admin:authorisation-new", {}, COORDINATOR_ONLY),
    ("energy-admin:authorisation-edit", {"pk": "@authorisation"}, COORDINATOR_ONLY),
    ("energy-admin:authorisation-document", {"pk": "@authorisation"}, COORDINATOR_ONLY),
    (
        "energy-admin:authorisation-document",
        {"pk": "@authorisation_without_document"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("energy-admin:installations", {}, COORDINATOR_ONLY),
    ("energy-admin:installation-new", {}, COORDINATOR_ONLY),
    ("energy-admin:installation-edit", {"pk": "@installation"}, COORDINATOR_ONLY),
    ("energy-admin:readiness", {}, COORDINATOR_ONLY),
    ("energy-admin:rules", {}, COORDINATOR_ONLY),
    ("energy-admin:rule-new", {}, COORDINATOR_ONLY),
    ("energy-admin:rule-edit", {"pk": "@rule"}, COORDINATOR_ONLY),
    ("energy-admin:rule-edit", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("energy-admin:rules-draft", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("energy-admin:factor-new", {}, COORDINATOR_ONLY),
    ("energy-admin:factor-edit", {"pk": "@emission_factor"}, COORDINATOR_ONLY),
    ("energy-admin:import", {}, COORDINATOR_ONLY),
    ("energy-admin:import-preview", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("energy-admin:import-confirm", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("energy-admin:import-discard", {"token": "a" * 32}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("personal-data:index", {}, COORDINATOR_ONLY),
    ("personal-data:export", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("personal-data:erase", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("agreement-admin:overview", {}, COORDINATOR_ONLY),
    ("agreement-admin:edit", {}, COORDINATOR_ONLY),
    ("agreement-admin:annex-new", {}, COORDINATOR_ONLY),
    ("agreement-admin:version", {"number": 1}, COORDINATOR_ONLY),
    ("agreement-admin:version", {"number": 99}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("agreement-admin:version-publish", {"number": 1}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("agreement-admin:version-discard", {"number": 1}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("agreement-admin:version-signatures", {"number": 1}, COORDINATOR_ONLY),
    ("agreement-admin:signature-new", {}, COORDINATOR_ONLY),
    ("agreement-admin:signature-representative", {"pk": "@tworog_signature"}, COORDINATOR_ONLY),
    ("agreement-admin:signature-representative", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("agreement-admin:party-end", {"slug": "tworog"}, COORDINATOR_ONLY),
    ("agreement-admin:party-end", {"slug": "no-such-party"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("agreement-admin:documents", {}, COORDINATOR_ONLY),
    ("agreement-admin:document-new", {}, COORDINATOR_ONLY),
    ("agreement-admin:document-edit", {"pk": "@agreement_document"}, COORDINATOR_ONLY),
    ("agreement-admin:document-edit", {"pk": "@resolution"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("agreement-admin:document-delete", {"pk": "@agreement_document"}, COORDINATOR_ONLY),
    ("agreement-admin:document-delete", {"pk": "@resolution"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("news-admin:index", {}, COORDINATOR_ONLY),
    ("news-admin:new", {}, COORDINATOR_ONLY),
    ("news-admin:edit", {"pk": "@draft_news_pk"}, COORDINATOR_ONLY),
    ("news-admin:edit", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("news-admin:delete", {"pk": "@draft_news_pk"}, COORDINATOR_ONLY),
    ("event-admin:index", {}, COORDINATOR_ONLY),
    ("event-admin:new", {}, COORDINATOR_ONLY),
    ("event-admin:edit", {"pk": "@conference"}, COORDINATOR_ONLY),
    ("event-admin:edit", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("event-admin:agenda-new", {"pk": "@conference"}, COORDINATOR_ONLY),
    ("event-admin:agenda-edit", {"pk": "@conference", "item_pk": "@conference_item"}, COORDINATOR_ONLY),
    (
        "event-admin:agenda-edit",
        {"pk": "@draft_event_pk", "item_pk": "@conference_item"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    (
        "event-admin:agenda-move",
        {"pk": "@conference", "item_pk": "@conference_item"},
        {**COORDINATOR_ONLY, "coordinator": REDIRECT},
        "post",
    ),
    ("event-admin:agenda-delete", {"pk": "@conference", "item_pk": "@conference_item"}, COORDINATOR_ONLY),
    ("event-admin:photo-new", {"pk": "@conference"}, COORDINATOR_ONLY),
    (
        "event-admin:photo-move",
        {"pk": "@conference", "photo_pk": "@conference_photo"},
        {**COORDINATOR_ONLY, "coordinator": REDIRECT},
        "post",
    ),
    ("event-admin:photo-delete", {"pk": "@conference", "photo_pk": "@conference_photo"}, COORDINATOR_ONLY),
    (
        "event-admin:photo-delete",
        {"pk": "@draft_event_pk", "photo_pk": "@conference_photo"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("event-admin:registrations", {"pk": "@open_event_pk"}, COORDINATOR_ONLY),
    ("event-admin:registrations", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("event-admin:registrations-export", {"pk": "@open_event_pk"}, COORDINATOR_ONLY),
    ("event-admin:registrations-export", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("event-admin:registrations-write", {"pk": "@open_event_pk"}, COORDINATOR_ONLY),
    ("event-admin:registrations-export-xlsx", {"pk": "@open_event_pk"}, COORDINATOR_ONLY),
    ("event-admin:registrations-export-xlsx", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    (
        "event-admin:registration-attendance",
        {"pk": "@open_event_pk", "registration_pk": "@registration_pk"},
        {**COORDINATOR_ONLY, "coordinator": REDIRECT},
        "post",
    ),
    (
        "event-admin:registration-attendance",
        {"pk": "@conference", "registration_pk": "@registration_pk"},  # not this event's registration
        {**COORDINATOR_ONLY, "coordinator": 404},
        "post",
    ),
    ("event-admin:photo-edit", {"pk": "@conference", "photo_pk": "@conference_photo"}, COORDINATOR_ONLY),
    (
        "event-admin:photo-edit",
        {"pk": "@draft_event_pk", "photo_pk": "@conference_photo"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("event-admin:duplicate", {"pk": "@conference"}, COORDINATOR_ONLY),
    ("event-admin:duplicate", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("event-admin:material-new", {"pk": "@conference"}, COORDINATOR_ONLY),
    ("event-admin:material-edit", {"pk": "@conference", "material_pk": "@conference_material"}, COORDINATOR_ONLY),
    (
        "event-admin:material-edit",
        {"pk": "@draft_event_pk", "material_pk": "@conference_material"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    (
        "event-admin:material-move",
        {"pk": "@conference", "material_pk": "@conference_material"},
        {**COORDINATOR_ONLY, "coordinator": REDIRECT},
        "post",
    ),
    ("event-admin:material-delete", {"pk": "@conference", "material_pk": "@conference_material"}, COORDINATOR_ONLY),
    (
        "event-admin:material-delete",
        {"pk": "@draft_event_pk", "material_pk": "@conference_material"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("event-admin:outcome-new", {"pk": "@conference"}, COORDINATOR_ONLY),
    ("event-admin:outcome-edit", {"pk": "@conference", "outcome_pk": "@conference_outcome"}, COORDINATOR_ONLY),
    (
        "event-admin:outcome-edit",
        {"pk": "@draft_event_pk", "outcome_pk": "@conference_outcome"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("event-admin:outcome-delete", {"pk": "@conference", "outcome_pk": "@conference_outcome"}, COORDINATOR_ONLY),
    (
        "event-admin:outcome-delete",
        {"pk": "@draft_event_pk", "outcome_pk": "@conference_outcome"},
        {**COORDINATOR_ONLY, "coordinator": 404},
    ),
    ("site-texts:edit", {}, COORDINATOR_ONLY),
    ("site-texts:legal", {"kind": "polityka-prywatnosci"}, COORDINATOR_ONLY),
    ("site-texts:legal", {"kind": "klauzula-zapisow"}, COORDINATOR_ONLY),
    ("site-texts:legal", {"kind": "no-such-text"}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("benefits-admin:index", {}, COORDINATOR_ONLY),
    ("benefits-admin:new", {}, COORDINATOR_ONLY),
    ("benefits-admin:edit", {"pk": "@benefit"}, COORDINATOR_ONLY),
    ("benefits-admin:edit", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("benefits-admin:move", {"pk": "@benefit"}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}, "post"),
    ("benefits-admin:delete", {"pk": "@benefit"}, COORDINATOR_ONLY),
    ("contact-admin:index", {}, COORDINATOR_ONLY),
    ("contact-admin:detail", {"pk": "@contact_message"}, COORDINATOR_ONLY),
    ("contact-admin:detail", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}),
    ("accessibility-requests:index", {}, COORDINATOR_ONLY),
    (
        "accessibility-requests:set-status",
        {"pk": "@accessibility_request"},
        {**COORDINATOR_ONLY, "coordinator": REDIRECT},
        "post",
    ),
    ("accessibility-requests:set-status", {"pk": 999999}, {**COORDINATOR_ONLY, "coordinator": 404}, "post"),
    ("audit:index", {}, COORDINATOR_ONLY),
    ("audit:export", {}, COORDINATOR_ONLY),
    ("audit:account-events-export", {}, COORDINATOR_ONLY),
    ("audit:object", {"app_label": "members", "model": "participant", "pk": "@tworog"}, COORDINATOR_ONLY),
    ("media", {"path": "no-such-file.pdf"}, everyone(404)),
]


@pytest.fixture
def objects(cluster, media_root):
    """What the rows name as "@name": made before the personas ask, each answering to one of them."""
    tworog = Participant.objects.get(slug="tworog")
    agreement = cluster.agreements.get()
    contact = make_contact(tworog, "Anna", "Nowak", function="sekretarz gminy", email="anna@example.org")
    resolution = make_resolution(tworog, "XX/100/2018", date=date(2018, 3, 1), title="w sprawie klastra")
    _invitation, link = invite_with_link("nowy@example.org", tworog)
    pending = services.invitation_for_token(link.rstrip("/").rsplit("/", 1)[1])
    application = make_application(
        cluster, "Firma Wnioskująca", category="company", nip="5260001246", gmina=tworog,
        contribution="Instalacja PV", email="wniosek@example.org",
    )  # fmt: skip

    draft_news = make_news("Szkic aktualności", published=False)
    conference = Event.objects.get(slug="konferencja-2018")
    draft_event = Event.objects.create(
        cluster=cluster, slug="szkic-wydarzenia", title_pl="Szkic", kind="training", starts_on=date(2030, 1, 1),
        published=False,
    )  # fmt: skip
    open_event = make_event("Szkolenie z zapisami", days_ahead=30)
    open_registration(open_event, capacity=10)
    registration = Registration.objects.create(
        event=open_event, name="Jan", email="jan@example.org", status="confirmed"
    )
    past_registration = Registration.objects.create(
        event=conference, name="Jan", email="jan@example.org", status="confirmed"
    )
    draft = Version.objects.create(
        agreement=agreement,
        number=2,
        status="draft",
        annex=Annex.objects.create(
            agreement=agreement, number="1/2024", signed_on=date(2024, 1, 1), subject="Zmiana", file=pdf_upload()
        ),
    )

    # One reading of Tworóg's point in 2024, in the hourly aggregate: the report and the balances have a year.
    point = MeteringPoint.objects.create(
        party=tworog, code="590322400000123450", direction="consumption", gmina=tworog, valid_from=date(2024, 1, 1)
    )
    hour = datetime(2024, 6, 1, 10, tzinfo=UTC)
    batch = ImportBatch.objects.create(
        metering_point=point, file_format="manual", sha256="0" * 64, period_start=hour,
        period_end=hour + timedelta(hours=1), reading_count=1,
    )  # fmt: skip
    Reading.objects.create(
        metering_point=point, direction="consumption", start=hour, energy_kwh=1, source="manual", batch=batch
    )
    balances_refresh(party_id=tworog.pk, gmina_id=tworog.pk, start=hour, end=hour + timedelta(hours=1))

    return {
        "news": make_news("Opublikowana aktualność").slug,
        "draft_news": draft_news.slug,
        "draft_news_pk": draft_news.pk,
        "conference": conference.pk,
        "conference_item": conference.agenda.first().pk,
        "conference_photo": EventPhoto.objects.create(
            event=conference, position=1, image=picture(), width=64, height=48, alt_text="Sala"
        ).pk,
        "draft_event": draft_event.slug,
        "draft_event_pk": draft_event.pk,
        "open_event": open_event.slug,
        "open_event_pk": open_event.pk,
        "registration_token": event_services.cancel_path(registration).rstrip("/").rsplit("/", 1)[1],
        "registration_pk": registration.pk,
        "past_registration_token": event_services.cancel_path(past_registration).rstrip("/").rsplit("/", 1)[1],
        "conference_material": _material(conference, 1).pk,
        "private_material": _material(conference, 2, is_public=False).pk,
        "draft_event_material": _material(draft_event, 1).pk,
        "conference_outcome": conference.outcomes.first().pk,
        "benefit": cluster.benefits.first().pk,
        "legal_text": LegalText.objects.current("privacy").pk,
        "accessibility_request": AccessibilityRequest.objects.create(
            name="Ewa Nowak",
            email="ewa@example.org",
            subject="Skan uchwały bez tekstu",
            preferred_form="document",
            clause_version="2026-11-29",
            due_on=timezone.localdate() + timedelta(days=7),
        ).pk,
        "contact_message": ContactMessage.objects.create(
            name="Jan Kowalski", email="jan@example.org", message="Pytanie", clause_version="2026-11-29"
        ).pk,
        "tworog": tworog.pk,
        "authorisation": lambda: _authorisation(tworog, pdf_upload()).pk,
        "authorisation_without_document": lambda: _authorisation(tworog, "").pk,
        "installation": Installation.objects.create(
            party=tworog, technology="pv", capacity_kw=50, gmina=tworog, commissioned_on=date(2024, 1, 1)
        ).pk,
        "rule": Rule.objects.create(
            name="Udział OZE", formula="renewable_share", threshold=30, legal_source="projekt ustawy"
        ).pk,
        "emission_factor": EmissionFactor.objects.create(year=2023, kg_per_kwh="0.7", source="KOBiZE").pk,
        "metering_point": point.pk,
        "import_batch": batch.pk,
        "tworog_signature": tworog.signatures.get().pk,
        "contact": contact.pk,
        "resolution": resolution.pk,
        "invitation": pending.pk,
        "invitation_token": link.rstrip("/").rsplit("/", 1)[1],
        "other_user": make_user("inny@example.org", role=StaffMembership.Role.STAFF, gmina=tworog).pk,
        "stakeholder": make_stakeholder(cluster, "Spółdzielnia Słoneczna").slug,
        "hidden_stakeholder": make_stakeholder(cluster, "Firma Niejawna", public_listing=False).slug,
        "application": application.pk,
        "acceded": accede(make_stakeholder(cluster, "Spółdzielnia Przystępująca"), agreement).participant.slug,
        "hidden_acceded": accede(
            make_stakeholder(cluster, "Firma Niejawna Przyst.", public_listing=False), agreement
        ).participant.slug,
        # Rendering a PDF takes a while: only for the rows that ask for it.
        "issued_pdf": lambda: kept.issue(content.agreement_export(agreement)).identifier,
        "agreement_document": Document.objects.create(
            agreement=agreement, kind="other", date=date(2018, 4, 10), title="Protokół"
        ).pk,
        "draft_version": draft.number,
        "resolution_with_file": make_resolution(tworog, "XX/101/2018", date=date(2018, 3, 2), file=pdf_upload()).pk,
        "withdrawal_with_file": Document.objects.create(
            participant=tworog,
            agreement=agreement,
            kind="withdrawal",
            date=date(2024, 1, 1),
            title="Oświadczenie",
            file=pdf_upload(),
        ).pk,
        "draft_annex": draft.annex.pk,
        "published_annex": lambda: (
            _with_file(publish_annex(agreement, [("Cel", "Energia.")], number="2/2024").annex).pk
        ),
        "tworog_scan": _with_file(Signature.objects.get(participant=tworog), "scan").pk,
        "pawonkow_signature": Signature.objects.get(participant__slug="pawonkow").pk,  # no scan
        "application_token": services.application_status_path(application).rstrip("/").rsplit("/", 1)[1],
    }


def _material(event, position, *, is_public=True):
    return EventMaterial.objects.create(
        event=event, position=position, title_pl="Prezentacja", file=office_upload(pptx_bytes(), "p.pptx"), size=1,
        is_public=is_public,
    )  # fmt: skip


def _authorisation(party, document):
    point = MeteringPoint.objects.get(party=party)
    return MeteringAuthorisation.objects.create(
        party=party, metering_point=point, signed_on=date(2024, 1, 1), document=document
    )


def _with_file(record, field="file"):
    setattr(record, field, pdf_upload())
    record.save()
    return record


def _answer(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("account_login")):
        return LOGIN
    if location.startswith(reverse("mfa_activate_totp")):
        return MFA
    if location.startswith(reverse("account_reauthenticate")):
        return REAUTH
    return REDIRECT


def _rows():
    for index, (name, kwargs, answers, *method) in enumerate(MATRIX):
        yield pytest.param(name, kwargs, (method or ["get"])[0], answers, id=f"{name}-{index}")


@pytest.mark.parametrize(("name", "kwargs", "method", "answers"), list(_rows()))
def test_every_persona_gets_the_expected_answer(client, request, objects, name, kwargs, method, answers):
    def resolve(value):
        if not str(value).startswith("@"):
            return value
        found = objects[value[1:]]
        return found() if callable(found) else found

    resolved = {key: resolve(value) for key, value in kwargs.items()}
    url = reverse(name, kwargs=resolved)
    wrong = []
    for persona in PERSONAS:
        client.logout()
        log_in_as(client, request, persona)
        response = getattr(client, method)(url)
        if _answer(response) != answers[persona]:
            wrong.append(f"{persona}: {response.status_code} {response.get('Location', '')} != {answers[persona]}")
        if method == "get":  # HEAD is answered wherever GET is: the same answer, without a body
            head = client.head(url)
            body = b"".join(head.streaming_content) if head.streaming else head.content
            if _answer(head) != _answer(response) or body:
                wrong.append(f"{persona}: HEAD {head.status_code} with {len(body)} bytes != GET {response.status_code}")
    assert not wrong, f"{method.upper()} {url}\n" + "\n".join(wrong)


# What the staff of a gmina whose membership has ended still read: their gmina's own record (its profile, and its own
# metering points and readings, which are the gmina's, not the cluster's). Every other page of its
# workspace (every change, and the applications from its area) answers them 403.
STILL_READ_AFTER_LEAVING = {"workspace:gmina", "gmina-energy:index"}


def _workspace_rows():
    """The matrix's rows of Tworóg's workspace that its staff may open."""
    for name, kwargs, answers, *_method in MATRIX:
        if kwargs.get("slug") == "tworog" and answers["anonymous"] == LOGIN and answers["staff_tworog"] == 200:
            yield name, kwargs


def test_staff_of_a_gmina_that_withdrew_yesterday_read_its_own_record_and_change_nothing(
    client, request, objects, coordinator
):
    tworog = Participant.objects.get(slug="tworog")
    tworog.status, tworog.left_on = Participant.Status.WITHDRAWN, timezone.localdate() - timedelta(days=1)
    tworog.save()
    before = (Role.objects.filter(participant=tworog).count(), Document.objects.filter(participant=tworog).count())
    rows = list(_workspace_rows())
    assert len(rows) >= 8
    wrong = []
    for name, kwargs in rows:
        url = reverse(name, kwargs={key: objects[value[1:]] if str(value).startswith("@") else value
                                    for key, value in kwargs.items()})  # fmt: skip
        log_in_as(client, request, "staff_tworog")
        expected = 200 if name in STILL_READ_AFTER_LEAVING else 403
        if (status := client.get(url).status_code) != expected:
            wrong.append(f"staff GET {url}: {status} != {expected}")
        # Sending the form changes nothing: 403 (405 from a page that takes no POST, before it asks who sends it).
        if (status := client.post(url).status_code) not in (403, 405):
            wrong.append(f"staff POST {url}: {status} not in (403, 405)")
        client.force_login(coordinator)  # the coordinator still keeps the gmina's record
        if (status := client.get(url).status_code) != 200:
            wrong.append(f"coordinator GET {url}: {status} != 200")
    assert not wrong, "\n".join(wrong)
    after = (Role.objects.filter(participant=tworog).count(), Document.objects.filter(participant=tworog).count())
    assert after == before


def _all_url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _all_url_names(pattern, full)
        else:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_of_the_project_is_in_the_matrix():
    in_matrix = {row[0] for row in MATRIX}
    project = {name for name in _all_url_names() if not (name or "").startswith("admin:")}
    assert None not in project, "every URL pattern needs a name to be in the permission matrix"
    assert project - in_matrix == set(), "URLs without a row in the permission matrix"
    assert in_matrix - project == set(), "rows for URLs the project no longer has"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_is_for_superusers_only(client, request, cluster, persona):
    log_in_as(client, request, persona)
    response = client.get(reverse("admin:index"))
    if persona == "superuser":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        with translation.override("pl"):
            assert response["Location"].startswith(reverse("account_login")) or response["Location"].startswith(
                "/admin/login/"
            )


# --- every page of the matrix in Chromium, checked with axe-core -------------------------------------------------------

# What the matrix serves with 200 that is not an HTML page, so not for axe-core: files, feeds, exports. Every other row
# that answers a GET with 200 is opened in Chromium, in Polish and in English, as the persona AXE_PERSONA_ORDER picks,
# and checked with axe-core (WCAG 2.1 A and AA) by test_every_page_of_the_matrix_passes_axe_wcag21_aa. A new row is
# scanned without being listed anywhere; a name may only be left out here, with the reason, and
# test_every_page_the_matrix_serves_is_scanned_with_axe_or_exempt checks the reason holds (no HTML behind it).
AXE_EXEMPT = {
    "robots-txt": "plain text for crawlers",
    "ready": "plain text of the health check",
    "sitemap": "XML for crawlers",
    "sitemap-section": "XML for crawlers",
    "news:feed": "Atom feed",
    "events:feed": "Atom feed",
    "events:calendar": "iCalendar file",
    "events:event-calendar": "iCalendar file",
    "agreements:pdf": "PDF (tagged PDF/UA, checked by agreements' PDF tests)",
    "agreements:register-pdf": "PDF (tagged PDF/UA, checked by agreements' PDF tests)",
    "agreements:accession-pdf": "PDF (tagged PDF/UA, checked by agreements' PDF tests)",
    "agreements:document-file": "an uploaded PDF, downloaded as it was sent",
    "agreements:annex-file": "an uploaded PDF, downloaded as it was sent",
    "agreements:signature-scan": "an uploaded scan, downloaded as it was sent",
    "events:material-file": "an uploaded presentation or document, downloaded as it was sent",
    "energy-admin:authorisation-document": "an uploaded PDF, downloaded as it was sent",
    "register:export": "CSV or XLSX export",
    "event-admin:registrations-export": "CSV export",
    "event-admin:registrations-export-xlsx": "XLSX export",
    "audit:export": "CSV export",
    "audit:account-events-export": "CSV export",
    "energy:report-pdf": "PDF (tagged PDF/UA, through agreements' PDF pipeline)",
    "energy:balances-export": "CSV or XLSX export",
    "energy-admin:balances-export": "CSV or XLSX export",
}
# Who opens a page: the first of these it serves with 200 (a gmina's staff see the public pages and their workspace
# with a signed-in header; the coordinator's pages as the coordinator; the sign-in pages as a visitor).
AXE_PERSONA_ORDER = ["staff_tworog", "coordinator", "staff_pawonkow", "superuser", "anonymous"]
AXE_LANGUAGES = ["pl", "en"]
# Twice the test processes: worksteal evens out shards of uneven pages (of 4 shards, one took 80 s, another 32 s).
AXE_SHARDS = 8


def _is_get(row):
    return (row[3:] or ["get"])[0] == "get"


def _served_names():
    """The names of the URLs the matrix serves with 200 to a GET from someone."""
    return {row[0] for row in MATRIX if _is_get(row) and 200 in row[2].values()}


def _axe_pages():
    """What test_every_page_of_the_matrix_passes_axe_wcag21_aa opens: (row's index, language, persona) for every GET
    row answering 200 to someone, but AXE_EXEMPT's."""
    pages = []
    for index, row in enumerate(MATRIX):
        name, _kwargs, answers = row[:3]
        if not _is_get(row) or name in AXE_EXEMPT or 200 not in answers.values():
            continue
        persona = next(persona for persona in AXE_PERSONA_ORDER if answers[persona] == 200)
        pages += [(index, language, persona) for language in AXE_LANGUAGES]
    return pages


def _resolve(objects, kwargs):
    def value(given):
        if not str(given).startswith("@"):
            return given
        found = objects[given[1:]]
        return found() if callable(found) else found

    return {key: value(given) for key, given in kwargs.items()}


def test_every_page_the_matrix_serves_is_scanned_with_axe_or_exempt(client, request, objects):
    scanned = {MATRIX[index][0] for index, _language, _persona in _axe_pages()}
    served = _served_names()
    assert served - scanned - set(AXE_EXEMPT) == set(), "pages the matrix serves that axe-core never checks"
    assert set(AXE_EXEMPT) - served == set(), "exempt from axe-core, but the matrix serves them to nobody"
    assert scanned & set(AXE_EXEMPT) == set()
    assert all(reason.strip() for reason in AXE_EXEMPT.values())
    assert len(scanned) >= 100, f"only {len(scanned)} pages scanned"
    # An exemption holds: what it answers is not an HTML page.
    html = []
    for name, kwargs, answers, *_method in (row for row in MATRIX if row[0] in AXE_EXEMPT and _is_get(row)):
        persona = next((persona for persona in AXE_PERSONA_ORDER if answers[persona] == 200), None)
        if persona is None:
            continue
        client.logout()
        log_in_as(client, request, persona)
        response = client.get(reverse(name, kwargs=_resolve(objects, kwargs)))
        assert response.status_code == 200, name
        if response["Content-Type"].startswith("text/html"):
            html.append(f"{name}: {response['Content-Type']}")
    assert not html, "exempt from axe-core, but an HTML page:\n" + "\n".join(html)


def _signed_in_context(browser, request, persona, live_server_url):
    """A browser context signed in as `persona` (the session of a test client's force_login, which the matrix shows
    is enough for every page), or a visitor's."""
    context, page = new_page(browser)
    user = persona_user(request, persona)
    if user is not None:
        session = Client()
        session.force_login(user)
        cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server_url}])
    return context, page


@pytest.mark.browser
@pytest.mark.parametrize("shard", range(AXE_SHARDS))
def test_every_page_of_the_matrix_passes_axe_wcag21_aa(request, live_server, browser, objects, shard):
    """Every page the matrix serves (AXE_EXEMPT's files aside), signed in as the persona that reads it, in both
    languages: no axe-core violation of WCAG 2.1 A and AA. One page load and one scan each."""
    mine = [entry for position, entry in enumerate(_axe_pages()) if position % AXE_SHARDS == shard]
    resolved, contexts, wrong_status, problems = {}, {}, [], []
    try:
        for index, language, persona in mine:
            name, kwargs = MATRIX[index][:2]
            if index not in resolved:  # the same objects for both languages
                resolved[index] = _resolve(objects, kwargs)
            with translation.override(language):
                path = reverse(name, kwargs=resolved[index])
            if persona not in contexts:
                contexts[persona] = _signed_in_context(browser, request, persona, live_server.url)
            page = contexts[persona][1]
            try:
                response = page.goto(live_server.url + path, wait_until="load")
            except PlaywrightError as error:  # a file is downloaded, not shown
                wrong_status.append(f"  {path} as {persona}: not a page ({error.message.splitlines()[0]}): AXE_EXEMPT?")
                continue
            if response is None or response.status != 200 or page.url != live_server.url + path:
                answer = f"{response.status} at {page.url}" if response else "no response"
                wrong_status.append(f"  {path} as {persona}: {answer}")
                continue
            violations, _review = axe_problems(page)
            if violations:
                problems.append(f"  {path} as {persona}\n{violations}")
    finally:
        for context, _page in contexts.values():
            context.close()
    message = []
    if wrong_status:
        message.append("Pages that did not answer 200:\n" + "\n".join(wrong_status))
    if problems:
        message.append("axe-core violations (WCAG 2.1 A and AA):\n" + "\n".join(problems))
    assert not message, "\n\n".join(message)


# --- the panel's addresses ---------------------------------------------------------------------------------------------


def test_every_address_of_the_panel_is_under_panel_in_english_too():
    """The panel is /panel/ in Polish and /en/panel/ in English, never /en/workspace/ beside /en/panel/."""
    panel, wrong = set(), []
    for name, kwargs, *_rest in MATRIX:
        stand_in = {key: 1 if str(value).startswith("@") else value for key, value in kwargs.items()}
        with translation.override("pl"):
            polish = reverse(name, kwargs=stand_in)
        if not polish.startswith("/panel/"):
            continue
        with translation.override("en"):
            english = reverse(name, kwargs=stand_in)
        panel.add(name)
        if not english.startswith("/en/panel/"):
            wrong.append(f"{name}: {polish} -> {english}")
    assert len(panel) >= 80, f"only {len(panel)} addresses of the panel found"
    assert not wrong, "English addresses of the panel outside /en/panel/:\n" + "\n".join(sorted(set(wrong)))
