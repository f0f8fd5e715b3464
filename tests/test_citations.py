"""Citations: attributions to a source, with canonical outlet, cited date and claim."""

import datetime as dt
from collections.abc import Callable

import pytest

from flows.extract.records import Extraction
from flows.ingest import read_article
from tests.conftest import ARTICLES


def rows(x: Extraction) -> list[tuple[str, str, str | None, str]]:
    return [(c.source, c.source_type, c.cited_date, c.cue) for c in x.citations]


def test_seed_yields_the_eleven_outlet_citations(seed_extraction: Extraction) -> None:
    assert rows(seed_extraction) == [
        ("CBS News", "outlet", "2024-12-23", "according to"),
        ("People", "outlet", "2025-03-11", "as reported by"),
        ("People", "outlet", "2025-03-11", "as per"),
        ("CBS News", "outlet", "2024-12-23", "according to"),
        ("People", "outlet", "2025-03-11", "as reported in"),
        ("The Guardian", "outlet", "2025-03-11", "according to"),
        ("CBS News", "outlet", None, "as per"),
        ("The Guardian", "outlet", "2025-03-11", "according to"),
        ("CBS News", "outlet", "2024-12-23", "reported"),
        ("Decider", "outlet", "2025-03-11", "confirmed"),
        ("People", "outlet", None, "as per"),
    ]


def test_citation_span_and_claim(seed_body: str, seed_extraction: Extraction) -> None:
    first = seed_extraction.citations[0]
    assert seed_body[first.start : first.end] == (
        "According to a CBS News report from December 23, 2024"
    )
    assert first.claim == (
        "Baldwin and Rust armorer Hannah Gutierrez-Reed were charged with involuntary manslaughter."
    )


def test_other_outlets_aliases_cues_and_date_positions(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "velasquez.txt")
    x = run(article.body, article.published_date)
    # "Producer Owen Tribble said ..." is a quote, not a citation
    assert rows(x) == [
        ("Reuters", "outlet", "2023-05-02", "according to"),
        ("Variety", "outlet", None, "as per"),
        ("The Guardian", "outlet", None, "reported"),  # "the Guardian" -> canonical
    ]
    assert x.citations[0].claim == "Tribble was charged with negligent homicide."


def test_told_a_paper_and_a_parenthesised_date(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "okafor.txt")
    x = run(article.body, article.published_date)
    assert rows(x) == [
        ("The Boston Globe", "outlet", None, "told"),
        ("Deadline", "outlet", "2024-01-05", "reported"),
    ]
    assert [c.claim for c in x.citations] == [
        "her client was innocent.",
        "production on the series halted for six weeks.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reports suggest the crew was tired.", []),
        ("Sources said the crew was tired.", []),
        ("The crew was tired, per AP.", [("Associated Press", "outlet", None, "per")]),
        (
            "The crew was tired, as reported by the Tri-County Ledger on May 4, 2023.",
            [("Tri-County Ledger", "outlet", "2023-05-04", "as reported by")],
        ),
        (
            "According to Sheriff Ana Pruitt, the crew was tired.",
            [("Ana Pruitt", "person", None, "according to")],
        ),
        ("Sheriff Ana Pruitt said the crew was tired.", []),  # a quote, not a citation
        (
            "According to a criminal complaint filed Monday, the crew was tired.",
            [("criminal complaint", "document", None, "according to")],
        ),
        (
            "The crew was tired, per a Bloomberg report from November 2024.",
            [("Bloomberg News", "outlet", "2024-11", "per")],
        ),
        (
            "According to court documents, the crew was tired.",
            [("court documents", "document", None, "according to")],
        ),
        (
            "In an interview with CBS, the driver said he was tired.",
            [("CBS News", "outlet", None, "in an interview with")],
        ),
        (
            "People, on March 11, 2025, reported that the crew was tired.",
            [("People", "outlet", "2025-03-11", "reported")],
        ),
    ],
)
def test_cue_forms(run: Callable[..., Extraction], text: str, expected: list[tuple]) -> None:
    assert rows(run(text)) == expected


