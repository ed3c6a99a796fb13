"""Work done in a process of its own (cultuurgraaf/processes.py): its answer, its errors, its death."""

from __future__ import annotations

import operator
import os
from functools import partial
from pathlib import Path

import pytest

from cultuurgraaf.processes import run_apart, started
from cultuurgraaf.errors import SourceError, StoreError
from cultuurgraaf.sources.files import check_input_file


def test_the_answer_comes_back_and_the_orders_are_removed(tmp_path):
    orders = tmp_path / "sum.orders"
    assert run_apart(operator.add, 40, 2, orders=orders, doing="adding") == 42
    assert not orders.exists()


def test_calls_run_one_after_the_other_and_answer_in_order(tmp_path):
    with started([(operator.add, (1, 2)), (os.getpid, ())], orders=tmp_path / "o", doing="counting") as results:
        three, pid = results()
    assert three == 3
    assert pid != os.getpid()


def test_an_error_the_work_raises_is_raised_here_with_its_place_and_hint(tmp_path):
    missing = tmp_path / "missing.csv"
    check = partial(check_input_file, what="the extract", hint="export it again")
    with pytest.raises(SourceError) as raised:
        check(missing)
    with pytest.raises(SourceError) as apart:
        run_apart(check, missing, orders=tmp_path / "o", doing="checking")
    assert str(apart.value) == str(raised.value)
    assert (apart.value.location, apart.value.hint) == (raised.value.location, raised.value.hint)


def test_a_process_that_dies_is_a_store_error_saying_what_it_was_doing(tmp_path):
    with pytest.raises(StoreError, match=r"the process validating the build ended without an answer \(exit code 9\)"):
        run_apart(os._exit, 9, orders=tmp_path / "o", doing="validating the build")
    assert not Path(tmp_path / "o").exists()


def test_a_process_that_dies_is_reported_with_the_end_of_what_it_said(tmp_path):
    with pytest.raises(StoreError) as raised:
        run_apart(exec, "import os, sys; sys.stderr.write('x' * 100_000 + 'the last words'); "
                        "sys.stderr.flush(); os._exit(3)", orders=tmp_path / "o", doing="checking")
    assert "(exit code 3)" in str(raised.value)
    assert str(raised.value).endswith("the last words") and len(str(raised.value)) < 2200


def test_what_the_work_prints_does_not_spoil_its_answer(tmp_path):
    answer = run_apart(exec, "print('x' * 200_000)", orders=tmp_path / "o", doing="printing")
    assert answer is None


def test_an_error_that_cannot_be_made_again_here_comes_back_as_its_text(tmp_path):
    # pickled, an error is made again from its message alone: one with a required keyword cannot be
    with pytest.raises(RuntimeError, match="HeldBack: kept out"):
        run_apart(exec, "from cultuurgraaf.errors import HeldBack; raise HeldBack('kept out', held=[])",
                  orders=tmp_path / "o", doing="checking")
