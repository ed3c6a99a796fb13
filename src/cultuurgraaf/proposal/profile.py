"""A profile of an export: per column or path, how many records fill it and what its values look like.

Every record is read (through the project's own readers, as a build reads them), so the counts a
proposal's comments give are counts of the whole export, not of a sample.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .fields import Field, field_reader, words
from ..sources.marc_reader import MARC
from .forms import NUMBER_FORMS, PLACEHOLDERS, day_month_order, describe, form_of, marc_dates
from .reading import Export, read_export

#: Distinct values kept per field (enough to tell an id from a code list, and to count lists).
DISTINCT_CAP = 200_000
_LIST_SEPARATORS = (";", "|")


@dataclass
class FieldProfile:
    """What one field holds over all records."""

    field: Field
    records: int = 0                 # records where it has a value
    values: int = 0
    most: int = 0                    # the most values one record has
    forms: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    distinct: set[str] | None = field(default_factory=set)
    repeated: int = 0                # values met before (in another record, or twice in one)
    padded: int = 0                  # values with white space at either end
    lists: Counter = field(default_factory=Counter)
    order: Counter = field(default_factory=Counter)
    length: int = 0
    #: the placeholders (``None``, ``0001-01-01``) and zeros as written, with their counts
    placeholders: Counter = field(default_factory=Counter)
    #: whether its values may be dates (not so for the MARC fields the standard gives no dates)
    dated: bool = True

    def add(self, values: list[str]) -> None:
        self.records += 1
        self.values += len(values)
        self.most = max(self.most, len(values))
        for value in values:
            text = value.strip()
            if text != value:
                self.padded += 1
            form = form_of(text, dates=self.dated)
            self.forms[form] += 1
            self.examples.setdefault(form, text[:60])
            if form in ("placeholder", "zero"):
                self.placeholders[text] += 1
            self.length += len(text)
            if form == "dd/mm/yyyy" and (order := day_month_order(text)):
                self.order[order] += 1
            for separator in _LIST_SEPARATORS:
                if separator in text and sum(1 for part in text.split(separator) if part.strip()) > 1:
                    self.lists[separator] += 1
            if self.distinct is not None:
                if text in self.distinct:
                    self.repeated += 1
                else:
                    self.distinct.add(text)
                    if len(self.distinct) > DISTINCT_CAP:
                        self.distinct = None

    @property
    def unique(self) -> bool:
        """Whether each record has one value and no two records share it."""
        return self.distinct is not None and self.repeated == 0 and self.most == 1

    @property
    def distinct_count(self) -> int | None:
        return None if self.distinct is None else len(self.distinct)

    def count(self, *forms: str) -> int:
        return sum(self.forms[f] for f in forms)

    def main_form(self) -> str:
        return self.forms.most_common(1)[0][0] if self.forms else "text"

    def share(self, *forms: str) -> float:
        return self.count(*forms) / self.values if self.values else 0.0

    @property
    def spaced(self) -> float:
        """The share of distinct values that hold a space: words rather than codes."""
        values = list(self.distinct or ())[:1000]
        return sum(1 for v in values if " " in v) / len(values) if values else 0.0

    @property
    def letters(self) -> float:
        """The share of letters among the characters of the distinct values."""
        text = "".join(list(self.distinct or ())[:1000])
        return sum(1 for c in text if c.isalpha()) / len(text) if text else 0.0

    @property
    def average_length(self) -> float:
        return self.length / self.values if self.values else 0.0

    def list_separator(self) -> str | None:
        """``;`` or ``|`` when at least a tenth of the values are lists with it."""
        if not self.lists:
            return None
        separator, count = self.lists.most_common(1)[0]
        return separator if count >= max(2, self.values / 10) else None

    def seen(self, form: str | None = None) -> str:
        """What the field holds, as a comment says it: "DD/MM/YYYY dates in 4,135 of 4,135 rows"."""
        form = form or self.main_form()
        return f"{describe(form)} in {self.count(form):,} of {self.values:,} values"


@dataclass
class Profile:
    """An export, how to read it, and a :class:`FieldProfile` per field, in the order met."""

    export: Export
    records: int
    fields: dict[str, FieldProfile]
    null_values: tuple[str, ...] = ("",)
    null_note: str = ""
    #: what cannot be mapped, and why (a column without a name, ...)
    unmappable: list[str] = field(default_factory=list)
    #: (id column, attribute column, value column) of a long file (one row per attribute)
    long: tuple[str, str, str] | None = None

    @property
    def unit(self) -> str:
        """What a record is called in comments: rows of a CSV, records of a tree, things of a long file."""
        if self.long is not None:
            return "things"
        return "rows" if self.export.format == "csv" else "records"

    def present(self) -> list[FieldProfile]:
        return [p for p in self.fields.values() if p.values and p.field.mappable]


def profile_export(path: Path) -> Profile:
    """Read the whole export at ``path`` and profile it (twice when it writes placeholders such as
    ``None`` for "no value": the second time with those declared as null values)."""
    export = read_export(Path(path))
    profile = _profile(export, ("",))
    nulls, note = null_values(profile)
    if nulls != ("",):
        profile = _profile(export, nulls)
        profile.null_note = note
    if export.format == "csv":
        long = long_format(profile)
        if long is not None:
            profile = _pivoted(profile, long)
    return profile


def _profile(export: Export, nulls: tuple[str, ...]) -> Profile:
    reader = field_reader(export)
    profiles: dict[str, FieldProfile] = {}
    records = 0
    marc = any(uri == MARC for _, uri in export.namespaces)
    for record in reader.records(nulls):
        records += 1
        for key, values in record.items():
            if values:
                if key not in profiles:
                    known = reader.fields[key]
                    profiles[key] = FieldProfile(known, dated=not marc or marc_dates(known.reference))
                profiles[key].add(values)
    for key in [k for k in profiles if k not in reader.fields]:
        del profiles[key]       # a path the reader found no safe reference for (it says so in unnamed)
    for key, field_profile in profiles.items():
        field_profile.field = reader.fields[key]
    for key, known in reader.fields.items():
        profiles.setdefault(key, FieldProfile(known))
    return Profile(export, records, profiles, null_values=nulls, unmappable=list(reader.unnamed))


def null_values(profile: Profile) -> tuple[tuple[str, ...], str]:
    """The strings the export writes for "no value": placeholders (``None``, ``0001-01-01``), and
    ``0`` where fields that otherwise hold text write it, and no field of numbers holds it (a price
    of 0 is a price; a field of nothing but zeros says nothing either way)."""
    written: Counter = Counter()
    where: dict[str, set[str]] = {}
    numeric_zero = False
    for field_profile in profile.fields.values():
        for text, count in field_profile.placeholders.items():
            if text == "0" and (profile.export.format in ("json", "ndjson") or count == field_profile.values
                                or field_profile.count(*NUMBER_FORMS) > count):
                numeric_zero = numeric_zero or count < field_profile.values
                continue
            written[text] += count
            where.setdefault(text, set()).add(field_profile.field.label)
    if numeric_zero:
        written.pop("0", None)
    chosen = [text for text in written if text == "0" or text.lower() in PLACEHOLDERS]
    if not chosen:
        return ("",), ""
    parts = [f"{text!r} in {written[text]:,} values of {_some(sorted(where[text]))}" for text in chosen]
    return ("", *chosen), "; ".join(parts)


def _some(names: list[str]) -> str:
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def long_format(profile: Profile) -> tuple[str, str, str] | None:
    """A long file (id, attribute, value: one row per attribute of a thing), as three column keys.

    Three columns, where the first repeats (a thing on several rows) and the second holds a few
    names that come back on many rows (``naam``, ``adres``, ``stad``).
    """
    columns = [p for p in profile.fields.values() if p.field.mappable]
    if len(columns) != 3 or profile.records < 6:
        return None
    ids, attributes, values = columns
    names = attributes.distinct_count
    if ids.distinct_count is None or names is None or not 2 <= names <= 30:
        return None
    if ids.distinct_count > profile.records / 2 or attributes.main_form() != "text":
        return None
    return ids.field.reference, attributes.field.reference, values.field.reference


def _pivoted(profile: Profile, long: tuple[str, str, str]) -> Profile:
    """The long file profiled as if each attribute were a column of its own."""
    id_key, attribute_key, value_key = long
    reader = field_reader(profile.export)
    profiles: dict[str, FieldProfile] = {id_key: FieldProfile(profile.fields[id_key].field)}
    things: set[str] = set()
    seen_on: dict[str, set[str]] = {}
    for record in reader.records(profile.null_values):
        thing = (record.get(id_key) or [""])[0]
        things.add(thing)
        attribute = (record.get(attribute_key) or [""])[0]
        if not attribute:
            continue
        if attribute not in profiles:
            name_words = words(attribute)
            profiles[attribute] = FieldProfile(Field(value_key, f"'{value_key}' where {attribute_key} is '{attribute}'",
                                                     (name_words,), when=(attribute_key, attribute)))
        if record.get(value_key):
            profiles[attribute].add(record[value_key])
            seen_on.setdefault(attribute, set())
            if thing in seen_on[attribute]:
                profiles[attribute].most = max(profiles[attribute].most, 2)
            seen_on[attribute].add(thing)
    id_profile = profiles[id_key]
    id_profile.records = id_profile.values = len(things)
    id_profile.most = 1
    id_profile.forms = Counter(form_of(thing) for thing in things)
    id_profile.examples = profile.fields[id_key].examples
    id_profile.distinct = set(things)
    return Profile(profile.export, len(things), profiles, null_values=profile.null_values,
                   null_note=profile.null_note, unmappable=profile.unmappable, long=long)