def test_a_relative_date_right_after_the_source_is_its_date(
    run: Callable[..., Extraction],
) -> None:
    text = "In an interview with CBS News last year, the driver said he was tired."
    assert rows(run(text, dt.date(2025, 3, 12))) == [
        ("CBS News", "outlet", "2024", "in an interview with")
    ]


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        (
            "In a March 3, 2024 report, Reuters said the mill had closed.",
            ("Reuters", "outlet", "2024-03-03", "said"),
            "In a March 3, 2024 report, Reuters said",
        ),
        (
            "On March 3, 2024, the Associated Press reported that the mill had closed.",
            ("Associated Press", "outlet", "2024-03-03", "reported"),
            "On March 3, 2024, the Associated Press reported",
        ),
        (  # the date is the closing's, not the report's
            "The mill closed on March 3, 2024, the Associated Press reported.",
            ("Associated Press", "outlet", None, "reported"),
            "the Associated Press reported",
        ),
        (
            "The mill had closed, TMZ first reported.",
            ("TMZ", "outlet", None, "first reported"),
            "TMZ first reported",
        ),
    ],
)
def test_date_before_the_source_and_first_reported(
    run: Callable[..., Extraction], text: str, expected: tuple, phrase: str
) -> None:
    x = run(text, dt.date(2024, 5, 1))
    assert rows(x) == [expected]
    assert text[x.citations[0].start : x.citations[0].end] == phrase


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "The mill had closed, as The Washington Post reported.",
            ("The Washington Post", "outlet", None, "reported"),
            "The mill had closed.",
        ),
        (
            "NBC News, citing two sources, said the mill had closed.",
            ("NBC News", "outlet", None, "said"),
            "the mill had closed.",
        ),
        (
            "A Politico analysis found the mill had closed.",
            ("Politico", "outlet", None, "found"),
            "the mill had closed.",
        ),
        (
            "A Reuters report from May 2, 2024 said the mill had closed.",
            ("Reuters", "outlet", "2024-05-02", "said"),
            "the mill had closed.",
        ),
        (
            "The mill had closed, according to reporting by ProPublica.",
            ("ProPublica", "outlet", None, "reporting by"),
            "The mill had closed.",
        ),
        (
            "Speaking to the BBC, the owner said the mill had closed.",
            ("BBC News", "outlet", None, "speaking to"),
            "the owner said the mill had closed.",
        ),
        (
            "The Wall Street Journal has reported that the mill closed.",
            ("The Wall Street Journal", "outlet", None, "reported"),
            "the mill closed.",
        ),
        ("Speaking to Maria Lopez, the owner said the mill had closed.", None, None),
    ],
)
def test_more_outlet_cue_forms(
    run: Callable[..., Extraction], text: str, expected: tuple | None, claim: str | None
) -> None:
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == ([expected] if expected else [])
    assert [c.claim for c in x.citations] == ([claim] if claim else [])


def test_outlets_cited_together_are_each_a_citation(run: Callable[..., Extraction]) -> None:
    text = "The mill closed, as reported by People and Variety on May 2, 2024."
    x = run(text)
    assert rows(x) == [
        ("People", "outlet", "2024-05-02", "as reported by"),
        ("Variety", "outlet", "2024-05-02", "as reported by"),
    ]
    assert [text[c.start : c.end] for c in x.citations] == [
        "as reported by People and Variety on May 2, 2024",
        "Variety",
    ]
    assert {c.claim for c in x.citations} == {"The mill closed."}


def test_call_letters_are_an_outlet_and_the_claim_follows_the_verb(
    run: Callable[..., Extraction],
) -> None:
    x = run("CBS affiliate KRQE reported that the mill had closed.")
    assert rows(x) == [("KRQE", "outlet", None, "reported")]
    assert x.citations[0].claim == "the mill had closed."


def claims(x: Extraction) -> list[str]:
    return [c.claim for c in x.citations]


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "Court records show the mill had closed.",
            ("court records", "document", None, "show"),
            "the mill had closed.",
        ),
        (
            "The mill had closed, the criminal complaint alleges.",
            ("criminal complaint", "document", None, "alleges"),
            "The mill had closed.",
        ),
        (
            "A search warrant affidavit says the foreman fired the gun.",
            ("search warrant affidavit", "document", None, "says"),
            "the foreman fired the gun.",
        ),
        (
            'The filing reads: "The mill had closed."',
            ("filing", "document", None, "reads"),
            "The mill had closed.",
        ),
        (
            "The mill had closed, states the lawsuit filed by the workers.",
            ("lawsuit filed by the workers", "document", None, "states"),
            "The mill had closed.",
        ),
        (
            "The mill had closed, according to a release issued by the governor.",
            ("release issued by the governor", "document", None, "according to"),
            "The mill had closed.",
        ),
        (
            "The foreman died of a head injury, according to the autopsy report.",
            ("autopsy report", "document", None, "according to"),
            "The foreman died of a head injury.",
        ),
        (
            "Prosecutors said in court papers that the mill had closed.",
            ("court papers", "document", None, "said in court papers"),
            "the mill had closed.",
        ),
        (  # an organisation's statement or release is the organisation's
            "The Harlan County Sheriff's Office said in a news release that the mill had closed.",
            ("Harlan County Sheriff's Office", "organisation", None, "said in a news release"),
            "the mill had closed.",
        ),
        (
            "The mill closed, according to a statement from the Harlan County Sheriff's Office.",
            ("Harlan County Sheriff's Office", "organisation", None, "according to"),
            "The mill closed.",
        ),
        (  # the date in the phrase is the document's; a date after "says" is the claim's
            "An indictment unsealed on May 2, 2024 says the mill had closed.",
            ("indictment", "document", "2024-05-02", "says"),
            "the mill had closed.",
        ),
    ],
)
def test_documents_are_sources(
    run: Callable[..., Extraction], text: str, expected: tuple, claim: str
) -> None:
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [expected]
    assert claims(x) == [claim]


