"""Plain-English checks for written agreements with parents.

Reading age uses textstat 0.7.4 (pinned: later versions download NLTK data at run time and fail
offline): UK reading age = Flesch-Kincaid grade + 5. The inspection letter found agreements "overly
complex, not written in plain English" and silent on consequences, so a draft is flagged for a
reading age above MAX_READING_AGE, sentences over MAX_SENTENCE_WORDS words, listed jargon (with a
plainer word to use), and a missing "what happens if the agreement is not kept" section.
"""

from __future__ import annotations

import dataclasses
import re

import textstat

MAX_READING_AGE = 11
MAX_SENTENCE_WORDS = 20
GRADE_TO_READING_AGE = 5

# Jargon found in agreements, and a plainer way to say it. Keys are matched as whole words.
JARGON: dict[str, str] = {
    "safeguarding": "keeping children safe",
    "section 47": "child protection enquiry",
    "strategy discussion": "meeting between social workers and police",
    "core group": "the group of workers who meet with you about the plan",
    "child protection plan": "plan to keep your children safe",
    "initial child protection conference": "meeting about keeping your children safe",
    "icpc": "meeting about keeping your children safe",
    "multi-agency": "the different services working together",
    "non-compliance": "not keeping to this agreement",
    "compliance": "keeping to this agreement",
    "comply": "keep to",
    "adhere": "keep to",
    "facilitate": "help",
    "utilise": "use",
    "in accordance with": "in line with",
    "commence": "start",
    "cease": "stop",
    "deemed": "thought",
    "escalate": "take further",
    "significant harm": "serious harm",
    "contact arrangements": "when you see your children",
    "supervised contact": "time with your children with a worker there",
    "pre-proceedings": "the step before going to court",
    "public law outline": "the step before going to court",
    "legal planning meeting": "meeting to decide whether to go to court",
    "statutory": "required by law",
    "assessment": "check",
    "intervention": "help",
    "prior to": "before",
    "subsequent": "later",
    "regarding": "about",
    "with immediate effect": "from now on",
}

CONSEQUENCES_MISSING = "Say what happens if the agreement is not kept"


@dataclasses.dataclass(frozen=True)
class JargonHit:
    term: str
    suggestion: str


@dataclasses.dataclass(frozen=True)
class LongSentence:
    sentence: str
    words: int


@dataclasses.dataclass(frozen=True)
class PlainEnglishReport:
    reading_age: float
    grade: float
    long_sentences: list[LongSentence]
    jargon: list[JargonHit]
    consequences_missing: bool

    @property
    def reading_age_too_high(self) -> bool:
        return self.reading_age > MAX_READING_AGE

    @property
    def problems(self) -> list[str]:
        out = []
        if self.reading_age_too_high:
            out.append(
                f"Reading age is {self.reading_age:.0f}: aim for {MAX_READING_AGE} or under. "
                "Use shorter words and sentences."
            )
        out.extend(
            f"This sentence has {s.words} words (aim for {MAX_SENTENCE_WORDS} or fewer): “{s.sentence[:80]}…”"
            if len(s.sentence) > 80
            else f"This sentence has {s.words} words (aim for {MAX_SENTENCE_WORDS} or fewer): “{s.sentence}”"
            for s in self.long_sentences
        )
        out.extend(f"Instead of “{j.term}”, try “{j.suggestion}”" for j in self.jargon)
        if self.consequences_missing:
            out.append(CONSEQUENCES_MISSING)
        return out

    @property
    def is_plain(self) -> bool:
        return not self.problems


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def check(body: str, if_not_kept: str) -> PlainEnglishReport:
    text = f"{body or ''}\n{if_not_kept or ''}".strip()
    grade = float(textstat.flesch_kincaid_grade(text)) if text else 0.0
    long_sentences = [LongSentence(s, n) for s in sentences(text) if (n := len(s.split())) > MAX_SENTENCE_WORDS]
    lowered = text.lower()
    hits = [
        JargonHit(term, suggestion)
        for term, suggestion in JARGON.items()
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", lowered)
    ]
    return PlainEnglishReport(
        reading_age=round(max(grade, 0.0) + GRADE_TO_READING_AGE, 1),
        grade=grade,
        long_sentences=long_sentences,
        jargon=hits,
        consequences_missing=len((if_not_kept or "").split()) < 5,
    )
