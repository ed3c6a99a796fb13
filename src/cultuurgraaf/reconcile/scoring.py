"""Scores and match decisions: how sure the service is that a candidate is the thing a row names.

A score is a whole number from 0 to 100:

* **100** for a candidate that carries every authority id the row gives (a property named after an
  identifier key: ``wikidata``, ``viaf``, ``rkd``, ``isil``, ``kbo``, ...), whatever its name;
* otherwise the **name score**: 100 when the row's name and the candidate's have the same words
  (case, accents, punctuation, word order and Belgian legal forms such as *vzw* aside, so
  ``Rubens, Peter Paul`` is ``Peter Paul Rubens``), else the similarity of the two (at most 99);
  **halved** for every property of the row that the candidate carries with another value.

A candidate is a **match** (``"match": true``, which OpenRefine accepts without asking) when

* it is the one thing (or group of linked records) that carries the authority ids of the row; or,
  when the row gives no authority id, when it is the only candidate scored 100 and none of the
  row's properties disagrees with it.

>>> name_score("Peter Paul Rubens", "Peter Paul Rubens"), name_score("RUBENS, Peter Paul", "Peter Paul Rubens")
(100, 100)
>>> name_score("Théâtre Marni vzw", "Theatre Marni"), name_score("Henri van de Velde", "Henry van de Velde")
(100, 94)
>>> name_score("Rubens", "Peter Paul Rubens"), name_score("", "Rubens")
(52, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..linking.keys import normalise

#: the most a name that is not the same name scores
NOT_THE_SAME = 99


def name_words(text: str) -> list[str]:
    """The words of a name as matching compares them: folded, sorted."""
    return sorted((normalise("naam", text) or "").split())


def name_score(asked: str, name: str) -> int:
    """How alike two names are, 0 to 100 (100: the same words)."""
    a, b = name_words(asked), name_words(name)
    if not a or not b:
        return 0
    if a == b:
        return 100
    return min(NOT_THE_SAME, round(100 * SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()))


@dataclass
class Scored:
    """A candidate, what it was found by, and the features it is scored by.

    >>> Scored("x", "Rubens", name_score=100, disagreements=1).score, Scored("x", "Rubens", 80, by_identifier=True).score
    (50.0, 100)
    """

    iri: str
    name: str
    name_score: int = 0
    by_identifier: bool = False
    disagreements: int = 0
    features: dict[str, bool | int] = field(default_factory=dict)

    @property
    def score(self) -> float | int:
        if self.by_identifier:
            return 100
        return self.name_score / 2 ** self.disagreements if self.disagreements else self.name_score


def decide(candidates: list[Scored], *, identifiers_asked: bool) -> list[bool]:
    """Which candidates (best first) are a match: see the module's documentation.

    >>> decide([Scored("a", "A", 100), Scored("b", "B", 90)], identifiers_asked=False)
    [True, False]
    >>> decide([Scored("a", "A", 100), Scored("b", "B", 100)], identifiers_asked=False)
    [False, False]
    >>> decide([Scored("a", "A", 100)], identifiers_asked=True)
    [False]
    >>> decide([Scored("a", "A", 100, by_identifier=True)], identifiers_asked=True)
    [True]
    """
    if identifiers_asked:
        carriers = [c for c in candidates if c.by_identifier]
        return [len(carriers) == 1 and c.by_identifier for c in candidates]
    best = [c for c in candidates if c.score == 100]
    return [len(best) == 1 and c.score == 100 and not c.disagreements for c in candidates]
