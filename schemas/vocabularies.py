"""Controlled vocabularies of the published tables, each value with its meaning."""

EVENT_TYPES: dict[str, str] = {
    "shooting": "A person fires a gun and someone is or could be hit.",
    "death": "A person dies (when not reported as part of a shooting or accident).",
    "injury": "A person is hurt (when not reported as part of a shooting or accident).",
    "accident": "An unintended harmful incident: a crash, fall, collapse, fire or explosion.",
    "attack": "A deliberate assault other than a shooting: stabbing, beating, poisoning.",
    "arrest": "A person is arrested or taken into custody.",
    "charge": "A person is charged or indicted with an offence.",
    "trial": "A trial begins or takes place.",
    "conviction": "A person is convicted, found guilty, or pleads guilty or no contest.",
    "acquittal": "A person is acquitted or found not guilty.",
    "sentencing": "A person is sentenced.",
    "appeal": "A party appeals a decision.",
    "dismissal": "Charges, a case or a lawsuit are dismissed or dropped.",
    "lawsuit": "A party sues or files a lawsuit.",
    "settlement": "Parties settle a case or reach a settlement.",
    "investigation": "An inquiry is opened or carried out.",
    "safety failure": "A person fails to carry out a safety duty (to inspect, check, secure).",
    "statement": "A party issues a formal statement.",
    "walkout": "Workers walk off the job or go on strike.",
    "protest": "People protest, rally, march or hold a vigil.",
    "production halted": "Production or filming is halted, suspended or shut down.",
    "production resumed": "Production or filming resumes.",
    "premiere": "A work is shown publicly for the first time.",
    "release": "A work is released to the public.",
    "resignation": "A person resigns or steps down.",
}

PARTICIPANT_ROLES: dict[str, str] = {
    "victim": "The person harmed or killed.",
    "shooter": "The person who fired the gun.",
    "injured": "A person injured in the event.",
    "perpetrator": "The person who caused the harm (other than by shooting).",
    "defendant": "The person arrested, charged, tried, convicted, sentenced or sued.",
    "plaintiff": "The person who sues or appeals.",
    "judge": "The judge or court official who decides.",
    "responsible": "The person whose duty the event concerns.",
    "participant": "A person taking part in another way.",
}

PARTICIPANT_EVIDENCE: dict[str, str] = {
    "argument": "The person is an argument of the event's own word: its subject, object or "
    'agent, the "against" phrase, or the "of" phrase or possessor of an event noun '
    '("X was convicted", "the death of X", "charges against X"); for a shooting also the '
    'holder of the gun that fired ("a revolver held by X discharged").',
    "apposition": 'The person is named in apposition to such an argument ("the armorer, X, '
    'was convicted").',
    "role noun": "The argument is a definite role noun that exactly one person of the article "
    'holds ("the armorer was convicted", where the article calls only X the armorer).',
    "pronoun": 'The argument is "he" or "she" and exactly one person is named before it in its '
    "sentence, or else in the sentence before.",
}

SOURCE_TYPES: dict[str, str] = {
    "outlet": "A news organisation (canonical name when known, else as written).",
    "person": "A named person.",
    "organisation": "A named organisation other than a news outlet.",
    "document": "A document: court records, a complaint, a police report.",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "YYYY-MM-DD: the text gives the day.",
    "week": 'YYYY-Www: the text gives the ISO 8601 week, Monday to Sunday ("last week": '
    '2024-W11; "last weekend": the week it ends).',
    "month": "YYYY-MM: the text gives the month.",
    "quarter": 'YYYY-Qn: the text gives the calendar quarter ("the first quarter of 2024": '
    "2024-Q1).",
    "year": 'YYYY: the text gives the year (or a season or half of it: "last summer").',
    "decade": 'YYY: the text gives the decade, as ISO 8601 reduced precision ("the 2020s": 202).',
}

DATE_RESOLUTIONS: dict[str, str] = {
    "explicit": "Written out in the text.",
    "publication-relative": 'Relative to the article\'s publication date ("Tuesday").',
    "event-relative": 'Relative to another event the text names ("the day before the crash").',
}
