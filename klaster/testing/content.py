"""The site's own content (klaster's news). Imported as klaster.testing.content, not from klaster.testing, because the
tests of members import that package and members must not reach klaster's content (import-linter)."""

from datetime import date, timedelta

from klaster.news import NewsItem
from klaster.slugs import slugify


def make_news(title, *, published=True, days_ago=1, lead=None, text="", **fields):
    """A news item, published `days_ago` days ago (negative: scheduled ahead) unless `published` is False."""
    return NewsItem.objects.create(
        title_pl=title,
        slug=fields.pop("slug", slugify(title)),
        lead_pl=lead if lead is not None else f"Zajawka: {title}.",
        text_pl=text,
        published_on=date.today() - timedelta(days=days_ago),
        status=NewsItem.Status.PUBLISHED if published else NewsItem.Status.DRAFT,
        **fields,
    )
