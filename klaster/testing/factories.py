"""Small factories of the cluster's records (the real cluster itself comes from loadcluster, see conftest.py)."""

from klaster.slugs import slugify
from members import services
from members.models import Participant, Person, Role


def make_stakeholder(cluster, name, **fields):
    """A current stakeholder that consented to the public directory, unless told otherwise."""
    values = {
        "cluster": cluster,
        "kind": Participant.Kind.STAKEHOLDER,
        "category": Participant.Category.COMPANY,
        "name": name,
        "slug": fields.pop("slug", None) or slugify(name),
        "status": Participant.Status.ACTIVE,
        "public_listing": True,
        **fields,
    }
    return Participant.objects.create(**values)


def make_contact(gmina, first_name, last_name, function="inspektor ds. energii", **fields):
    """A person in a role at `gmina` (a contact of the gmina)."""
    person = Person.objects.create(first_name=first_name, last_name=last_name, email=fields.pop("email", ""))
    return Role.objects.create(person=person, participant=gmina, function_pl=function, **fields)


def make_application(cluster, name="Spółdzielnia Słoneczna", **fields):
    """An application to join, submitted through the service without mail: a cooperative from Tworóg with a contact
    person, no gmina chosen and no identifier, unless `fields` say otherwise."""
    values = {
        "category": "cooperative",
        "name": name,
        "city": "Tworóg",
        "contribution": "Instalacja fotowoltaiczna",
        "email": "kontakt@example.org",
        "contact_name": "Anna Kowalska",
        "phone": "600 100 200",
        "gmina": None,
        **fields,
    }
    application, _created = services.application_submit(cluster=cluster, fields=values, send=False)
    return application


def participants(*slugs):
    """The parties with these slugs, in that order."""
    return [Participant.objects.get(slug=slug) for slug in slugs]


def application_form(**overrides):
    """What a would-be stakeholder types into the public form to join (/dolacz/), valid unless `overrides` say
    otherwise (None leaves a field out)."""
    data = {
        "category": "cooperative",
        "name": "Spółdzielnia Energetyczna Słoneczny Tworóg",
        "nip": "526-000-12-46",
        "regon": "",
        "krs": "",
        "street": "ul. Słoneczna 1",
        "postal_code": "42-690",
        "city": "Tworóg",
        "gmina": "",
        "contact_name": "Anna Kowalska",
        "email": "anna@example.org",
        "phone": "+48 600 000 000",
        "website": "spoldzielnia.example.org",
        "contribution": "Farma fotowoltaiczna 1 MW na gruntach spółdzielni.",
        "planned_capacity_kw": "1000",
        "consent": "on",
        "fax": "",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}
