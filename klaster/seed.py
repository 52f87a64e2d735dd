"""The facts of the cluster "Zielona Energia Leśnej Krainy", as `loadcluster` loads them.

Only what the cluster published (../shared/seed/klastry-energii.txt) and the verified [V] or
derived [D] facts of ../shared/domain.md. Anything else stays empty for the coordinator to fill in:
no NIP, REGON or KRS of the association, no office addresses of the tarnogórski gminas, no
unverified populations, no agreement clauses, no names of signatories. English texts are
translations of the Polish ones, never new facts. Strings in Polish quote the seed exactly where the
portal must show them exactly (talk titles, speakers' functions, the benefits).
"""

from datetime import date
from decimal import Decimal

CLUSTER = {
    "slug": "zielona-energia-lesnej-krainy",
    "name": "Zielona Energia Leśnej Krainy",
    "founded_on": date(2018, 4, 10),
    "founded_place": "Zbrosławice",
    "tagline_pl": (
        "Klaster energii pięciu gmin wiejskich Górnego Śląska: Kochanowic, Zbrosławic, Krupskiego Młyna, "
        "Tworoga i Pawonkowa, koordynowany przez Stowarzyszenie „Leśna Kraina Górnego Śląska”."
    ),
    "tagline_en": (
        "The energy cluster of five rural gminas of Upper Silesia: Kochanowice, Zbrosławice, Krupski Młyn, "
        "Tworóg and Pawonków, coordinated by the association “Leśna Kraina Górnego Śląska”."
    ),
    # "CZYM JEST KLASTER?" from the seed text, word for word but one spelling ("cywilnoprawne", as in the act).
    "about_pl": (
        "Klaster Energii to porozumienie cywilnoprawne, które jest adresowane do bardzo szerokiego wachlarza "
        "Interesariuszy, których działania powiązane są z energią elektryczną lub cieplną. Jest to innowacyjne "
        "rozwiązanie, które ma na celu rozwój energetyki rozproszonej."
    ),
    "about_en": (
        "An energy cluster is a civil-law agreement open to a very wide range of stakeholders whose activities "
        "are connected with electricity or heat. It is an innovative solution aimed at developing distributed "
        "energy generation."
    ),
    # The accessibility statement was first published and last reviewed on the day the portal went public.
    "accessibility_published_on": date(2026, 11, 25),
    "accessibility_updated_on": date(2026, 11, 25),
    # How to join, as the home page said it before the coordinator could edit it (Markdown).
    "joining_pl": (
        "Klaster jest otwarty dla wszystkich, których działania wiążą się z energią elektryczną lub cieplną na jego "
        "obszarze: przedsiębiorstw, spółdzielni, organizacji pozarządowych, jednostek naukowych i mieszkańców. Nowy "
        "uczestnik przystępuje do porozumienia, składając pisemną deklarację przystąpienia, którą przyjmuje klaster."
    ),
    "joining_en": (
        "The cluster is open to everyone whose activities involve electricity or heat in its area: businesses, "
        "cooperatives, non-governmental organisations, research institutions and residents. A new participant "
        "accedes to the agreement by submitting a written declaration of accession, which is then accepted by the "
        "cluster."
    ),
}

