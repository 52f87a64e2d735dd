"""The banner every energy page shows while the sample data is stored (energy.services.sample)."""

from django import template

from ..services.sample import sample_present

register = template.Library()


@register.inclusion_tag("energy/includes/_sample_banner.html")
def sample_banner():
    return {"sample": sample_present()}
