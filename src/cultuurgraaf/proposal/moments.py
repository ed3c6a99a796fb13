"""The moments of an activity's time-span: a day, with its time of day where the export gives one,
as an ``xsd:dateTime`` on Brussels' clock, and the dates of a heritage object as the date functions
read them.

The function follows the form of the day: ``cg:dayTime`` for a day written as text (with the time
of day, or 00:00 written in the mapping, said so), ``cg:uitTime`` and ``cg:epochDateTime`` for days
in epoch milliseconds, ``cg:localTime`` for date-times. An end time on the start's day is given the
start time, so that one not later than its start is on the next day.
"""

from __future__ import annotations

from .profile import FieldProfile
from .trial import reading
from .yaml_text import Call, Rule, TriplesMap

#: 07/17/2011 turned round to 17/07/2011, where a field's values prove that months come first
MONTH_FIRST, DAY_FIRST = r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$", r"\3/\1/\4"
_DAY_MS = 86_400_000


def times_of_day(fp: FieldProfile, in_ms: bool, share: float) -> bool:
    """Whether a field holds times of day: ``20:15`` in text, or, beside days in epoch milliseconds,
    whole minutes in milliseconds within a day (the event database writes 20:15 as 69300000)."""
    if not in_ms:
        return fp.share("time") >= share
    numbers = [v for v in fp.distinct or () if v.lstrip("-").isdigit()]
    return fp.share("integer", "zero") >= share and bool(numbers) and all(
        abs(int(v)) <= _DAY_MS and int(v) % 60_000 == 0 for v in numbers)


def day_first(builder, fp: FieldProfile) -> tuple["str | Call", list[str]]:
    """The field's value, with month/day/year turned round where its values prove that order
    (07/17/2011), and its distinct values as the date functions are then given them."""
    value, values = builder.value(fp), sorted(fp.distinct or ())
    if fp.order["md"] and not fp.order["dm"]:
        turned = Call("cg:replace", (("cg:value", value), ("cg:pattern", MONTH_FIRST), ("cg:replacement", DAY_FIRST)))
        return turned, reading("cg:replace", values, pattern=MONTH_FIRST, replacement=DAY_FIRST).values
    return value, values


class Clock:
    """Writes the start and end of a :class:`~.propose.Builder`'s activity onto its time-span node."""

    def __init__(self, builder):
        self.b = builder

    def moment(self, node: TriplesMap, predicate: str, day: FieldProfile, time: FieldProfile | None,
               start: FieldProfile | None = None) -> None:
        """``predicate`` from ``day`` and ``time``; ``start``: the start time, for an end time on the
        start's day."""
        form = day.main_form()
        value, days = day_first(self.b, day)
        parameters: tuple = ()
        if time is not None:
            self.b.take(time)
            parameters = (("cg:time", self.b.value(time)),)
            if start is not None:
                parameters += (("cg:start", self.b.value(start)),)
        if form == "epoch ms" and time is not None:
            expression = Call("cg:uitTime", (("cg:date", value),) + parameters)
            why = (f"days in epoch milliseconds, with the time of day from {self.b.seen(time)}, read as the event "
                   "database writes it (20:15 as 69300000, its moment on 1 January 1970 in Brussels); if these "
                   "are milliseconds after midnight, use cg:epochDateTime with cg:offset")
            read = reading("cg:uitTime", sorted(time.distinct or ()), parameter="time", date="0")
        elif form == "epoch ms":
            expression = Call("cg:epochDateTime", (("cg:value", value),))
            why, read = "moments in epoch milliseconds, on Brussels' clock", reading("cg:epochDateTime", days)
        elif form == "iso datetime":
            expression = Call("cg:localTime", (("cg:value", value),))
            why = "date-times; those without an offset are read as Brussels time"
            read = reading("cg:localTime", days)
        elif time is not None:
            expression = Call("cg:dayTime", (("cg:date", value),) + parameters)
            times = reading("cg:dayTime", sorted(time.distinct or ()), parameter="time", date="2024-01-01")
            why = (f"the day, with the time of day from {time.field.label} ({self.b.seen(time)}; "
                   f"{times.says('distinct times')}), on Brussels' clock")
            read = reading("cg:date", days)
        else:
            expression = Call("cg:dayTime", (("cg:date", value), ("cg:time", "00:00")))
            why = ("only a day: the export gives no time of day, so 00:00 is written here (a guess the data "
                   "cannot confirm; map the time field instead if the export has one)")
            read = reading("cg:date", days)
        if start is not None:
            why += f"; an end time not later than the start time ({start.field.label}) is on the next day"
        if time is not None and day.most > 1:
            why += (f"; NOTE: a record has up to {day.most} days here, each combined with each of its times: "
                    "map them in a nested map of their own if they pair up")
        said = read.says("distinct times" if read.function == "cg:uitTime" else "distinct values")
        node.rules.append(Rule(predicate, expression, datatype="xsd:dateTime",
                               notes=(self.b.seen(day, why=f"{why}; {said}"),)))
        self.b.guesses.append(f"{predicate}: {day.field.label}" + (f" + {time.field.label}" if time else ""))

