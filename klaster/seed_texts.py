"""The first versions of the privacy policy and the information clauses, as the portal showed them before the
coordinator could edit them (Markdown, Polish and English). loadcluster loads each only when its kind has no version."""

from klaster.seed import COORDINATOR

_NAME = COORDINATOR["name"]

PRIVACY_PL = f"""### Administrator danych

Administratorem danych osobowych zbieranych w portalu jest koordynator klastra: {_NAME}. Dane kontaktowe
administratora podaje strona [Kontakt](/kontakt/).

# Jakie dane przetwarzamy

Przeglądanie portalu nie wymaga podawania danych osobowych. Dane osób reprezentujących członków klastra oraz
prelegentów wydarzeń publikujemy w zakresie, w jakim pełnią funkcje publiczne lub wyraziły na to zgodę. Dane osób
fizycznych nie są publikowane bez ich zgody.

# Pliki cookie

Portal używa wyłącznie niezbędnych plików cookie: sesji (po zalogowaniu), ochrony formularzy przed nadużyciami (CSRF)
i zapamiętania wybranego języka. Nie używamy plików cookie analitycznych ani reklamowych.

# Twoje prawa

Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania, przeniesienia danych
oraz wniesienia sprzeciwu. Masz też prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych.
"""

PRIVACY_EN = f"""### Data controller

The controller of the personal data collected in the portal is the cluster's coordinator: {_NAME}. The controller's
contact details are given on the [Contact](/en/contact/) page.

# What data we process

You do not need to provide any personal data to browse the portal. We publish the data of people representing cluster
members and of event speakers to the extent that they hold public functions or have consented to it. The data of
natural persons are not published without their consent.

# Cookies

The portal uses only strictly necessary cookies: for the session (after logging in), for protecting forms against
misuse (CSRF) and for remembering the language you have chosen. We do not use analytics or advertising cookies.

# Your rights

You have the right to access your data, to have it rectified or erased, to restrict its processing, to data portability
and to object. You also have the right to lodge a complaint with the President of the Personal Data Protection Office
(UODO).
"""

APPLICATION_CLAUSE_PL = f"""1. Administratorem danych podanych we wniosku jest koordynator klastra: {_NAME}. Dane kontaktowe administratora
   podaje strona [Kontakt](/kontakt/).
2. Dane przetwarzamy, aby rozpatrzyć wniosek o przystąpienie do klastra i przygotować deklarację przystąpienia, na
   Twoje żądanie przed zawarciem porozumienia (art. 6 ust. 1 lit. b RODO). Zgodę na publikację nazwy w katalogu
   członków (art. 6 ust. 1 lit. a RODO) możesz wycofać w każdej chwili; nie wpływa to na zgodność z prawem
   wcześniejszego przetwarzania.
3. Odbiorcami danych są strony porozumienia klastrowego, które decydują o przyjęciu nowych członków, oraz podmioty
   obsługujące portal i pocztę elektroniczną na zlecenie administratora. Dane nie są przekazywane poza Europejski
   Obszar Gospodarczy.
4. Dane z odrzuconego wniosku usuwamy po 12 miesiącach od decyzji. Dane z przyjętego wniosku przechowujemy przez czas
   członkostwa w klastrze, a dokumenty przystąpienia tak długo, jak wymagają tego przepisy o archiwizacji.
5. Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, przeniesienia oraz
   sprzeciwu. Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa).
6. Podanie danych jest dobrowolne, ale bez nich nie rozpatrzymy wniosku. Nie podejmujemy decyzji w sposób
   zautomatyzowany i nie profilujemy. Nie pytamy o numer PESEL.
"""

APPLICATION_CLAUSE_EN = f"""1. The controller of the data given in the application is the cluster's coordinator: {_NAME}. The controller's
   contact details are given on the [Contact](/en/contact/) page.
2. We process the data to review your application to join the cluster and to prepare the accession declaration, at
   your request before entering into the agreement (Article 6(1)(b) GDPR). You may withdraw your consent to the
   publication of your name in the member directory (Article 6(1)(a) GDPR) at any time; this does not affect the
   lawfulness of processing carried out before its withdrawal.
3. The recipients of the data are the parties to the cluster agreement, who decide on admitting new members, and the
   entities that run the portal and email on the controller's behalf. The data are not transferred outside the
   European Economic Area.
4. We delete the data from a rejected application 12 months after the decision. We keep the data from an accepted
   application for the duration of membership of the cluster, and the accession documents for as long as archiving
   regulations require.
5. You have the right to access your data, to rectification, erasure and restriction of processing, to data
   portability and to object. You have the right to lodge a complaint with the President of the Personal Data
   Protection Office (UODO) (ul. Stawki 2, 00-193 Warszawa).
6. Providing the data is voluntary, but without them we cannot review your application. We do not make automated
   decisions or carry out profiling. We do not ask for a PESEL number.
"""

