from .news import NewsItem
from .revision import Revision

__all__ = ["NewsItem", "Revision"]