@pytest.mark.parametrize(
    "text",
    [
        "He filed a lawsuit that says the company lied.",  # the document is not the subject
        "The report said nothing new about the fire.",  # which report?
        "His statement said he was sorry for the crash.",
        "Ana Ruiz said in a statement that she was heartbroken.",  # a person's quote
        "Police said in a news release that the driver fled.",  # no named source
        "The company said in an email that it had no comment.",
        "Experts say the filing shows the firm is broke.",
        "Ruiz said in court that she was innocent.",
        "Officers said in the report that the car was stolen.",
    ],
)
def test_phrases_that_name_no_document_are_not_citations(
    run: Callable[..., Extraction], text: str
) -> None:
    assert rows(run(text, dt.date(2024, 6, 1))) == []


def test_a_wire_story_cites_records_a_complaint_and_an_outlet(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "MARLOW, Okla. (AP) — A prop master was charged Tuesday with manslaughter in the "
        "death of a stunt performer, court records show. Lena Moritz loaded the revolver "
        "with a live round, the criminal complaint alleges. Her attorney, Paul Grady, told "
        "The Associated Press that she would plead not guilty. A spokesperson for the studio "
        "said it was cooperating."
    )
    x = run(text, dt.date(2024, 5, 1))
    assert rows(x) == [
        ("court records", "document", None, "show"),
        ("criminal complaint", "document", None, "alleges"),
        ("Associated Press", "outlet", None, "told"),
    ]
    assert claims(x)[1:] == [
        "Lena Moritz loaded the revolver with a live round.",
        "she would plead not guilty.",
    ]


def test_a_short_form_is_the_outlet_named_in_full_before(run: Callable[..., Extraction]) -> None:
    text = (
        "The mill closed in May, the Los Angeles Times reported. The owner told the Times "
        "that orders had dried up. The Glenwood Gazette also covered the closing, and a "
        "worker told the Gazette she was owed wages."
    )
    assert rows(run(text, dt.date(2024, 6, 1))) == [
        ("Los Angeles Times", "outlet", None, "reported"),
        ("Los Angeles Times", "outlet", None, "told"),
        ("Glenwood Gazette", "outlet", None, "told"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # two Posts named before: which one is unknown
            "The New York Post and The Washington Post covered the closing. "
            "The owner told the Post that orders had dried up.",
            [],
        ),
        ("The owner told the Herald that orders had dried up.", []),  # never named, unknown
        (  # never named in full, but a known outlet
            "The owner told the Times that orders had dried up.",
            [("The Times", "outlet", None, "told")],
        ),
    ],
)
def test_an_ambiguous_or_unknown_short_form_is_dropped(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 6, 1))) == expected


def test_a_show_called_today_is_an_outlet_not_the_date(run: Callable[..., Extraction]) -> None:
    text = (
        "In an interview with TODAY, the pilot's widow said she had forgiven the airline. "
        '"I had to," she told TODAY.'
    )
    assert rows(run(text, dt.date(2024, 9, 3))) == [
        ("Today", "outlet", None, "in an interview with"),
        ("Today", "outlet", None, "told"),
    ]


