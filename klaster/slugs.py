"""The one slug function: the address part of a name, with Polish letters transliterated, never dropped.

Django's slugify decomposes letters (ą → a, ś → s) and drops what does not decompose; "ł" and "Ł" do not, so
"Spółdzielnia Energetyczna Łubie" would lose letters ("spodzielnia-energetyczna-ubie"). Here it is
"spoldzielnia-energetyczna-lubie".
"""

from django.utils.text import slugify as django_slugify

# Letters with no Unicode decomposition to a Latin base letter, as a Polish (or a neighbour's) name may hold them.
TRANSLITERATION = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe"}
)


def slugify(text, *, max_length=100, fallback="strona"):
    """The slug of `text`: lower case ASCII letters, digits and hyphens, at most `max_length` characters."""
    slug = django_slugify(str(text or "").translate(TRANSLITERATION))[:max_length].strip("-")
    return slug or fallback


def unique_slug(name, taken, *, max_length=100, fallback="strona"):
    """A slug for `name` not in `taken` (a set it joins): the name's, then with -2, -3 ..."""
    base = slugify(name, max_length=max_length - 6, fallback=fallback)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
