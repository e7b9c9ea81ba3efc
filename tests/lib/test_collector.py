"""The garbage collector's settings during bulk work, and after it."""

from __future__ import annotations

import gc

import pytest

from edubureau.lib.collector import BULK_THRESHOLDS, fewer_collections


def test_bulk_work_sees_fewer_collections_and_the_settings_come_back():
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()

    with fewer_collections():
        assert gc.get_threshold() == BULK_THRESHOLDS
        assert gc.get_freeze_count() > frozen_before  # what existed is left out of the passes

    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_overlapping_blocks_restore_the_settings_only_when_the_last_one_ends():
    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    first, second = fewer_collections(), fewer_collections()

    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold() == BULK_THRESHOLDS  # the second still runs
    second.__exit__(None, None, None)

    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_the_settings_come_back_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(ValueError, match="a bulk job failed"), fewer_collections():
        raise ValueError("a bulk job failed")
    assert gc.get_threshold() == before


def test_what_the_server_froze_stays_frozen():
    gc.freeze()  # as a pre-forking server may, at start-up
    try:
        frozen = gc.get_freeze_count()
        with fewer_collections():
            pass
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
