"""Marking a view whose page is the same for every visitor without an account.

The mark is all a view (of any app) needs to say; klaster/page_cache.py's middleware decides how such a page is kept
and when it is not (a signed-in visitor, a message waiting, a form's CSRF token, an answer other than 200).
"""

from functools import wraps


def public_page(view):
    """`view`, marked as a public page that may be kept for visitors without an account."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    marked.public_page = True
    return marked
