"""Sample energy data for trying the portal out (`manage.py load_energy_sample`), and removing it (`--remove`).

The real cluster has no energy data until its members enter it. The sample is made up and says so wherever it is: its
import batches have the format `sample` (ImportBatch.Format.SAMPLE) and its readings the source `sample`; while any
such batch is stored every energy page shows a banner saying the figures are not the cluster's (`sample_present`).
The metering points of the sample are the points of those batches; its installations and authorisations are the ones
on those points, and go with them.

One point per gmina of the cluster, codes in Tauron Dystrybucja's GS1 form with the check digit computed
(energy.ppe), a year of hourly readings made by a seeded generator, so the same year gives the same figures: a school
with solar panels and a battery, a water works, a solar farm, a biogas plant, a gas-fired CHP that is not renewable,
a heat pump. No rule and no emission factor is added: those are facts the coordinator enters.
"""

import math
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from stdnum import ean

from members.models import Participant

from ..models import ImportBatch, Installation, MeteringAuthorisation, MeteringPoint, Reading
from ..parsing import WARSAW, ParsedReadings
from .balances import balances_refresh, raw_delete
from .readings import readings_import

TAURON = "5903224"
KWH = Decimal("0.001")
HOUR = timedelta(hours=1)
C = Installation.Technology

# (gmina slug, point number, direction, profile, authorised, installations: (name, technology, kW, kWh, renewable))
POINTS = (
    ("tworog", "9000000001", "both", "school", True, (
        ("Przykładowa instalacja PV na szkole", C.PV, Decimal("49.5"), None, True),
        ("Przykładowy magazyn energii przy szkole", C.STORAGE, Decimal("20"), Decimal("40"), True),
    )),
    ("zbroslawice", "9000000002", "consumption", "waterworks", True, (
        ("Przykładowa pompa ciepła stacji uzdatniania wody", C.HEAT_PUMP, Decimal("30"), None, True),
    )),
    ("kochanowice", "9000000003", "both", "solar_farm", True, (
        ("Przykładowa farma fotowoltaiczna", C.PV, Decimal("200"), None, True),
    )),
    ("pawonkow", "9000000004", "both", "biogas", False, (
        ("Przykładowa biogazownia rolnicza", C.BIOGAS, Decimal("40"), None, True),
    )),
    ("krupski-mlyn", "9000000005", "both", "gas_chp", False, (
        ("Przykładowa kogeneracja gazowa (nie OZE)", C.CHP, Decimal("40"), None, False),
    )),
)  # fmt: skip


class SampleRefused(Exception):
    """The sample cannot be loaded (already loaded, real data present, a code taken, a gmina missing)."""


def sample_code(number):
    """The 18-digit GS1 code of a sample point of Tauron Dystrybucja with its check digit."""
    body = TAURON + number
    return body + ean.calc_check_digit(body)


def sample_batches():
    return ImportBatch.objects.filter(file_format=ImportBatch.Format.SAMPLE)


def sample_present():
    """Whether sample data is stored (one query)."""
    return sample_batches().exists()


def sample_points():
    return MeteringPoint.objects.filter(pk__in=sample_batches().values("metering_point"))


def _hours(year):
    moment = datetime(year, 1, 1, tzinfo=WARSAW).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=WARSAW).astimezone(UTC)
    while moment < end:
        yield moment
        moment += HOUR


def _season(day_of_year):
    return math.sin(2 * math.pi * (day_of_year - 80) / 365)


def _sun(local):
    """The share of a panel's peak power in this hour: zero at night, higher and longer in summer."""
    season = _season(local.timetuple().tm_yday)
    day_length = 12 + 4 * season
    sunrise = 12 - day_length / 2
    position = (local.hour + 0.5 - sunrise) / day_length
    if not 0 < position < 1:
        return 0.0
    return math.sin(math.pi * position) * (0.55 + 0.45 * season)


def _profile(kind, local, weather, noise):
    """(kWh drawn by the point's own use, kWh made by its sources) in the hour starting at `local`."""
    weekday, hour = local.weekday() < 5, local.hour
    winter = 1 - _season(local.timetuple().tm_yday)  # 0 in June … 2 in December
    if kind == "school":
        use = (14 if weekday and 7 <= hour < 16 else 2.5) * (0.9 + 0.2 * noise) * (0.8 + 0.2 * winter)
        return use, 49.5 * 0.8 * _sun(local) * weather
    if kind == "waterworks":
        return (50 + 10 * noise) * (1.1 if 5 <= hour < 22 else 0.8) + 10 * winter, 0.0
    if kind == "solar_farm":
        return 0.8 + 0.4 * noise, 200 * 0.82 * _sun(local) * weather
    if kind == "biogas":  # the plant's own needs and the gmina's offices and school on the same connection
        return (25 if weekday and 7 <= hour < 17 else 6) * (0.9 + 0.2 * noise), 40 * (0.78 + 0.1 * noise)
    use = (18 if 8 <= hour < 21 else 4) * (0.9 + 0.2 * noise)  # gas_chp: a sports hall, the CHP runs 6:00–22:00
    return use, (33 + 4 * noise if 6 <= hour < 22 else 0.0)


