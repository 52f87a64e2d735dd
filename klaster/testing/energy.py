"""Energy data in tests: a small data set whose figures are computed by hand, for the report, the exports, the
corrections and a gmina's panel.

Not re-exported by klaster.testing: it imports energy, and the tests of members (a leaf) import klaster.testing.
Import it as klaster.testing.energy.

The data set: two days of Warsaw, Saturday 26 October 2024 (24 hours) and Sunday 27 October (25 hours: the clock goes
back at 3:00, so 2:00–3:00 comes twice), 49 hours in all.
- Point A (Spółdzielnia Słoneczna, a listed stakeholder, in Tworóg, both ways): draws 2 kWh every hour; feeds in
  5 kWh from 10:00 to 14:00 each day. Its sources: 10 kW of PV.
- Point T (Gmina Tworóg's own, consumption): draws 4 kWh in the ten hours 0:00–10:00 of Saturday.
- Point B (Gmina Pawonków's own, consumption): draws 1 kWh every hour.
- Point C (Wiatr Ukryty sp. z o.o., a stakeholder that did not consent to be listed, in Tworóg, feed-in): feeds in
  3 kWh in every one of the 25 hours of Sunday. Its sources: 100 kW of wind.

By hand:
- drawn: A 98 + T 40 + B 49 = 187 kWh; fed in: A 40 + C 75 = 115 kWh; in Tworóg drawn 138, fed in 115; in Pawonków
  drawn 49, fed in nothing;
- the same hour: Saturday 10–14 min(5, 3) × 4 = 12; Sunday 10–14 min(8, 3) × 4 = 12 and the other 21 hours
  min(3, 3) × 21 = 63: 87 kWh;
- coverage 115 / 187 = 61.5%; hour by hour 87 / 187 = 46.5%; renewable 100%;
- Tworóg's own share: 40 / 187 = 21.4% of the consumption, 0 of the production; Pawonków's 49 / 187 = 26.2%.
"""

from datetime import date, timedelta
from decimal import Decimal

from energy import services
from energy.models import Installation, MeteringPoint
from energy.parsing import WARSAW, ParsedReadings
from energy.services.indicators import Period
from energy.services.sample import sample_code
from klaster.testing.factories import make_stakeholder
from members.models import Participant

DAYS = Period(date(2024, 10, 26), date(2024, 10, 27))
D = Decimal


def hours(period):
    moment = period.start
    while moment < period.end:
        yield moment
        moment += timedelta(hours=1)


def write_readings(point, readings):
    """Import `readings` ((direction, start, kWh), …) for `point` as a file would (energy.services.readings)."""
    parsed = ParsedReadings(
        interval_minutes=60, readings=sorted(readings, key=lambda r: (r[1], r[0])), file_format="elicznik"
    )
    return services.readings_import(metering_point=point, parsed=parsed, content=repr(readings[:3]).encode())


def make_point(party, gmina, number, direction):
    return MeteringPoint.objects.create(
        party=party, code=sample_code(number), direction=direction, gmina=gmina, valid_from=date(2020, 1, 1)
    )


def energy_data(cluster):
    """The data set of the module's description: {"a", "t", "b", "c", "cooperative", "hidden", "tworog", "pawonkow",
    "batches"}."""
    tworog = Participant.objects.get(slug="tworog")
    pawonkow = Participant.objects.get(slug="pawonkow")
    cooperative = make_stakeholder(cluster, "Spółdzielnia Słoneczna", joined_on=date(2020, 1, 1))
    hidden = make_stakeholder(cluster, "Wiatr Ukryty sp. z o.o.", joined_on=date(2020, 1, 1), public_listing=False)
    a = make_point(cooperative, tworog, "0000000001", "both")
    t = make_point(tworog, tworog, "0000000002", "consumption")
    b = make_point(pawonkow, pawonkow, "0000000003", "consumption")
    c = make_point(hidden, tworog, "0000000004", "feed_in")
    all_hours = list(hours(DAYS))
    local = {hour: hour.astimezone(WARSAW) for hour in all_hours}
    batches = {
        "a": write_readings(
            a,
            [("consumption", hour, D(2)) for hour in all_hours]
            + [("feed_in", hour, D(5)) for hour in all_hours if 10 <= local[hour].hour < 14],
        ),
        "t": write_readings(t, [("consumption", hour, D(4)) for hour in all_hours[:10]]),
        "b": write_readings(b, [("consumption", hour, D(1)) for hour in all_hours]),
        "c": write_readings(c, [("feed_in", hour, D(3)) for hour in all_hours if local[hour].day == 27]),
    }
    for party, point, technology, kw in ((cooperative, a, "pv", 10), (hidden, c, "wind", 100)):
        Installation.objects.create(
            party=party, technology=technology, capacity_kw=D(kw), gmina=point.gmina, metering_point=point,
            commissioned_on=date(2023, 1, 1),
        )  # fmt: skip
    return {
        "a": a,
        "t": t,
        "b": b,
        "c": c,
        "cooperative": cooperative,
        "hidden": hidden,
        "tworog": tworog,
        "pawonkow": pawonkow,
        "batches": batches,
    }