# "JAKIE KORZYŚCI NIESIE ZA SOBĄ POWSTANIE KLASTRA?", in the seed's order and words.
BENEFITS = [
    ("podjęcie realnej walki z niską emisją", "taking real action against low-stack emissions (smog)"),
    ("pozyskiwanie energii z odnawialnych źródeł", "obtaining energy from renewable sources"),
    (
        "poprawa bytu osób zamieszkujących tereny wiejskie oraz przedsiębiorców, którzy będą mogli obniżać swoje "
        "koszty prowadzenia firm",
        "better living conditions for people in rural areas and for entrepreneurs, who will be able to lower the "
        "costs of running their businesses",
    ),
    ("zadbane i czyste środowisko", "a well-kept, clean environment"),
    ("wzrost konkurencyjności i atrakcyjności regionu", "a more competitive and attractive region"),
    ("poprawa lokalnego bezpieczeństwa energetycznego", "better local energy security"),
    ("tańsze pozyskiwanie energii", "cheaper energy"),
    ("walka z bezrobociem, poprzez wygenerowanie nowych etatów", "fighting unemployment by creating new jobs"),
    (
        "rozwój i wdrożenie w życie nowych technologii sprawiających, że miejscowości, w których generowana będzie "
        '"zielona energia", będą porównywalne do standardów zagranicznych',
        "developing and putting into practice new technologies, so that the places where “green energy” is "
        "generated will match standards abroad",
    ),
]

_SILESIAN = "śląskie"
_RURAL = "rural"
_POP_DATE = date(2020, 12, 31)

# The five gminas, in the order the seed lists them. Population only where verified.
GMINAS = [
    {
        "slug": "kochanowice",
        "name": "Gmina Kochanowice",
        "short_name": "Kochanowice",
        "teryt": "2407052",
        "powiat": "lubliniecki",
        "area_km2": Decimal("80.02"),
        "street": "ul. Wolności 5",
        "postal_code": "42-713",
        "city": "Kochanowice",
        "population": 6959,
        "population_date": _POP_DATE,
    },
    {
        "slug": "zbroslawice",
        "name": "Gmina Zbrosławice",
        "short_name": "Zbrosławice",
        "teryt": "2413092",
        "powiat": "tarnogórski",
        "area_km2": Decimal("148.71"),
    },
    {
        "slug": "krupski-mlyn",
        "name": "Gmina Krupski Młyn",
        "short_name": "Krupski Młyn",
        "teryt": "2413052",
        "powiat": "tarnogórski",
        "area_km2": Decimal("39.42"),
    },
    {
        "slug": "tworog",
        "name": "Gmina Tworóg",
        "short_name": "Tworóg",
        "teryt": "2413082",
        "powiat": "tarnogórski",
        "area_km2": Decimal("124.92"),
    },
    {
        "slug": "pawonkow",
        "name": "Gmina Pawonków",
        "short_name": "Pawonków",
        "teryt": "2407072",
        "powiat": "lubliniecki",
        "area_km2": Decimal("118.74"),
        "street": "ul. Zawadzkiego 7",
        "postal_code": "42-772",
        "city": "Pawonków",
        "population": 6615,
        "population_date": _POP_DATE,
    },
]
for _gmina in GMINAS:
    _gmina.update(voivodeship=_SILESIAN, gmina_kind=_RURAL)

COORDINATOR = {
    "slug": "lgd-lesna-kraina-gornego-slaska",
    "name": "Stowarzyszenie Lokalna Grupa Działania „Leśna Kraina Górnego Śląska”",
    "short_name": "LGD „Leśna Kraina Górnego Śląska”",
    "description_pl": (
        "Stowarzyszenie koordynuje inicjatywę klastrową i jest koordynatorem Klastra Energii „Zielona Energia "
        "Leśnej Krainy”. Obszar działania Lokalnej Grupy Działania obejmuje 16 gmin, w tym pięć gmin klastra."
    ),
    "description_en": (
        "The association coordinates the cluster initiative and is the coordinator of the energy cluster "
        "“Zielona Energia Leśnej Krainy”. The Local Action Group’s area covers 16 gminas, the cluster’s five "
        "among them."
    ),
}

FOUNDED = date(2018, 4, 10)

# People, with the functions the seed gives them. (key, first name, last name)
PEOPLE = [
    ("leksy", "Piotr", "Leksy"),
    ("czyz", "Witold", "Czyż"),
    ("kruczek", "Józef", "Kruczek"),
]