def sample_readings(kind, year, seed):
    """The readings of a sample point over `year`: (direction, start in UTC, kWh), what the meter would settle in each
    hour (the point's use netted against its sources within the hour)."""
    generator = random.Random(f"{seed}-{year}")  # noqa: S311 (made-up figures, not secrets)
    weather, day = 1.0, None
    readings = []
    for start in _hours(year):
        local = start.astimezone(WARSAW)
        if local.date() != day:
            day, weather = local.date(), generator.uniform(0.15, 1.0)
        use, made = _profile(kind, local, weather, generator.random())
        net = Decimal(use - made).quantize(KWH)
        readings.append((Reading.Direction.CONSUMPTION, start, max(net, Decimal(0))))
        if made:
            readings.append((Reading.Direction.FEED_IN, start, max(-net, Decimal(0))))
    return readings


@transaction.atomic
def sample_load(*, year):
    """Load the sample for `year`; returns the metering points made. Refuses (SampleRefused) when a sample is already
    stored, when real readings are (the sample would mix with them), or when a code is taken."""
    if sample_present():
        raise SampleRefused("Dane przykładowe są już wczytane; usuń je najpierw (--remove).")
    if ImportBatch.objects.exists():
        raise SampleRefused("W portalu są już prawdziwe odczyty; dane przykładowe by się z nimi wymieszały.")
    gminas = {gmina.slug: gmina for gmina in Participant.objects.gminas()}
    points = []
    for slug, number, direction, kind, authorised, installations in POINTS:
        gmina = gminas.get(slug)
        if gmina is None:
            raise SampleRefused(f"Nie ma gminy {slug}: najpierw wczytaj klaster (loadcluster).")
        code = sample_code(number)
        if MeteringPoint.objects.filter(code=code).exists():
            raise SampleRefused(f"Kod PPE {code} jest już zajęty.")
        point = MeteringPoint.objects.create(
            party=gmina,
            code=code,
            direction=direction,
            tariff_group="C11",
            city=gmina.city,
            gmina=gmina,
            valid_from=date(year, 1, 1),
        )
        for name, technology, kw, kwh, renewable in installations:
            Installation.objects.create(
                party=gmina,
                name=name,
                technology=technology,
                capacity_kw=kw,
                storage_kwh=kwh,
                renewable=renewable,
                status=Installation.Status.OPERATING,
                commissioned_on=date(year - 1, 6, 1),
                metering_point=point,
                gmina=gmina,
            )
        if authorised:
            MeteringAuthorisation.objects.create(party=gmina, metering_point=point, signed_on=date(year, 1, 1))
        parsed = ParsedReadings(
            interval_minutes=60,
            readings=sample_readings(kind, year, number),
            file_format=ImportBatch.Format.SAMPLE,
        )
        readings_import(
            metering_point=point,
            parsed=parsed,
            content=f"load_energy_sample {year} {code}".encode(),
            file_name=f"DANE PRZYKŁADOWE {year} – nie są danymi klastra",
            source=Reading.Source.SAMPLE,
        )
        points.append(point)
    return points


@transaction.atomic
def sample_remove():
    """Remove the sample: its readings and the hourly sums they made, its batches, installations, authorisations and
    points. Returns the number of points removed."""
    points = list(sample_points().select_related("party"))
    batches = list(sample_batches().values_list("metering_point__party_id", "metering_point__gmina_id", "period_start",
                                                "period_end"))  # fmt: skip
    list(
        Participant.objects.select_for_update()
        .filter(pk__in={p.party_id for p in points})
        .order_by("pk")
        .values_list("pk")
    )
    raw_delete(Reading.objects.filter(metering_point__in=points))
    for party_id, gmina_id, start, end in batches:
        balances_refresh(party_id=party_id, gmina_id=gmina_id, start=start, end=end)
    sample_batches().delete()
    Installation.objects.filter(metering_point__in=points).delete()
    MeteringAuthorisation.objects.filter(metering_point__in=points).delete()
    MeteringPoint.objects.filter(pk__in=[point.pk for point in points]).delete()
    return len(points)
