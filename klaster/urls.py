from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from agreements import urls as agreements_urls
from energy import urls as energy_urls
from events import urls as events_urls
from klaster import (
    accessibility_requests_admin,
    benefits_admin,
    contact_admin,
    news_admin,
    texts_admin,
    unavailable,
    views,
    workspace,
)
from klaster.feeds import NewsFeed
from klaster.public import public_page
from klaster.sitemaps import SITEMAPS, sitemap_section
from members import urls as members_urls

# The Django admin is for superusers only, and its login is allauth's (rate limits, second factor).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# A refusal: the designed page in the portal's layout, which tells a clerk who opened another gmina's panel so.
handler403 = views.permission_denied
# Every uncaught exception: 503 with the designed page when the database or the cache does not answer, else 500.
handler500 = unavailable.server_error

news_patterns = [
    path("", views.news_list, name="list"),
    path("atom.xml", public_page(NewsFeed()), name="feed"),
    path("<slug:slug>/", views.news_detail, name="detail"),
]
news_admin_patterns = [
    path("", news_admin.index, name="index"),
    path(_("nowa/"), news_admin.new, name="new"),
    path("<int:pk>/", news_admin.edit, name="edit"),
    path(_("<int:pk>/usun/"), news_admin.delete, name="delete"),
]
benefits_admin_patterns = [
    path("", benefits_admin.index, name="index"),
    path(_("nowa/"), benefits_admin.new, name="new"),
    path("<int:pk>/", benefits_admin.edit, name="edit"),
    path(_("<int:pk>/przesun/"), benefits_admin.move, name="move"),
    path(_("<int:pk>/usun/"), benefits_admin.delete, name="delete"),
]
accessibility_requests_patterns = [
    path("", accessibility_requests_admin.index, name="index"),
    path(_("<int:pk>/stan/"), accessibility_requests_admin.set_status, name="set-status"),
]
contact_admin_patterns = [
    path("", contact_admin.index, name="index"),
    path("<int:pk>/", contact_admin.detail, name="detail"),
]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # An index of sitemaps, one per kind of page; the long ones in pages of SITEMAP_PAGE_SIZE entries.
    path(
        "sitemap.xml",
        public_page(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_section), name="sitemap-section"),
    path("status/live/", views.live, name="live"),
    path("status/ready/", views.ready, name="ready"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("czym-jest-klaster/"), views.about, name="about"),
    path(_("korzysci/"), views.benefits, name="benefits"),
    path(_("aktualnosci/"), include((news_patterns, "news"))),
    path(_("kontakt/"), views.contact, name="contact"),
    path(_("polityka-prywatnosci/"), views.privacy, name="privacy"),
    path(_("polityka-prywatnosci/wersje/<int:pk>/"), views.legal_text, name="legal-text"),
    path(_("deklaracja-dostepnosci/"), views.accessibility, name="accessibility"),
    path(_("deklaracja-dostepnosci/zadanie/"), views.accessibility_request, name="accessibility-request"),
    # Prefixed includes first: a path that is not theirs costs one match, while "" tries each of its patterns.
    path(_("porozumienie/"), include((agreements_urls.urlpatterns, "agreements"))),
    path(_("wydarzenia/"), include("events.urls")),
    path(_("energia/"), include((energy_urls.public_patterns, "energy"))),
    # members' public pages, and a gmina's page, which shows the agreement's records too (agreements.views.public).
    path("", include(([*members_urls.urlpatterns, *agreements_urls.gmina_patterns], members_urls.app_name))),
    path(_("konto/"), include(members_urls.account_patterns)),
    path(_("konto/"), include("allauth.urls")),
    path(_("panel/"), workspace.home, name="workspace"),
    path(_("panel/gminy/<slug:slug>/uchwaly/"), include((agreements_urls.resolution_patterns, "resolutions"))),
    path(_("panel/gminy/<slug:slug>/wydarzenia/"), include((events_urls.proposal_patterns, "event-proposals"))),
    path(_("panel/gminy/<slug:slug>/energia/"), include((energy_urls.gmina_patterns, "gmina-energy"))),
    path(_("panel/koordynator/aktualnosci/"), include((news_admin_patterns, "news-admin"))),
    path(_("panel/wydarzenia/"), include((events_urls.admin_patterns, "event-admin"))),
    path(
        _("panel/koordynator/teksty/"),
        include(
            (
                [path("", texts_admin.edit, name="edit"), path("<slug:kind>/", texts_admin.legal, name="legal")],
                "site-texts",
            )
        ),
    ),
    path(_("panel/koordynator/korzysci/"), include((benefits_admin_patterns, "benefits-admin"))),
    path(_("panel/koordynator/wiadomosci/"), include((contact_admin_patterns, "contact-admin"))),
    path(_("panel/koordynator/dostepnosc/"), include((accessibility_requests_patterns, "accessibility-requests"))),
    path(_("panel/koordynator/historia/"), include((members_urls.audit_patterns, "audit"))),
    path(_("panel/koordynator/porozumienie/"), include((agreements_urls.admin_patterns, "agreement-admin"))),
    path(_("panel/koordynator/wnioski/"), include((agreements_urls.application_patterns, "applications"))),
    path(_("panel/koordynator/rejestr/"), include((members_urls.register_patterns, "register"))),
    path(_("panel/koordynator/dane-osobowe/"), include((members_urls.personal_data_patterns, "personal-data"))),
    path(_("panel/energia/"), include((energy_urls.admin_patterns, "energy-admin"))),
    path(
        _("panel/koordynator/"),
        include(
            ([path("", workspace.dashboard, name="dashboard"), *members_urls.coordination_patterns], "coordination")
        ),
    ),
    path(
        _("panel/"),
        include(
            (
                [
                    path(_("gminy/<slug:slug>/"), workspace.gmina_overview, name="gmina"),
                    *members_urls.workspace_patterns,
                ],
                "workspace",
            )
        ),
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# Uploaded files: served here in development; in production the reverse proxy serves MEDIA_ROOT at /media/, or, with
# S3_BUCKET, the addresses point to the bucket.
urlpatterns += [path("media/<path:path>", views.media, name="media")]
