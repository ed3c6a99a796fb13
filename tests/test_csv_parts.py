"""Cutting a CSV file into byte ranges that each start where a record starts (csv_parts.py), and
reading one range as the records and line numbers of the whole file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cultuurgraaf.errors import SourceError
from cultuurgraaf.sources import LogicalSource
from cultuurgraaf.sources.csv_parts import MissedCut, Part, cut
from cultuurgraaf.sources.csv_reader import CsvRecords

QUOTED = (b'id,title,note\n'
          + b''.join(b'O%d,"a title, with a comma","two\nlines and ""quotes"""\n' % i for i in range(40))
          + b''.join(b'P%d,plain,x\n' % i for i in range(40)))


def read(source: LogicalSource, part: Part | None = None) -> list[tuple[str, list[str]]]:
    """(locator, row) of every record, as the reader's iteration gives them."""
    records = CsvRecords(source, part=part)
    try:
        return [(records.locator(), row) for row in records]
    finally:
        records.close()


@pytest.mark.parametrize("parts", [2, 3, 7, 50])
@pytest.mark.parametrize("header", [True, False])
def test_the_parts_together_are_the_whole_file_with_its_line_numbers(tmp_path, parts, header):
    path = tmp_path / "o.csv"
    path.write_bytes(QUOTED if header else QUOTED.split(b"\n", 1)[1])
    source = LogicalSource(path, "csv", header=header)
    found = cut(path, parts, encoding="utf-8", min_size=0)
    assert found is not None and len(found) == parts
    assert found[0].start == 0 and found[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(found, found[1:]))
    assert sum(1 for p in found if p.end > p.start) > 1
    pieces = [row for part in found for row in read(source, part)]
    assert pieces == read(source)


def test_a_cut_never_falls_inside_a_quoted_field(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes(QUOTED)
    data = QUOTED
    for parts in range(2, 30):
        for part in cut(path, parts, encoding="utf-8", min_size=0)[1:]:
            assert part.start == len(data) or data[part.start:part.start + 1] in (b"O", b"P")
            assert data[:part.start].count(b'"') % 2 == 0
            assert part.line == data[:part.start].count(b"\n")


@pytest.mark.parametrize("why,content,options", [
    ("gzip", None, {}),
    ("UTF-16", QUOTED.decode().encode("utf-16"), {"encoding": "utf-16"}),
    ("a lone carriage return", QUOTED.replace(b"P3,plain", b"P3,pl\rain"), {}),
    ("too small", QUOTED, {"min_size": len(QUOTED) + 1}),
])
def test_files_that_cannot_be_cut_are_read_whole(tmp_path, why, content, options):
    if why == "gzip":
        path = tmp_path / "o.csv.gz"
        path.write_bytes(gzip.compress(QUOTED))
    else:
        path = tmp_path / "o.csv"
        path.write_bytes(content)
    options = {"encoding": "utf-8", "min_size": 0, **options}
    assert cut(path, 2, **options) is None


def test_windows_line_ends_are_cut_after_the_line_feed(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes(QUOTED.replace(b"\n", b"\r\n"))
    source = LogicalSource(path, "csv")
    found = cut(path, 3, encoding="utf-8", min_size=0)
    assert [row for part in found for row in read(source, part)] == read(source)


def test_a_quote_inside_an_unquoted_field_is_caught_where_the_misled_part_ends(tmp_path):
    """The odd quote makes the parity rule cut inside the quoted field that follows; the part
    before that cut then ends inside a record, which its reader reports as a missed cut."""
    rows = [b'id,size,note\n', b'O1,5" tall,x\n'] + [b'O%d,1,"a\nb"\n' % i for i in range(2, 30)]
    path = tmp_path / "o.csv"
    path.write_bytes(b"".join(rows))
    source = LogicalSource(path, "csv")
    found = cut(path, 2, encoding="utf-8", min_size=0)
    with pytest.raises(MissedCut):
        read(source, found[0])


def test_a_broken_record_at_the_end_of_the_file_is_the_files_own_error(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes(QUOTED + b'Z1,"never closed,x\n')
    source = LogicalSource(path, "csv")
    last = cut(path, 2, encoding="utf-8", min_size=0)[-1]
    with pytest.raises(SourceError, match="malformed CSV") as raised:
        read(source, last)
    with pytest.raises(SourceError, match="malformed CSV") as whole:
        read(source)
    last_line = QUOTED.count(b"\n") + 1
    assert raised.value.location.record == whole.value.location.record == f"line {last_line}"