def test_a_timeline_entry_dates_the_document_it_opens(run: Callable[..., Extraction]) -> None:
    text = (
        "A timeline of the case:\n\n"
        "Oct. 22: A search warrant affidavit says the foreman fired the gun during a rehearsal.\n\n"
        "Jan. 19: Prosecutors announce charges, court records show."
    )
    x = run(text, dt.date(2022, 2, 1))
    assert rows(x) == [
        ("search warrant affidavit", "document", "2021-10-22", "says"),
        ("court records", "document", None, "show"),  # the entry's date is the charges'
    ]
    assert claims(x) == [
        "the foreman fired the gun during a rehearsal.",
        "Jan. 19: Prosecutors announce charges.",
    ]


def test_the_release_is_the_one_cited_before(run: Callable[..., Extraction]) -> None:
    text = (
        "The Lakeview County Sheriff's Office said in a news release that the driver died. "
        "The release said the driver was not wearing a seat belt. According to the news "
        "release, the crash happened at 6 a.m."
    )
    office = "Lakeview County Sheriff's Office"
    assert rows(run(text, dt.date(2024, 5, 3))) == [
        (office, "organisation", None, "said in a news release"),
        (office, "organisation", None, "said"),
        (office, "organisation", None, "according to"),
    ]
    # with nothing cited before, "the release" says not which one
    assert rows(run("The release said the driver was not wearing a seat belt.")) == []


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "In a news release issued Thursday morning, the Dunmore Police Department said "
            "officers found the car in a field.",
            ("Dunmore Police Department", "organisation", "2024-05-02", "said in a news release"),
            "officers found the car in a field.",
        ),
        (
            "In a statement Tuesday, the Federal Aviation Administration said it would inspect "
            "the jets.",
            (
                "Federal Aviation Administration",
                "organisation",
                "2024-04-30",
                "said in a statement",
            ),
            "it would inspect the jets.",
        ),
        ("In a statement, Ana Ruiz said she was heartbroken.", None, None),  # a quote
    ],
)
def test_in_a_statement_an_organisation_said(
    run: Callable[..., Extraction], text: str, expected: tuple | None, claim: str | None
) -> None:
    x = run(text, dt.date(2024, 5, 3))  # a Friday
    assert rows(x) == ([expected] if expected else [])
    assert claims(x) == ([claim] if claim else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The company sued 40 former workers, reports the Harlow Valley Ledger.",
            [("Harlow Valley Ledger", "outlet", None, "reports")],
        ),
        ("The mill closed, says the mayor.", []),  # an official quoted, not an outlet
        (
            "The talks were called off, as previously reported by Bloomberg News.",
            [("Bloomberg News", "outlet", None, "as reported by")],
        ),
        (
            "The Wall Street Journal and the New York Times earlier reported that talks ended.",
            [
                ("The Wall Street Journal", "outlet", None, "reported"),
                ("The New York Times", "outlet", None, "reported"),
            ],
        ),
        (  # an outlet named before, not in a list with the one reporting
            "A lawsuit naming Fox News, CNN reported, was dismissed.",
            [("CNN", "outlet", None, "reported")],
        ),
        (  # obtaining something is not saying it
            "The Dallas Morning News also obtained body camera footage of the arrest.",
            [],
        ),
        (
            "A report by the National Transportation Safety Board found the pilot was tired.",
            [("National Transportation Safety Board", "organisation", None, "found")],
        ),
    ],
)
def test_outlets_after_the_verb_in_lists_and_issuers_of_reports(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "The mill closed, according to a report in The New York Times.",
            ("The New York Times", "outlet", None, "according to"),
            "The mill closed.",
        ),
        (  # a place is not who issued the lawsuit
            "The mill closed, according to a lawsuit in Denver.",
            ("lawsuit", "document", None, "according to"),
            "The mill closed.",
        ),
        (  # the participle belongs to the attribution, its date is the document's
            "The mill closed, according to a police report released Thursday.",
            ("police report", "document", "2024-05-02", "according to"),
            "The mill closed.",
        ),
        (
            "The complaint, filed in Superior Court, says the mill closed.",
            ("complaint", "document", None, "says"),
            "the mill closed.",
        ),
        (
            "The BBC understands the mill has closed.",
            ("BBC News", "outlet", None, "understands"),
            "the mill has closed.",
        ),
        (
            "The owner told ABC News' Good Morning America that the mill had closed.",
            ("ABC News", "outlet", None, "told"),
            "the mill had closed.",
        ),
    ],
)
def test_reports_in_outlets_participles_and_programmes(
    run: Callable[..., Extraction], text: str, expected: tuple, claim: str
) -> None:
    x = run(text, dt.date(2024, 5, 3))
    assert rows(x) == [expected]
    assert claims(x) == [claim]


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "The governor said on CNN's State of the Union that the mill would reopen.",
            [("CNN", "outlet", None, "said on")],
            "the mill would reopen.",
        ),
        (
            "The owner said on the Today show on Monday that the mill would reopen.",
            [("Today", "outlet", "2024-04-29", "said on")],
            "the mill would reopen.",
        ),
        (
            "The owner, appearing on Fox News, said the mill would reopen.",
            [("Fox News", "outlet", None, "said on")],
            "The owner said the mill would reopen.",
        ),
        ("The governor said on Tuesday that the mill would reopen.", [], None),
        ("The owner said on Facebook that the mill would reopen.", [], None),
    ],
)
def test_said_on_a_programme_or_channel(
    run: Callable[..., Extraction], text: str, expected: list[tuple], claim: str | None
) -> None:
    x = run(text, dt.date(2024, 5, 3))
    assert rows(x) == expected
    assert claims(x) == ([claim] if claim else [])


