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


def mentions_of(x: Extraction) -> dict[str, list[str]]:
    return {p.name: [m.text for m in p.mentions] for p in x.people}


def test_hyphen_or_space_in_a_surname_is_one_person(run: Callable[..., Extraction]) -> None:
    text = (
        "Maria Lopez-Grant, the site manager, said the crane had failed. Maria Lopez Grant "
        "later told reporters the crew was safe.\n\n"
        "Mayor Ana Levine-Cava visited the site on Monday. Levine Cava promised an inquiry, "
        "and Lopez-Grant thanked her."
    )
    x = run(text)
    assert summary(x) == {
        "Maria Lopez-Grant": (["manager"], "site"),
        "Ana Levine-Cava": (["mayor"], None),
    }
    assert mentions_of(x) == {
        "Maria Lopez-Grant": ["Maria Lopez-Grant", "Maria Lopez Grant", "Lopez-Grant"],
        "Ana Levine-Cava": ["Ana Levine-Cava", "Levine Cava"],
    }


def test_a_nickname_and_the_formal_given_name_are_one_person(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Dave Pelham was hurt when the barn roof fell. David Pelham, 52, told deputies he "
        "had not seen the crack. Pelham was treated at a clinic. Liz Orton, a neighbour, "
        "called for help. Elizabeth Orton said later she heard the beams break."
    )
    assert mentions_of(run(text)) == {
        "Dave Pelham": ["Dave Pelham", "David Pelham", "Pelham"],
        "Liz Orton": ["Liz Orton", "Elizabeth Orton"],
    }


def test_a_nickname_beside_the_formal_name_in_one_sentence_is_another_person(
    run: Callable[..., Extraction],
) -> None:
    text = "David Pelham and his son, Dave Pelham, were both hurt. Dave Pelham is 20."
    assert mentions_of(run(text)) == {
        "David Pelham": ["David Pelham"],
        "Dave Pelham": ["Dave Pelham", "Dave Pelham"],
    }


def test_companies_creeks_guilds_and_fire_departments_are_not_people(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "A Marlow Southern freight train derailed near Harlan Creek on Friday. Marlow Southern "
        "said it would pay for the cleanup. Brandon Fire Department crews arrived first, and "
        "Brandon Fire Chief Sam Pena said nobody was hurt. A spokesman for Brandon Fire said "
        "the tanks held. The Stagehands Guild said its members were safe. Electronics "
        "retailer Best Bargain closed its store nearby, and the German weekly Der Anzeiger "
        "sent a reporter. The Chief Operating Officer, Nina Wolde, said the line would reopen."
    )
    assert summary(run(text)) == {
        "Sam Pena": (["fire chief"], None),
        "Nina Wolde": ([], None),
    }


def test_a_title_is_never_a_name_and_title_forms_are_the_same_person(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Sentencing Pratt at Wexley Crown Court, Mr Justice Goss said he had shown no remorse. "
        "Officer Ben Carlow and Premier Olivia Brandt attended. Officer Carlow gave evidence, "
        "and Ms Brandt said the sentence was fair."
    )
    x = run(text)
    assert summary(x) == {
        "Goss": (["judge"], None),
        "Ben Carlow": (["officer"], None),
        "Olivia Brandt": ([], None),
    }
    assert mentions_of(x)["Olivia Brandt"] == ["Olivia Brandt", "Brandt"]


def test_relatives_named_by_a_given_name_only_are_described_by_their_relation(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Tom Varga, 61, died at the scene. He is survived by his wife, Maggie, and son Paul. "
        "Paul Varga said his father loved the lake.\n\n"
        "Officer Ben Carlow arrived first. His wife, Hilaria, said he was proud of the job. "
        "Hilaria Carlow later thanked the crew."
    )
    x = run(text)
    assert summary(x) == {
        "Tom Varga": ([], None),
        "Maggie": ([], "wife of Tom Varga"),
        "Paul Varga": ([], None),
        "Ben Carlow": (["officer"], None),
        "Hilaria Carlow": ([], "wife"),
    }
    assert mentions_of(x)["Maggie"] == ["Maggie"]
    assert mentions_of(x)["Hilaria Carlow"] == ["Hilaria", "Hilaria Carlow"]