# (person key, participant slug or None, function PL, function EN, represents the participant)
ROLES = {
    "leksy-representative": (
        "leksy",
        COORDINATOR["slug"],
        "prezes Zarządu",
        "President of the Management Board",
        True,
    ),
    "leksy-speaker": (
        "leksy",
        COORDINATOR["slug"],
        'Prezes Stowarzyszenia LGD "Leśna Kraina Górnego Śląska"',
        "President of the LGD association “Leśna Kraina Górnego Śląska”",
        False,
    ),
    "czyz-speaker": (
        "czyz",
        None,
        "kierownik Referatu Wydziału Komunikacji Społecznej Urzędu Marszałkowskiego Województwa Śląskiego, "
        'Referat Promocji- "zatrzymać SMOG" w województwie śląskim',
        "Head of Unit, Department of Social Communication, Marshal’s Office of the Silesian Voivodeship; "
        "Promotion Unit – “Stop SMOG” in the Silesian Voivodeship",
        False,
    ),
    "kruczek-speaker": (
        "kruczek",
        None,
        "Koordynator Klastra Energii zawartego w powiecie gliwickim",
        "Coordinator of the energy cluster formed in Gliwice county",
        False,
    ),
}

AGREEMENT = {
    "slug": "porozumienie-2018",
    "title": "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«",
    "signed_on": FOUNDED,
    "signed_place": "Zbrosławice, Centrum Usług Publicznych",
    "summary_pl": (
        "Porozumienie podpisano 10 kwietnia 2018 r. w Centrum Usług Publicznych w Zbrosławicach, podczas "
        "konferencji poświęconej klastrowi. Jednocześnie przyjęto regulamin klastra, stanowiący załącznik do "
        "porozumienia. Stronami są gminy Kochanowice, Zbrosławice, Krupski Młyn, Tworóg i Pawonków oraz "
        "Stowarzyszenie Lokalna Grupa Działania „Leśna Kraina Górnego Śląska”, które koordynuje inicjatywę "
        "klastrową. Klaster działa od dnia podpisania porozumienia."
    ),
    "summary_en": (
        "The agreement was signed on 10 April 2018 at the Centrum Usług Publicznych (Public Services Centre) in "
        "Zbrosławice, during a conference on the cluster. The cluster rules (regulamin), attached to the "
        "agreement, were adopted at the same time. The parties are the gminas of Kochanowice, Zbrosławice, "
        "Krupski Młyn, Tworóg and Pawonków and the association Stowarzyszenie Lokalna Grupa Działania „Leśna "
        "Kraina Górnego Śląska”, which coordinates the cluster initiative. The cluster has operated since the "
        "day the agreement was signed."
    ),
}

# The documents of the agreement that are known to exist; no file and no number, as none is public.
AGREEMENT_DOCUMENTS = [
    {
        "kind": "letter_of_intent",
        "date": date(2017, 10, 13),
        "title": "List intencyjny w sprawie utworzenia klastra energii (Tworóg)",
    },
    {
        "kind": "rules",
        "date": FOUNDED,
        "title": "Regulamin klastra energii (załącznik do porozumienia)",
    },
]

