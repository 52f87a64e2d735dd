"""The addresses the benchmark measures, in this order; bench_queries reads the same lists, so the queries per request
and the load under wrk are figures of the same pages. The first is the baseline: the same middleware as every page,
a minimal template and no query.

PAGES are public (anonymous visitors, kept pages); PANEL_PAGES are the workspace's, each seen by the account it names
(bench_data makes both accounts: a member of staff of Tworóg and the coordinator with the second factor set up), never
kept. PANEL_LOADED are the panel pages also measured under load, with a session made by bench_sessions."""

PAGES = [
    ("baseline", "/status/live/"),
    ("home", "/"),
    ("members", "/czlonkowie/"),
    ("gmina", "/gminy/tworog/"),
    ("directory", "/interesariusze/"),
    ("directory_filtered", "/interesariusze/?category=company&gmina=tworog"),
    ("directory_search", "/interesariusze/?q=biogaz"),
    ("events", "/wydarzenia/"),
    ("conference_2018", "/wydarzenia/konferencja-2018/"),
    ("agreement", "/porozumienie/"),
    ("sitemap", "/sitemap.xml"),
    ("sitemap_participants", "/sitemap-participants.xml"),
    ("agreement_pdf", "/porozumienie/porozumienie.pdf"),
]

STAFF, COORDINATOR = "staff", "coordinator"
PANEL_PAGES = [
    ("staff_gmina", "/panel/gminy/tworog/", STAFF),
    ("staff_applications", "/panel/gminy/tworog/wnioski/", STAFF),
    ("coordinator_dashboard", "/panel/koordynator/", COORDINATOR),
    ("coordinator_gmina", "/panel/gminy/tworog/", COORDINATOR),
    ("coordinator_agreement", "/panel/koordynator/porozumienie/", COORDINATOR),
    ("coordinator_applications", "/panel/koordynator/wnioski/", COORDINATOR),
    ("coordinator_register", "/panel/koordynator/rejestr/", COORDINATOR),
    ("coordinator_audit", "/panel/koordynator/historia/", COORDINATOR),
    ("coordinator_accounts", "/panel/koordynator/konta/", COORDINATOR),
]
# The main page of each signed-in persona, loaded with wrk like the public pages.
PANEL_LOADED = ["staff_gmina", "coordinator_dashboard"]

# Sitemaps may weigh more than an HTML page (target: every page but these under PAGE_BYTES_MAX).
SITEMAPS = {"sitemap", "sitemap_participants"}