def test_a_relative_whose_person_is_unclear_is_left_out(run: Callable[..., Extraction]) -> None:
    text = (
        "Tom Varga and Ian Roper were hurt in the crash. His wife, Maggie, was not in the car. "
        "The driver's son, Paul, called for help."
    )
    assert summary(run(text)) == {"Tom Varga": ([], None), "Ian Roper": ([], None)}


def test_a_relatives_given_name_is_no_one_elses_unless_the_surname_agrees(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Thomas Varga's wife, Maggie, thanked the rescuers. Maggie Orr, who runs the feed "
        "store, said farmers were worried. Varga's daughter, Lena, and Lena Varga's husband "
        "came home."
    )
    x = run(text)
    assert mentions_of(x) == {
        "Thomas Varga": ["Thomas Varga", "Varga"],
        "Maggie Orr": ["Maggie Orr"],
        "Lena Varga": ["Lena", "Lena Varga"],
    }


def test_ranks_plural_roles_and_the_role_in_apposition(run: Callable[..., Extraction]) -> None:
    text = (
        "Rear Adm. Nora Quill said the search was over. Prosecutors Ida Marsh and Lev Petrov "
        "called six witnesses, and the judge, Omar R. Bexley, has said the trial will be short."
    )
    assert summary(run(text)) == {
        "Nora Quill": (["admiral"], None),
        "Ida Marsh": (["prosecutor"], None),
        "Lev Petrov": (["prosecutor"], None),
        "Omar R. Bexley": (["judge"], None),
    }


def test_relatives_after_an_adjective_and_not_a_possessive(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Carl Benning was convicted of killing his wife Tess Benning and their unborn son. "
        "Carl Benning was the one person who should have protected Tess Benning's unborn son, "
        "Owen, said juror Ruth Hale. Tess Benning's husband, Owen's father, did not react."
    )
    x = run(text)
    assert summary(x) == {
        "Carl Benning": ([], None),
        "Tess Benning": ([], None),
        "Owen": ([], "son of Tess Benning"),
        "Ruth Hale": (["juror"], None),
    }
    assert mentions_of(x)["Owen"] == ["Owen", "Owen"]


def test_shorter_forms_of_a_longer_name_are_the_same_person(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Sarah Delgado Whitt, a rigger, was convicted on Monday. Judge Laura Penrose Hale said "
        "Delgado Whitt would be sentenced in May. Penrose Hale said bail was denied.\n\n"
        "Pilot Tomas Okafor-Lind was hurt. Tomas Okafor said the engine failed, and Okafor "
        "later left the hospital."
    )
    assert mentions_of(run(text)) == {
        "Sarah Delgado Whitt": ["Sarah Delgado Whitt", "Delgado Whitt"],
        "Laura Penrose Hale": ["Laura Penrose Hale", "Hale"],
        "Tomas Okafor-Lind": ["Tomas Okafor-Lind", "Tomas Okafor", "Okafor"],
    }


