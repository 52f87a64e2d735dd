"""The seed's two events (loadcluster) read completely and exactly in both languages on their public pages, with their
speakers, and with the hours nobody knows left empty."""

import pytest
from django.utils import translation

from events.models import Event
from klaster import seed
from klaster.testing import normalise, read_page


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_seeds_events_read_completely_in_both_languages(client, cluster, language):
    suffix = language
    for facts in seed.EVENTS:
        event = Event.objects.get(slug=facts["slug"])
        with translation.override(language):
            url = event.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        text = normalise(read_page(response).text)
        assert f'<html lang="{language}"' in html
        assert ' lang="pl"' not in html.split("<main", 1)[1]  # nothing falls back to Polish on the English page
        for key in ("title", "place"):
            assert normalise(facts[f"{key}_{suffix}"]) in text
        assert normalise(facts[f"summary_{suffix}"]) in text
        assert f'<time datetime="{facts["starts_on"].isoformat()}">' in html  # a date: the hour is not known
        for _kind, speakers, *texts in facts["agenda"]:
            title, description = (texts[0], texts[2]) if language == "pl" else (texts[1], texts[3])
            for piece in (title, description):
                if piece:
                    assert normalise(piece) in text
            for speaker in speakers:
                if isinstance(speaker, str):
                    person_key, _party, function_pl, function_en, _rep = seed.ROLES[speaker]
                    first, last = next((f, la) for key, f, la in seed.PEOPLE if key == person_key)
                    assert normalise(f"{first} {last}") in text
                    assert normalise(function_pl if language == "pl" else function_en) in text
                else:
                    assert normalise(speaker["organisation"]) in text
                    assert normalise(speaker[f"function_{suffix}"]) in text


def test_the_seeds_events_were_held_and_their_hours_stay_empty(cluster):
    for event in Event.objects.filter(slug__in=[facts["slug"] for facts in seed.EVENTS]):
        assert event.status == "held"
        assert (event.starts_at, event.ends_on, event.ends_at, event.all_day) == (None, None, None, False)
        assert all(item.starts_at is None for item in event.agenda.all())
