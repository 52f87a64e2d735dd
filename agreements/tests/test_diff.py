"""The difference between two versions: sections matched by content, words compared, everything escaped."""

from agreements.diff import Piece, SectionChange, align_sections, compare_versions, pieces_html, word_diff
from agreements.models import Section, Version


def sections(*texts):
    """Sections numbered from 1, each given as "Heading|body"."""
    result = []
    for number, text in enumerate(texts, start=1):
        heading, body = text.split("|")
        result.append(Section(number=number, heading=heading, body=body))
    return result


def diff(old, new):
    return compare_versions(Version(number=1), Version(number=2), old, new)


def kinds(result):
    return [
        (change.kind, change.old and change.old.number, change.new and change.new.number) for change in result.sections
    ]


def test_one_changed_word_is_one_deletion_and_one_insertion():
    assert word_diff("Strony tworzą klaster energii.", "Strony tworzą spółdzielnię energii.") == (
        Piece("equal", "Strony tworzą "),
        Piece("delete", "klaster"),
        Piece("insert", "spółdzielnię"),
        Piece("equal", " energii."),
    )


def test_neighbouring_changed_words_read_as_one_change():
    assert word_diff("na czas nieokreślony i bez wypowiedzenia", "na czas określony i z wypowiedzeniem") == (
        Piece("equal", "na czas "),
        Piece("delete", "nieokreślony"),
        Piece("insert", "określony"),
        Piece("equal", " i "),
        Piece("delete", "bez wypowiedzenia"),
        Piece("insert", "z wypowiedzeniem"),
    )


def test_added_words_and_lines_are_insertions_only():
    assert word_diff("Pierwszy.", "Pierwszy.\n\nDrugi akapit.") == (
        Piece("equal", "Pierwszy."),
        Piece("insert", "\n\nDrugi akapit."),
    )
    assert word_diff("", "") == ()


def test_the_same_text_has_no_change():
    result = diff(sections("Przedmiot|Treść.", "Koniec|Tekst."), sections("Przedmiot|Treść.", "Koniec|Tekst."))
    assert not result.has_changes
    assert kinds(result) == [("unchanged", 1, 1), ("unchanged", 2, 2)]


def test_a_section_inserted_in_the_middle_is_one_added_section_not_every_later_one_changed():
    old = sections("Przedmiot|Strony tworzą klaster.", "Koordynator|Koordynuje stowarzyszenie.", "Koniec|Na zawsze.")
    new = sections(
        "Przedmiot|Strony tworzą klaster.",
        "Obszar|Pięć gmin.",
        "Koordynator|Koordynuje stowarzyszenie.",
        "Koniec|Na zawsze.",
    )
    result = diff(old, new)
    assert kinds(result) == [("unchanged", 1, 1), ("added", None, 2), ("unchanged", 2, 3), ("unchanged", 3, 4)]
    assert [change.number for change in result.unchanged if change.renumbered] == [3, 4]


def test_a_removed_section_and_a_similar_renumbered_one():
    old = sections(
        "Przedmiot|Strony tworzą klaster.",
        "Obszar|Pięć gmin.",
        "Koordynator|Koordynatorem klastra jest stowarzyszenie lokalnej grupy działania.",
    )
    new = sections(
        "Przedmiot|Strony tworzą klaster.",
        "Koordynator|Koordynatorem klastra jest stowarzyszenie lokalnej grupy.",
    )
    result = diff(old, new)
    assert kinds(result) == [("unchanged", 1, 1), ("removed", 2, None), ("changed", 3, 2)]
    changed = result.changed[0]
    assert changed.renumbered and not changed.heading_changed
    assert Piece("delete", " działania") in changed.body


def test_a_section_rewritten_in_full_keeps_its_number_and_reads_as_changed():
    result = diff(
        sections("Czas trwania|Na czas nieokreślony."), sections("Czas trwania|Do końca 2030 roku, potem wygasa.")
    )
    assert kinds(result) == [("changed", 1, 1)]


def test_unrelated_sections_of_another_number_are_removed_and_added():
    old = sections("A|Jeden dwa trzy.", "B|Cztery pięć sześć.")
    new = sections("A|Jeden dwa trzy.")
    assert kinds(diff(old, new)) == [("unchanged", 1, 1), ("removed", 2, None)]
    assert kinds(diff(new, old)) == [("unchanged", 1, 1), ("added", None, 2)]


def test_from_a_version_without_sections_everything_is_added():
    result = diff([], sections("A|Jeden.", "B|Dwa."))
    assert [change.kind for change in result.sections] == ["added", "added"]
    assert result.added[0].body == (Piece("insert", "Jeden."),)


def test_a_changed_heading_is_compared_too():
    result = diff(sections("Koordynator|Tekst."), sections("Koordynator klastra|Tekst."))
    change = result.sections[0]
    assert change.kind == SectionChange.CHANGED and change.heading_changed
    assert change.heading == (Piece("equal", "Koordynator"), Piece("insert", " klastra"))


def test_pieces_are_escaped_and_announced_to_screen_readers():
    html = str(pieces_html(word_diff('Tekst <b>"stary"</b> & co', "Tekst <script>alert(1)</script> & co")))
    assert "<script>" not in html and "<b>" not in html
    assert "script&gt;alert(1)&lt;/script</ins>" in html and "&amp; co" in html and "&quot;stary&quot;" in html
    assert '<del><span class="visually-hidden" lang="pl">usunięto: </span>' in html
    assert '<ins><span class="visually-hidden" lang="pl">dodano: </span>' in html


def test_the_announcement_follows_the_page_language():
    from django.utils import translation

    with translation.override("en"):
        html = str(pieces_html((Piece("delete", "x"),)))
    assert 'lang="en"' in html


def test_many_sections_rewritten_at_once_are_paired_by_number():
    old = sections(*[f"Paragraf {n}|Stara treść numer {n} " + "słowo " * n for n in range(1, 61)])
    new = sections(*[f"Nowy {n}|Zupełnie inny tekst {n}" for n in range(1, 61)])
    pairs = align_sections(old, new)
    assert len(pairs) == 60 and all(a.number == b.number for a, b in pairs)