def test_a_role_before_the_name_in_apposition_and_a_photo_credit(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The first assistant director, Lorne Pike, took a plea deal. (Ivo Grant, Harbor "
        "Gazette via AP)\n\nThe stunt coordinator, Bea Moss, declined to comment. "
        "(AP Photo/Kurt Vale)"
    )
    assert summary(run(text)) == {
        "Lorne Pike": (["first assistant director"], None),
        "Bea Moss": (["stunt coordinator"], None),
    }


def test_a_surname_after_a_courtesy_title_and_kin_without_a_comma(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Mr Justice Corrigan will sentence the pair in May. Ella Brandt's stepbrother Nico "
        "Fell was convicted of murder, and her cousin Ada Rusk said the family was relieved."
    )
    assert summary(run(text)) == {
        "Corrigan": (["judge"], None),
        "Ella Brandt": ([], None),
        "Nico Fell": ([], "stepbrother"),
        "Ada Rusk": ([], None),
    }


def test_a_title_that_is_also_a_role_gives_the_role(run: Callable[..., Extraction]) -> None:
    text = (
        "Attorney Rick Solano said the suit would be filed on Monday. Solano declined to say more."
    )
    assert summary(run(text)) == {"Rick Solano": (["attorney"], None)}


def test_a_lone_organisation_word_is_never_a_person(run: Callable[..., Extraction]) -> None:
    text = (
        "Union president Mara Voss said the vote was clear. If the union strikes, it will join "
        "the Painters’ Guild of Avalon on the picket lines. The Painters Guild has been on "
        "strike since May, and Voss said the Actors Guild met with producers at noon."
    )
    assert summary(run(text)) == {"Mara Voss": (["president"], None)}


def test_a_name_without_its_middle_name_is_the_same_person_unless_two_fit(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Lena Marie Ostrow, 54, was found on Monday. Lena Ostrow was the mother of Jonah "
        "Pell.\n\nGeorge H. Walker and George T. Walker spoke. George Walker declined."
    )
    assert mentions_of(run(text)) == {
        "Lena Marie Ostrow": ["Lena Marie Ostrow", "Lena Ostrow"],
        "Jonah Pell": ["Jonah Pell"],
        "George H. Walker": ["George H. Walker"],
        "George T. Walker": ["George T. Walker"],
        "George Walker": ["George Walker"],
    }


def test_headline_words_are_not_part_of_names(run: Callable[..., Extraction]) -> None:
    text = (
        "Nora Vance Checks Into Rehab After Court Date\n\n"
        "Actress Nora Vance checked into a clinic on Monday, her lawyer, Ivan Petrov, said."
    )
    x = run(text)
    assert summary(x) == {"Nora Vance": (["actress"], None), "Ivan Petrov": (["lawyer"], None)}
    assert mentions_of(x)["Nora Vance"] == ["Nora Vance", "Nora Vance"]


def test_organisation_words_full_stops_and_question_words(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Coach Dan Ferris of Wexford State said the Quill Creamery would close. The owner is "
        "John W. Kemble. Attorney General Ada Morrow said the Clean Rivers Act applied. "
        "Doctor Who returns in May, and the Solicitor General's Office declined to comment."
    )
    assert summary(run(text)) == {
        "Dan Ferris": (["coach"], None),
        "John W. Kemble": ([], None),
        "Ada Morrow": (["attorney general"], None),
    }


def test_a_middle_initial_a_position_and_an_event_word(run: Callable[..., Extraction]) -> None:
    text = (
        "Warren Pike Trial: Jury Hears From Former Partner, Neighbours\n\n"
        "Frederick Cheney Moss, 75, died on Monday. Frederick C. Moss had testified at the "
        "trial of Warren Pike. Fans cheered Colts QB Andrew Lusk.\n\n"
        "Ann Orr, Ben Hale\n"
    )
    assert mentions_of(run(text)) == {
        "Warren Pike": ["Warren Pike", "Warren Pike"],
        "Frederick Cheney Moss": ["Frederick Cheney Moss", "Frederick C. Moss"],
        "Andrew Lusk": ["Andrew Lusk"],
        "Ann Orr": ["Ann Orr"],
        "Ben Hale": ["Ben Hale"],
    }


def test_a_relative_after_a_speakers_words_is_left_out(run: Callable[..., Extraction]) -> None:
    text = "Prosecutor Ann Lee said his wife, Maggie, had seen the crash."
    assert summary(run(text)) == {"Ann Lee": (["prosecutor"], None)}


def test_a_role_in_apposition_before_a_prepositional_phrase(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The school accepted him, said Judy Carrow, a spokeswoman for the academy in Annapolis. "
        "Ray Quist, the director of photography, was not hurt."
    )
    assert summary(run(text)) == {
        "Judy Carrow": (["spokeswoman"], None),
        "Ray Quist": (["director of photography"], None),
    }


def test_a_relatives_name_is_not_the_owner_of_the_next_relative(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Tom Varga died in the crash. He is survived by his wife, Maggie. His sister, Hilaria, "
        "said he loved the sea. Maggie Varga thanked the crew."
    )
    assert summary(run(text)) == {"Tom Varga": ([], None), "Maggie Varga": ([], "wife")}


def test_a_character_with_the_actor_in_brackets_is_no_person(
    run: Callable[..., Extraction],
) -> None:
    text = (
        '"Dust" is a Western about an outlaw who rescues his grandson Eli (Sam Porter) and '
        "his friend Rosa Diaz (Maria Lopez). Eli had accidentally killed a farmer. Sam Porter "
        "said filming was hard. Director Rachel Dunn (left) spoke to reporters. Designer "
        "Ann Lee (Sam Porter's stand-in) and designer Michael Ortega (Sam Porter) worked on it."
    )
    x = run(text)
    people = ["Sam Porter", "Maria Lopez", "Rachel Dunn", "Ann Lee", "Michael Ortega"]
    assert [p.name for p in x.people] == people  # a designer in brackets is still a person
    assert [p for e in x.events for p in e.participants] == []  # Eli is in the story


def test_places_clubs_police_forces_and_weekdays_are_not_people(
    run: Callable[..., Extraction],
) -> None:
    """Found on real news: "the southern state of Tamil Nadu", "after Arema Malang club
    lost", "Mira Bhayandar-Vasai Virar Police", "Justice Complex Thursday"."""
    text = (
        "An official told AFP by phone from the southern state of Andhra Desam, where the "
        "disaster occurred. The fire broke out in the northern city of Mira Vasai on Monday. "
        "The match ended in chaos after Persik Kediri club lost to the visitors. "
        "The suspects were remanded for a day, according to Ravi Kulkarni, deputy "
        "commissioner, Rana Bhayandar-Vasai Virar Police. Her lawyer spoke outside the "
        "Monmouth County Justice Complex Thursday, said attorney Sarah Collins."
    )
    assert sorted(p.name for p in run(text).people) == ["Ravi Kulkarni", "Sarah Collins"]


def test_ranches_a_police_yard_and_where_someone_is_from_are_not_people(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The shooting happened at Golden Mesa Ranch in Arizona. Detective Ian Roe said so, "
        "Scotland Yard said. Pilot Ravi Shrestha of Tal Kot in Pokhara saw the crash."
    )
    assert sorted(p.name for p in run(text).people) == ["Ian Roe", "Ravi Shrestha"]


def test_names_a_person_is_also_known_by_are_that_person(run: Callable[..., Extraction]) -> None:
    text = (
        "Prosecutors charged landlord Max Vale, also known as Max Orr, with manslaughter. "
        "Police said the preacher, who is also known as Hari Dev Das and Das Baba, was not "
        "named. Devotees of preacher Baba Das gathered outside."
    )
    people = {p.name: p.aliases for p in run(text).people}
    assert people == {"Max Vale": ["Max Orr"], "Hari Dev Das": ["Baba Das"]}


def test_credits_in_brackets_false_names_and_school_districts_are_not_people(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The crew includes producer Tom Hale (Jack Ryan) and Production Designer Ann Lee "
        "(Card Counter). The district, Harlow-Dane Schools, said so. Police arrested driver "
        "Manuel Ortiz on Friday. Police said he gave them a false name–Alex Cabrera Ruiz."
    )
    assert [p.name for p in run(text).people] == ["Tom Hale", "Ann Lee", "Manuel Ortiz"]
