"""People: one record per real person, mentions linked, roles from the text."""

from collections.abc import Callable

from flows.extract.records import Extraction
from flows.ingest import read_article
from tests.conftest import ARTICLES


def summary(x: Extraction) -> dict[str, tuple[list[str], str | None]]:
    return {p.name: (p.roles, p.description) for p in x.people}


def test_seed_yields_exactly_the_six_people_with_roles(seed_extraction: Extraction) -> None:
    assert summary(seed_extraction) == {
        "Halyna Hutchins": (["cinematographer"], "Ukrainian-born"),
        "Alec Baldwin": ([], None),
        "Joel Souza": (["director"], None),
        "Hannah Gutierrez-Reed": (["armorer"], None),
        "Dave Halls": (["assistant director"], None),
        "Matthew Hutchins": (["executive producer"], "widower"),
    }


def test_seed_every_baldwin_is_linked_to_alec_baldwin(
    seed_body: str, seed_extraction: Extraction
) -> None:
    baldwin = next(p for p in seed_extraction.people if p.name == "Alec Baldwin")
    every = [i for i in range(len(seed_body)) if seed_body.startswith("Baldwin", i)]
    assert len(every) == 11
    for i in every:
        assert any(m.start <= i < m.end for m in baldwin.mentions), seed_body[i - 20 : i + 20]
    assert all(seed_body[m.start : m.end] == m.text for m in baldwin.mentions)
    assert len(baldwin.mentions) == 11


def test_outlets_and_names_inside_titles_are_not_people(seed_extraction: Extraction) -> None:
    names = {p.name for p in seed_extraction.people}
    assert not names & {"Decider", "People", "Halyna", "Rust", "CBS News"}


def test_full_name_then_surname_with_other_names(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "velasquez.txt")
    x = run(article.body, article.published_date)
    assert summary(x) == {
        "Marta Velasquez": (["stunt coordinator"], "41-year-old"),
        "Owen Tribble": (["producer"], None),
        "Luis Velasquez": ([], "brother"),
    }
    tribble = next(p for p in x.people if p.name == "Owen Tribble")
    assert [m.text for m in tribble.mentions] == ["Owen Tribble", "Tribble", "Tribble"]
    # the title "Remembering Marta Velasquez" is not a mention of her
    marta = next(p for p in x.people if p.name == "Marta Velasquez")
    assert [m.text for m in marta.mentions] == ["Marta Velasquez", "Velasquez"]


def test_shared_surname_links_to_nearest_full_mention_or_stays_unlinked(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Rosa Lindqvist founded the bakery. Lindqvist opened it in 2010.\n\n"
        "Her husband, Erik Lindqvist, ran the books. Lindqvist kept every receipt."
    )
    x = run(text)
    mentions = {p.name: [(m.start, m.text) for m in p.mentions] for p in x.people}
    assert mentions == {
        "Rosa Lindqvist": [(0, "Rosa Lindqvist"), (35, "Lindqvist")],
        "Erik Lindqvist": [(78, "Erik Lindqvist"), (109, "Lindqvist")],
    }


def test_possessives_with_each_apostrophe_are_the_same_person(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Engineer Tomas Hollis inspected the bridge. Hollis' report was late. "
        "Hollis’ team disagreed. Hollis's manager and Hollis’s lawyer declined to comment."
    )
    (person,) = run(text).people
    assert person.name == "Tomas Hollis"
    assert person.roles == ["engineer"]
    assert [m.text for m in person.mentions] == ["Tomas Hollis"] + ["Hollis"] * 4


def test_roles_before_in_apposition_and_in_was_a_sentences(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Prosecutor Dana Whitfield called three witnesses. Tom Reyes, the foreman, testified. "
        "Ada Brennan was a veteran nurse at the clinic."
    )
    assert summary(run(text)) == {
        "Dana Whitfield": (["prosecutor"], None),
        "Tom Reyes": (["foreman"], None),
        "Ada Brennan": (["nurse"], "veteran"),
    }


def test_outlet_that_looks_like_a_word_or_a_person_is_not_a_person(
    run: Callable[..., Extraction],
) -> None:
    text = "Judge Carla Mendes ruled on Friday, Deadline reported. Time and People covered it too."
    assert summary(run(text)) == {"Carla Mendes": (["judge"], None)}


def test_organisations_and_places_that_look_like_names_are_not_people(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Corinne Vale founded Bright Harbor Logistics in 2015. Bright Harbor collapsed in 2022. "
        "She later worked at Maplewood Hospice."
    )
    assert summary(run(text)) == {"Corinne Vale": ([], None)}


def test_names_the_model_mislabels_count_when_the_text_treats_them_as_people(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Defending, Rashid Okonjo said his client was sorry. The series stars Lena Ashby and "
        "Marguerite Duval. Prosecuting, Helen Marsh KC said the attack was unprovoked."
    )
    names = {p.name for p in run(text).people}
    assert {"Rashid Okonjo", "Lena Ashby", "Helen Marsh"} <= names
    assert "Helen Marsh KC" not in names


def test_bylines_and_photo_credits_are_not_people_but_prose_starting_with_by_is(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "By Jane Okoro and Sam Petrie\n\n"
        "By the time police arrived, Officer Lucas Brenner was hurt. "
        "(Photo by Mara Lindt/Getty Images)\n\n"
        "Brenner said he was recovering. Andrea Holm / AP Photo\n\n"
        "Contact Tom Reese at tom@example.com.\n"
    )
    assert summary(run(text)) == {"Lucas Brenner": (["officer"], None)}
