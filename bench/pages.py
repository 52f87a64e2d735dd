"""The addresses the benchmark measures, in this order; bench_queries reads the same list, so the queries per request
and the load under wrk are figures of the same pages. The first is the baseline: the same middleware as every page,
a minimal template and no query."""

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