def test_a_memo_said_in_and_referred_to_again(run: Callable[..., Extraction]) -> None:
    text = (
        "Prosecutors wrote in a detention memo that the men posed a flight risk. "
        "The memo says the men moved $3 million overseas. A maintenance log reviewed by "
        "investigators shows the van was repaired in July. The Information reported that "
        "the firm had paused hiring."
    )
    assert rows(run(text, dt.date(2023, 8, 30))) == [
        ("detention memo", "document", None, "wrote in a detention memo"),
        ("detention memo", "document", None, "says"),
        ("maintenance log", "document", None, "shows"),
        ("The Information", "outlet", None, "reported"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sales fell, according to figures released April 3 by the Harlow Retail Group.",
            [("Harlow Retail Group", "organisation", "2008-04-03", "according to")],
        ),
        (  # what a report is in is a publication, and the report's date is the citation's
            "According to an April 2nd report in Kestrel Digest, the store closed.",
            [("Kestrel Digest", "outlet", "2008-04-02", "according to")],
        ),
        ("Sales fell, according to figures released on Monday.", []),  # whose figures?
    ],
)
def test_figures_and_reports_named_by_who_issued_or_printed_them(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2008, 4, 10))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a longer paper's name, not The Times
            "The mill closed, The Times Record reported.",
            [("Times Record", "outlet", None, "reported")],
        ),
        (  # a station of the BBC is the BBC
            "Speaking to BBC Radio Leeds, the owner said the mill closed.",
            [("BBC News", "outlet", None, "speaking to")],
        ),
        (  # a surname that is an outlet word is still the person's
            "Lieutenant Ana Leader said the mill closed. Leader said it would reopen.",
            [],
        ),
        (
            "According to the U.S. Geological Survey, the quake struck at noon.",
            [("U.S. Geological Survey", "organisation", None, "according to")],
        ),
        ("According to New Zealand, the mill closed.", []),  # a place, not a source
        ("Although release details were scarce, the mill closed.", []),  # not a document
        ("One report said the mill closed.", []),
    ],
)
def test_names_that_are_not_the_source_they_look_like(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The shots hit him, according to the Harlow County Office of the Medical Examiner.",
            [
                (
                    "Harlow County Office of the Medical Examiner",
                    "organisation",
                    None,
                    "according to",
                )
            ],
        ),
        ("The data is clear, according to the Office.", []),  # which office?
        (  # a person once called "General" is not the state's attorney general
            "Attorney General Greg Abbott spoke. Jeffs was convicted, according to the Texas "
            "Attorney General.",
            [],
        ),
        (
            "Commissioner Charles Ramsey spoke. The car was stolen, according to Commissioner "
            "Ramsey.",
            [("Charles Ramsey", "person", None, "according to")],
        ),
    ],
)
def test_offices_and_titles(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


def test_an_outlet_has_learned(run: Callable[..., Extraction]) -> None:
    assert rows(run("KXRT News has learned the mill will close.")) == [
        ("KXRT News", "outlet", None, "learned")
    ]
    assert rows(run("KXRT News learned a lesson.")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a reporter of a paper: the paper is the source
            "The offer was $145 million, according to Ana Ruiz of the Boston Herald.",
            [("Boston Herald", "outlet", None, "according to")],
        ),
        (  # what an office owns speaks for the office
            "Smoking kills, according to the Office of the Surgeon General's Web site.",
            [("Office of the Surgeon General", "organisation", None, "according to")],
        ),
    ],
)
def test_staff_of_an_outlet_and_what_an_office_owns(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


def test_a_unit_of_a_broadcaster_saying_something_is_not_its_news(
    run: Callable[..., Extraction],
) -> None:
    assert rows(run("BBC Drama Commissioning said the series would return.")) == []
    assert rows(run("The BBC said the series would return.")) == [
        ("BBC News", "outlet", None, "said")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The actress entered rehab, according to TMZ.com.",
            [("TMZ", "outlet", None, "according to")],
        ),
        ('"He was a problem," the warden told TIME.', [("Time", "outlet", None, "told")]),
        (
            "Officials should follow the old rules, according to the memorandum.",
            [("memorandum", "document", None, "according to")],
        ),
    ],
)
def test_sites_capitals_and_memoranda(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "According to an April 2nd report in Kestrel Tech Review, the store closed.",
            [("Kestrel Tech Review", "outlet", "2008-04-02", "according to")],
        ),
        (  # a place, not a publication; and "a report" names no source
            "According to a report in the Washington area, the store closed.",
            [],
        ),
        ("According to a 2007 report, the store closed.", []),
        (
            "According to a 2007 audit report, the store closed.",
            [("audit report", "document", "2007", "according to")],
        ),
    ],
)
def test_what_a_report_is_in(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2008, 4, 10))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mill closed, and court records show it was sold.",
            [("court records", "document", None, "show")],
        ),
        (
            "Officers said in a search warrant affidavit that the gun was loaded.",
            [
                (
                    "search warrant affidavit",
                    "document",
                    None,
                    "said in a search warrant affidavit",
                )
            ],
        ),
        ("Prosecutors said court records show he paid.", []),  # reported speech
    ],
)
def test_a_document_is_named_in_full_after_a_conjunction(
    run: Callable[..., Extraction], text: str, expected: list[tuple]
) -> None:
    assert rows(run(text, dt.date(2024, 5, 3))) == expected