EVENTS = [
    {
        "slug": "list-intencyjny-2017",
        "kind": "signing",
        "status": "held",
        "starts_on": date(2017, 10, 13),
        "host": "tworog",
        "title_pl": "Podpisanie listu intencyjnego w sprawie utworzenia klastra energii",
        "title_en": "Signing of the letter of intent to form the energy cluster",
        "place_pl": "Tworóg",
        "place_en": "Tworóg",
        "summary_pl": (
            "W Tworogu podpisano list intencyjny w sprawie utworzenia Klastra Energii „Zielona Energia Leśnej "
            "Krainy”. Podpisali go: prezes Stowarzyszenia LGD „Leśna Kraina Górnego Śląska” jako inicjator, "
            "wójtowie gmin Kochanowice, Krupski Młyn, Pawonków i Tworóg oraz zastępca wójta gminy Zbrosławice."
        ),
        "summary_en": (
            "In Tworóg, a letter of intent to form the energy cluster “Zielona Energia Leśnej Krainy” was signed "
            "by the president of the LGD association “Leśna Kraina Górnego Śląska”, who initiated it, the wójts "
            "(mayors) of the gminas of Kochanowice, Krupski Młyn, Pawonków and Tworóg, and the deputy wójt of "
            "the gmina of Zbrosławice."
        ),
        "agenda": [],
    },
    {
        "slug": "konferencja-2018",
        "kind": "conference",
        "status": "held",
        "starts_on": FOUNDED,
        "host": "zbroslawice",
        "title_pl": 'Konferencja nt. Klastra Energii "Zielona Energia Leśnej Krainy"',
        "title_en": "Conference on the energy cluster “Zielona Energia Leśnej Krainy”",
        "place_pl": "Centrum Usług Publicznych w Zbrosławicach",
        "place_en": "Centrum Usług Publicznych (Public Services Centre), Zbrosławice",
        "summary_pl": (
            "10 kwietnia 2018r. w Centrum Usług Publicznych w Zbrosławicach odbyła się konferencja nt. Klastra "
            'Energii "Zielona Energia Leśnej Krainy"'
        ),
        "summary_en": (
            "On 10 April 2018 a conference on the energy cluster “Zielona Energia Leśnej Krainy” was held at the "
            "Centrum Usług Publicznych (Public Services Centre) in Zbrosławice."
        ),
        # (kind, speakers, title PL, title EN, description PL, description EN). A speaker is the key of a role in
        # ROLES (the person, their function and party), or an organisation whose people are not named. No time of any
        # point is known: they stay empty.
        "agenda": [
            (
                "talk",
                ["czyz-speaker"],
                'Walka z niską emisją , jako jeden z podstawowych działań Klastra Energii "Zielona Energia Leśnej '
                'Krainy"',
                "Fighting low-stack emissions as one of the core activities of the energy cluster “Zielona Energia "
                "Leśnej Krainy”",
                "",
                "",
            ),
            (
                "talk",
                ["kruczek-speaker"],
                "Przyjazna energia w powiecie gliwickim",
                "Friendly energy in Gliwice county",
                "",
                "",
            ),
            (
                "talk",
                ["leksy-speaker"],
                "",
                "",
                "omówienie podjętych działań związanych z utworzeniem Klastra",
                "an overview of the steps taken to form the cluster",
            ),
            (
                "advice",
                [
                    {
                        "organisation": "Tauron Dystrybucja",
                        "function_pl": "pracownicy zajmujący się sprzedażą i przyłączeniami do sieci",
                        "function_en": "staff for sales and grid connections",
                    }
                ],
                "",
                "",
                "Dodatkowo podczas trwania konferencji goście mogli skorzystać z doradztwa z przedstawicielami "
                '"Tauron Dystrybucja". Doradzali pracownicy zajmujący się sprzedażą i przyłączeniami do sieci.',
                "During the conference, guests could also get advice from representatives of Tauron Dystrybucja, "
                "the distribution system operator: its sales and grid-connection staff.",
            ),
            (
                "signing",
                [],
                "",
                "",
                "Głównym punktem konferencji było podpisanie Porozumienia Klastrowego.",
                "The main point of the conference was the signing of the cluster agreement.",
            ),
        ],
    },
]

# What the 2018 conference produced, as the seed says it ("Głównym punktem konferencji było podpisanie Porozumienia
# Klastrowego"): the agreement in its first version, and the signatures of the six founding parties (those loaded for
# version 1 with the basis "founding"). Only links to what is loaded; no new facts.
EVENT_OUTCOMES = {
    "konferencja-2018": {
        "version": 1,
        "description_pl": "Głównym punktem konferencji było podpisanie Porozumienia Klastrowego.",
        "description_en": "The main point of the conference was the signing of the cluster agreement.",
        "founding_signatures": True,
    },
}
