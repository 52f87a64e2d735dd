"""Template tags of events for the pages of the layers below, which may not import events (import-linter): a party's
public page (members' stakeholder and coordinator pages, agreements' gmina page) lists the events the party took part in
with `{% load events_tags %}{% party_events party %}`."""

from django import template

from ..models import Event

register = template.Library()


@register.inclusion_tag("events/includes/_party_events.html")
def party_events(participant):
    """The published events `participant` hosted, organised or partnered, latest first (one query)."""
    return {"events": list(Event.objects.of_party(participant))}