def test_an_agency_named_by_its_initials_is_a_source(run: Callable[..., Extraction]) -> None:
    assert rows(run("According to the NYPD, the car was stolen.")) == [
        ("NYPD", "organisation", None, "according to")
    ]
    x = run("According to an NYPD release, the car was stolen.")
    assert rows(x) == [("NYPD", "organisation", None, "according to")]
    assert claims(x) == ["the car was stolen."]


def test_notices_and_directives_are_documents(run: Callable[..., Extraction]) -> None:
    text = (
        "The mill laid off 300 workers, according to a notice filed with the state labor "
        "department. The notice says the layoffs take effect in August. The airline grounded "
        "14 jets, the Federal Aviation Administration said in an emergency directive. "
        "According to the directive, inspections must end within 30 days."
    )
    faa = "Federal Aviation Administration"
    assert rows(run(text, dt.date(2024, 6, 21))) == [
        ("notice", "document", None, "according to"),
        ("notice", "document", None, "says"),
        (faa, "organisation", None, "said in an emergency directive"),
        (faa, "organisation", None, "according to"),  # the directive cited before
    ]


def test_a_participle_before_the_comma_dates_the_document(run: Callable[..., Extraction]) -> None:
    text = "According to a preliminary report released last week, the pilot felt a vibration."
    x = run(text, dt.date(2024, 4, 4))
    assert rows(x) == [("preliminary report", "document", "2024-W13", "according to")]
    assert claims(x) == ["the pilot felt a vibration."]


def test_records_agreements_and_a_sentence_opening_word(run: Callable[..., Extraction]) -> None:
    text = (
        "The Dalton Chemical plant was fined twice in 2019 over faulty valves, per OSHA "
        "records. Plant manager Michael Ortega pleaded guilty to a safety violation, "
        "according to the plea agreement. He had skipped 40 inspections, according to jail "
        "records obtained by the Ledger. As The Boston Globe reported in May, the plant had "
        "been warned. The fine was paid, according to city records."
    )
    assert rows(run(text, dt.date(2024, 3, 8))) == [
        ("OSHA records", "document", None, "per"),  # records an agency keeps, not its word
        ("plea agreement", "document", None, "according to"),
        ("jail records", "document", None, "according to"),
        ("The Boston Globe", "outlet", "2023-05", "reported"),  # not "As The Boston Globe"
        ("city records", "document", None, "according to"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rachel Dunn said in a television interview with CNN that she regretted nothing.",
        "Rachel Dunn said in a rare interview with CNN that she regretted nothing.",
        "In an interview with CNN, Rachel Dunn said she regretted nothing.",
    ],
)
def test_an_interview_with_an_outlet_of_any_kind(run: Callable[..., Extraction], text: str) -> None:
    assert rows(run(text)) == [("CNN", "outlet", None, "in an interview with")]


