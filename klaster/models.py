from .revision import Revision

__all__ = ["Revision"]
