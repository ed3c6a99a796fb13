"""The change log under the feeds: canonical descriptions and their hashes, rows that appear only
with their generation, tombstones (removed or held back) and the retention policy."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cultuurgraaf.config import FeedsConfig, load_project
from cultuurgraaf.errors import ConfigError
from cultuurgraaf.feeds.changes import HELD_BACK, REMOVED, ChangeLog
from cultuurgraaf.iris import IriScheme
from cultuurgraaf.store.descriptions import SubjectCounts, describe_subjects

G = "https://data.cultuurgraaf.be/graph/s"
IRIS = IriScheme("https://data.cultuurgraaf.be")
PREFIX = "@prefix : <https://data.cultuurgraaf.be/id/ding/> . @prefix v: <http://x.org/> .\n"


def store_with(turtle: str) -> ox.Store:
    db = ox.Store()
    db.load((PREFIX + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(G))
    return db


def described(turtle: str) -> tuple[dict[str, str], SubjectCounts]:
    counts = SubjectCounts()
    return {d.subject.rsplit("/", 1)[1]: d for d in describe_subjects(store_with(turtle), [G], counts)}, counts


def test_the_hash_does_not_depend_on_the_labels_of_blank_nodes():
    one, _ = described(":a v:p _:x . _:x v:q 1 . _:x v:r _:y . _:y v:s 2 .")
    two, _ = described(":a v:p _:other . _:other v:r _:z ; v:q 1 . _:z v:s 2 .")
    three, _ = described(":a v:p _:x . _:x v:q 1 . _:x v:r _:y . _:y v:s 3 .")
    assert one["a"].hash == two["a"].hash != three["a"].hash
    assert one["a"].lines == two["a"].lines


def test_two_blank_nodes_alike_stay_two():
    found, _ = described(":a v:p [ v:q 1 ] , [ v:q 1 ] .")
    assert found["a"].lines.count("<http://x.org/q>") == 2


def test_blank_nodes_that_cannot_be_split_are_counted():
    _, counts = described(":a v:p _:shared . :b v:p _:shared . _:shared v:q 1 . _:alone v:q 2 .")
    assert (counts.subjects, counts.shared_blank_nodes, counts.unreached_blank_nodes) == (2, 1, 1)



def test_what_a_shared_blank_node_points_at_is_in_every_description_that_reaches_it():
    # blank nodes one description alone holds are let go once it is written; _:under is reached through
    # one triple only, but from a blank node two things share
    found, counts = described(":a v:p _:shared . :b v:p _:shared . _:shared v:q _:under . _:under v:r 1 . "
                              ":c v:p [ v:q [ v:r 1 ] ] .")
    assert found["a"].lines.count("<http://x.org/r> \"1\"") == found["b"].lines.count("<http://x.org/r> \"1\"") == 1
    assert found["a"].lines.replace("/a>", "/b>") == found["b"].lines
    assert found["c"].lines.replace("/c>", "/b>") == found["b"].lines
    assert (counts.shared_blank_nodes, counts.unreached_blank_nodes) == (1, 0)


def test_a_cycle_of_blank_nodes_is_written_once_and_counted():
    found, counts = described(":a v:p _:x . _:x v:q _:y . _:y v:q _:x .")
    assert found["a"].lines.count("\n") == 3
    assert counts.blank_node_cycles >= 1


def record(log: ChangeLog, turtle: str, generation: int, *, held_back=(), settings=FeedsConfig(page_size=2)):
    return log.record(store_with(turtle), generation=generation, sources={"s": [G]}, removed=[],
                      held_back={f"https://data.cultuurgraaf.be/id/ding/{n}" for n in held_back},
                      iris=IRIS, settings=settings)


def seen(log: ChangeLog, generation: int) -> list[tuple[str, int, int]]:
    """(entity, generation, deleted) of every member the generation's readers see."""
    return [(m.entity.rsplit("/", 1)[1], m.generation, m.deleted) for page in log.pages("s", generation)
            for m in log.members(page.first, page.last, generation)]


def test_rows_appear_with_their_generation_and_a_failed_one_is_written_again(tmp_path):
    log = ChangeLog(tmp_path)
    record(log, ":a v:p 1 . :b v:p 1 .", 1)
    record(log, ":a v:p 2 . :c v:p 1 .", 2)  # the store never switched to generation 2 ...
    assert seen(log, 0) == [] and log.sources(0) == []
    assert sorted(seen(log, 1)) == [("a", 1, 0), ("b", 1, 0)]
    # ... so the next build writes generation 2 again, against what generation 1 recorded
    [changes] = record(log, ":a v:p 1 . :d v:p 1 .", 2)
    assert (changes.versions, changes.tombstones, changes.unchanged) == (1, 1, 1)
    assert sorted(seen(log, 2)) == [("a", 1, 0), ("b", 1, 0), ("b", 2, REMOVED), ("d", 2, 0)]
    assert [p.number for p in log.pages("s", 2)] == [1, 2]


def test_held_back_entities_are_tombstoned_and_not_published(tmp_path):
    log = ChangeLog(tmp_path)
    record(log, ":a v:p 1 . :b v:p 1 .", 1, held_back=["b"])
    assert seen(log, 1) == [("a", 1, 0)]
    record(log, ":a v:p 1 .", 2, held_back=["a"])
    assert seen(log, 2)[-1] == ("a", 2, HELD_BACK)


def test_the_retention_policy_prunes_old_versions_but_never_the_latest(tmp_path):
    log = ChangeLog(tmp_path)
    keep_one = FeedsConfig(page_size=10, keep_versions=1)
    record(log, ":a v:p 1 . :b v:p 1 .", 1, settings=keep_one)
    record(log, ":a v:p 2 .", 2, settings=keep_one)
    assert len(seen(log, 2)) == 4, "what generation 2 replaced is pruned only once it is current"
    record(log, ":a v:p 2 .", 3, settings=keep_one)
    assert sorted(seen(log, 3)) == [("a", 2, 0), ("b", 2, REMOVED)]
    latest = log.latest(generation=3)
    assert sorted((m.entity.rsplit("/", 1)[1], m.deleted) for m in latest) == [("a", 0), ("b", REMOVED)]


@pytest.mark.parametrize("settings, message", [
    ("page_size = 0", "[feeds] page_size: must be a whole number of at least 1"),
    ('keep_versions_for = "P30D"', "[feeds] keep_versions_for: needs keep_versions"),
    ('keep_versions = 2\nkeep_versions_for = "30 days"', "[feeds] keep_versions_for: must be a duration"),
    ('admin_email = "beheer"', "[feeds] admin_email: must be an e-mail address"),
])
def test_bad_feeds_settings_are_named(tmp_path, settings, message):
    (tmp_path / "cultuurgraaf.toml").write_text(
        f'[project]\nbase_iri = "https://data.cultuurgraaf.be"\n\n[feeds]\n{settings}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(tmp_path)
    assert message in str(caught.value)


def test_good_feeds_settings_are_read(tmp_path):
    (tmp_path / "cultuurgraaf.toml").write_text(
        '[project]\nbase_iri = "https://data.cultuurgraaf.be"\n\n[feeds]\npage_size = 10\nkeep_versions = 1\n'
        'keep_versions_for = "PT12H"\nadmin_email = "data@example.org"\n', encoding="utf-8")
    feeds = load_project(tmp_path).feeds
    assert (feeds.page_size, feeds.keep_versions, feeds.retention_seconds, feeds.admin_email) == (
        10, 1, 43200, "data@example.org")
