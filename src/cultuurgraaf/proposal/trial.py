"""The proposal's functions tried on the export's own values, as a build runs them.

A function gives a value for a value it reads, no value for one it reads as "unknown", and no
value for one it cannot read: that one a build counts per rule and lists with its row (the rule
of ``cultuurgraaf mapping functions``). A proposal's comment says what a function reads of a
field's distinct values, so a person knows before the build what it will list.

>>> tried = reading("cg:edtf", ["ca. 1890", "17 juli 2011", "onbekend", "volgend jaar"])
>>> tried.says()
"cg:edtf reads 2 of 4 distinct values; it cannot read 1 (such as 'volgend jaar': not a date it recognises), which gives no value and a build lists with its row"
>>> attempt("cg:urls", "www.smak.be; Turkije")
Attempt(values=['http://www.smak.be'], unreadable='not a web address: Turkije')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..mapping.functions import Unreadable, Written, call
from ..mapping.terms import is_absolute_iri


#: how many distinct values of a field a proposal tries a slow function on (cg:likelyLanguage takes
#: about a millisecond a value), in the order of the values, for a comment that says so
TRIED = 500


@dataclass(frozen=True)
class Attempt:
    """What one function made of one value: what a build writes (for a value it cannot read, what
    it still kept of it) and, when it cannot read it, why."""

    values: list[str]
    unreadable: str = ""


def attempt(function: str, value: str, parameter: str = "value", **others: str) -> Attempt:
    """Call ``function`` with one value of the export as ``parameter`` (and ``others`` as the
    mapping writes them)."""
    try:
        return Attempt(call(function, **{parameter: value}, **{k: Written(v) for k, v in others.items()}))
    except Unreadable as exc:
        return Attempt(exc.kept, exc.reason)


@dataclass
class Reading:
    """What ``function`` made of a field's distinct values: how many it read (gave a value for, a
    valid IRI where ``iri``), and those it could not read with why."""

    function: str
    total: int = 0
    read: int = 0
    #: what it gave for the values it read
    values: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def all(self) -> bool:
        return self.read == self.total

    def says(self, what: str = "distinct values") -> str:
        """``cg:edtf reads 4 of 6 distinct values; 2 it cannot read ...``, for a comment."""
        text = f"{self.function} reads {self.read:,} of {self.total:,} {what}"
        if self.unreadable:
            value, reason = self.unreadable[0]
            many = len(self.unreadable) > 1
            text += (f"; it cannot read {len(self.unreadable):,} (such as {value[:40]!r}: {reason}), which "
                     + ("give no value and a build lists with their rows" if many else
                        "gives no value and a build lists with its row"))
        return text


def reading(function: str, values: Iterable[str], *, iri: bool = False, parameter: str = "value",
            **others: str) -> Reading:
    """Try ``function`` on each of ``values`` as ``parameter`` (``others`` written in the mapping):
    what it reads of them (a valid IRI, with ``iri``)."""
    found = Reading(function)
    for value in values:
        outcome = attempt(function, value, parameter, **others)
        found.total += 1
        if outcome.unreadable:
            found.unreadable.append((value, outcome.unreadable))
        elif outcome.values and (not iri or all(is_absolute_iri(v) for v in outcome.values)):
            found.read += 1
            found.values += outcome.values
    return found