def test_the_newspaper_is_the_one_outlet_named_before(run: Callable[..., Extraction]) -> None:
    text = (
        "A story in The Boston Globe said the pilot had been warned twice. The engine had "
        "failed before, the newspaper reported. The airline declined to comment."
    )
    x = run(text)
    assert rows(x) == [
        ("The Boston Globe", "outlet", None, "said"),
        ("The Boston Globe", "outlet", None, "reported"),
    ]
    assert claims(x)[1] == "The engine had failed before."
    dated = "CNN covered the crash. The engine had failed, the network said on Wednesday."
    x = run(dated, dt.date(2024, 3, 8))
    assert rows(x) == [("CNN", "outlet", "2024-03-06", "said")]
    assert claims(x) == ["The engine had failed."]
    # two outlets named before: which one is meant is not known
    two = "CNN and The Boston Globe covered the crash. The engine had failed, the newspaper said."
    assert rows(run(two)) == []


def test_a_network_affiliate_is_the_station_that_heard_it(run: Callable[..., Extraction]) -> None:
    text = (
        "One passenger told CNN affiliate WBAL that he did not know how he survived the crash. "
        "The driver told NBC affiliate KSL on Monday that the brakes failed. "
        "The mayor told CNN that the road was closed."
    )
    x = run(text, dt.date(2024, 3, 8))
    assert [(c.source, c.claim) for c in x.citations] == [
        ("WBAL", "he did not know how he survived the crash."),
        ("KSL", "the brakes failed."),
        ("CNN", "the road was closed."),
    ]


def test_a_statement_cited_then_referred_to_as_the_statement(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The Harwick water board dropped its appeal on Monday after the state agency said it "
        "would not pursue the matter, according to a statement. The statement from the "
        "Ravenna County Attorney's office said it disagreed with the ruling. The statement "
        "added that the board would pay the costs. Board chair Lena Voss was quoted in the "
        "statement saying the town must move on."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("statement", "document", None, "according to"),  # issued to be quoted: whose is known
        ("statement", "document", None, "said"),
        ("statement", "document", None, "added"),
        ("statement", "document", None, "quoted in the statement"),
    ]
    assert claims(x)[1:] == [
        "it disagreed with the ruling.",
        "the board would pay the costs.",
        "the town must move on.",
    ]


def test_the_words_of_a_release_filings_and_examinations(run: Callable[..., Extraction]) -> None:
    text = (
        'The Corvale city council approved the repairs on Tuesday. The statement read: "We '
        'will rebuild the bridge by spring." Contractors began work the next day. "Every crew '
        'will be inspected," read the release. An order filed in U.S. District Court in '
        "Brantford on Monday says the town will pay $2 million. A post-mortem examination "
        "conducted on Thursday found the diver drowned. The driver died from what the autopsy "
        "determined was heart failure. The release said the bridge was safe."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("statement", "document", None, "read"),  # "read": its very words
        ("release", "document", None, "read"),
        ("order filed in U.S. District Court in Brantford", "document", "2024-06-03", "says"),
        ("post-mortem examination", "document", "2024-05-30", "found"),
        ("autopsy", "document", None, "determined"),
        ("release", "document", None, "said"),  # the release cited before
    ]
    assert claims(x)[:2] == [
        "We will rebuild the bridge by spring.",
        "Every crew will be inspected.",
    ]
    assert claims(x)[4] == "The driver died from what was heart failure."


def test_filings_charges_and_a_quote_closing_before_the_document(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Defense lawyer Tracy Odum filed a motion on Friday. The jury never heard about the "
        "second gun, according to court papers filed by Odum. “The county hid the evidence "
        "from the defense,” the lawsuit states. “He fired down the street,” Deputy Prosecutor "
        "Lina Marsh wrote in the charges. Oren Pask died from a gunshot wound, according to the "
        "charges against Kellan Drew. The wrongful death suit filed by his parents and his "
        "estate against the city and two of its officers alleged the deputies acted "
        "recklessly. Five workers faked an audit, the statement on Twitter-like Weibo said."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("court papers filed by Odum", "document", None, "according to"),  # not Odum's quote
        ("lawsuit", "document", None, "states"),
        ("charges", "document", None, "wrote in the charges"),
        ("charges", "document", None, "according to"),
        ("wrongful death suit", "document", None, "alleged"),
        ("statement", "document", None, "said"),
    ]
    assert claims(x) == [
        "The jury never heard about the second gun.",
        "The county hid the evidence from the defense.",
        "He fired down the street.",
        "Oren Pask died from a gunshot wound.",
        "the deputies acted recklessly.",
        "Five workers faked an audit.",
    ]


