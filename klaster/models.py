from .contact import ContactMessage
from .news import NewsItem
from .revision import Revision

__all__ = ["ContactMessage", "NewsItem", "Revision"]