CONTACT_CLAUSE_PL = f"""1. Administratorem danych podanych w formularzu jest koordynator klastra: {_NAME}. Dane kontaktowe
   administratora są na tej stronie.
2. Imię i nazwisko, adres e-mail i treść wiadomości przetwarzamy, aby odpowiedzieć na wiadomość, na podstawie Twojej
   zgody (art. 6 ust. 1 lit. a RODO). Zgodę możesz wycofać w każdej chwili; nie wpływa to na zgodność z prawem
   wcześniejszego przetwarzania.
3. Odbiorcami danych są podmioty obsługujące portal i pocztę elektroniczną na zlecenie administratora. Dane nie są
   przekazywane poza Europejski Obszar Gospodarczy.
4. Wiadomość przechowujemy tak długo, jak jest potrzebna do załatwienia sprawy.
5. Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, przeniesienia oraz
   sprzeciwu. Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa).
6. Podanie danych jest dobrowolne, ale bez nich nie odpowiemy na wiadomość. Nie podejmujemy decyzji w sposób
   zautomatyzowany i nie profilujemy.
"""

CONTACT_CLAUSE_EN = f"""1. The controller of the data given in the form is the cluster's coordinator: {_NAME}. The controller's contact
   details are on this page.
2. We process your name, e-mail address and message to answer it, on the basis of your consent (Article 6(1)(a)
   GDPR). You may withdraw your consent at any time; this does not affect the lawfulness of processing carried out
   before its withdrawal.
3. The recipients of the data are the entities that run the portal and e-mail on the controller's behalf. The data
   are not transferred outside the European Economic Area.
4. We keep the message for as long as it is needed to deal with the matter.
5. You have the right to access your data, to rectification, erasure and restriction of processing, to data
   portability and to object. You have the right to lodge a complaint with the President of the Personal Data
   Protection Office (UODO) (ul. Stawki 2, 00-193 Warszawa).
6. Providing the data is voluntary, but without them we cannot answer your message. We do not make automated
   decisions or carry out profiling.
"""

EVENT_CLAUSE_PL = f"""1. Administratorem danych podanych przy zapisie na wydarzenie jest koordynator klastra: {_NAME}. Dane
   kontaktowe administratora są na stronie „Kontakt”.
2. Imię i nazwisko, adres e-mail, organizację i odpowiedzi na pytania organizatora przetwarzamy, aby przyjąć zapis,
   prowadzić listę uczestników i listę rezerwową, wysłać potwierdzenie, przypomnienie i wiadomości o wydarzeniu, na
   podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO). Zgodę możesz wycofać w każdej chwili, rezygnując z udziału
   odnośnikiem z potwierdzenia; nie wpływa to na zgodność z prawem wcześniejszego przetwarzania.
3. Odbiorcami danych są podmioty obsługujące portal i pocztę elektroniczną na zlecenie administratora. Dane nie są
   przekazywane poza Europejski Obszar Gospodarczy.
4. Dane usuwamy po upływie ustalonej liczby dni od zakończenia wydarzenia; zostaje tylko liczba uczestników.
5. Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, przeniesienia oraz
   sprzeciwu. Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa).
6. Podanie danych jest dobrowolne, ale bez nich nie przyjmiemy zapisu. Nie podejmujemy decyzji w sposób
   zautomatyzowany i nie profilujemy.
"""

EVENT_CLAUSE_EN = f"""1. The controller of the data given when registering for an event is the cluster's coordinator: {_NAME}. The
   controller's contact details are on the "Contact" page.
2. We process your name, e-mail address, organisation and answers to the organiser's questions to accept your
   registration, keep the list of participants and the waiting list, and send you the confirmation, the reminder
   and messages about the event, on the basis of your consent (Article 6(1)(a) GDPR). You may withdraw your consent
   at any time by cancelling with the link in the confirmation; this does not affect the lawfulness of processing
   carried out before its withdrawal.
3. The recipients of the data are the entities that run the portal and e-mail on the controller's behalf. The data
   are not transferred outside the European Economic Area.
4. We delete the data a set number of days after the event ends; only the number of participants remains.
5. You have the right to access your data, to rectification, erasure and restriction of processing, to data
   portability and to object. You have the right to lodge a complaint with the President of the Personal Data
   Protection Office (UODO) (ul. Stawki 2, 00-193 Warszawa).
6. Providing the data is voluntary, but without them we cannot accept your registration. We do not make automated
   decisions or carry out profiling.
"""

# kind: (the version's name, Polish, English). The application clause's version is the one applications recorded
# before the clause could be edited (settings.APPLICATION_CLAUSE_VERSION then), so their consents point to this text.
LEGAL_TEXTS = {
    "privacy": ("2026-11-25", PRIVACY_PL, PRIVACY_EN),
    "application_clause": ("2026-11-26", APPLICATION_CLAUSE_PL, APPLICATION_CLAUSE_EN),
    "contact_clause": ("2026-11-29", CONTACT_CLAUSE_PL, CONTACT_CLAUSE_EN),
    "event_clause": ("2026-11-30", EVENT_CLAUSE_PL, EVENT_CLAUSE_EN),
}