def test_outlets_named_at_the_end_and_after_what_they_are(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Names in the complaint (via Deadline) include the director and two producers. The "
        'studio released a statement to Variety on Friday. "He will be home soon," said Marta '
        "Quill, a lawyer whose client left prison, to The Boston Globe. One family identified "
        "the girl they lost to CBS News. A neighbour said he sent the photos to The Boston "
        "Globe. The fire spread to three homes, an official told news agency PTI. The roof fell "
        "in at 6 a.m., Ema Ruland, a clerk at the town hall, told the Harlow Valley Ledger "
        "late Tuesday."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("Deadline", "outlet", None, "via"),
        ("Variety", "outlet", "2024-05-31", "statement to"),
        ("The Boston Globe", "outlet", None, "said to"),
        ("CBS News", "outlet", None, "identified to"),  # not "sent the photos to"
        ("Press Trust of India", "outlet", None, "told"),
        ("Harlow Valley Ledger", "outlet", None, "told"),
    ]
    assert claims(x)[0] == "Names in the complaint include the director and two producers."
    assert claims(x)[3:] == [
        "One family identified the girl they lost.",
        "The fire spread to three homes.",  # the claim before who told it
        "The roof fell in at 6 a.m.",
    ]


def test_people_named_after_their_role_and_recordings(run: Callable[..., Extraction]) -> None:
    text = (
        "Dana Roe, a lawyer, spoke on Monday. Per Harlow Productions attorney, Dana Roe, the "
        "plant will reopen in May. The shop closed in May, according to attorney Vera "
        "Lindqvist, who represents the owners. The bridge reopened, according to police in "
        "Harlan. Two deputies answered a call and, according to video from the scene, shouted "
        "at Ray Ellory before firing. Video of the encounter shows a cruiser stopping beside "
        "the shed. The deputy posted video of the arrest showing nothing. According to a "
        "video, the shed burned."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("Dana Roe", "person", None, "per"),  # the attorney, not the company
        ("Vera Lindqvist", "person", None, "according to"),
        ("video from the scene", "document", None, "according to"),
        ("video of the encounter", "document", None, "shows"),
    ]
    assert claims(x)[1:] == [
        "The shop closed in May.",
        "Two deputies answered a call and shouted at Ray Ellory before firing.",
        "a cruiser stopping beside the shed.",
    ]


def test_according_to_him_is_the_one_person_speaking_before(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Tomas Reyvik said he was fishing on the lake when he heard a loud bang.\n\n"
        '"I saw the boat burning," he said. According to him, the engine exploded twice.\n\n'
        "Fire chief Anil Moravec said the crew found three people. Nadia Orlov, a nurse, "
        "treated them.\n\nAccording to her, all three were burned.\n\n"
        "Pilot Ivan Sorel and co-pilot Marek Lind said they saw smoke. According to him, the "
        "engine failed."
    )
    x = run(text, dt.date(2024, 6, 1))
    # "her" is nobody named as "she"; "him" after two men is either
    assert rows(x) == [("Tomas Reyvik", "person", None, "according to")]
    assert claims(x) == ["the engine exploded twice."]


def test_the_one_role_holder_or_organisation_named_before(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "A Harlan County Sheriff's Office deputy opened an inquiry. Police chief Omar Velt "
        "said six people were held. They failed to lock the gates, according to the police "
        "chief. According to the sheriff's office, two deputies handled the rifle. The bridge "
        "fell, according to the fire department. The pump failed, according to the mayor."
    )
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == [
        ("Omar Velt", "person", None, "according to"),
        ("Harlan County Sheriff's Office", "organisation", None, "according to"),
    ]  # no fire department and no mayor is named
    assert claims(x) == ["They failed to lock the gates.", "two deputies handled the rifle."]


def test_a_story_by_named_reporters(run: Callable[..., Extraction]) -> None:
    text = (
        "As Channel 9 reported, the Boston Globe story by reporters Ana Lusk and Piet Varo "
        "indicated that the pilot was locked out."
    )
    x = run(text)
    assert rows(x) == [("The Boston Globe", "outlet", None, "indicated")]
    assert claims(x) == ["the pilot was locked out."]
