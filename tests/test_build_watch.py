"""``build --watch``: each change to the record files gives an incremental build saying what changed."""

import threading

from ccuskg.api import watch_builds

from factory import record_text, write_record


def test_watching_builds_then_rebuilds_what_changed(tmp_path):
    records = tmp_path / "records"
    write_record(records / "en", "a.md", record_text(id="a", title="A"))
    stop = threading.Event()
    builds = watch_builds([records], tmp_path / "store", stop=stop)
    first = next(builds)
    assert (first.mode, first.records) == ("full", 1)
    added = write_record(records / "en", "b.md", record_text(id="b", title="B"))
    second = next(builds)
    assert (second.mode, second.records, second.changes["added"]) == ("incremental", 2, [str(added)])
    stop.set()
    assert list(builds) == []


def test_the_store_inside_the_watched_folder_does_not_trigger_builds(tmp_path):
    write_record(tmp_path / "en", "a.md", record_text(id="a", title="A"))
    stop = threading.Event()
    builds = watch_builds([tmp_path], tmp_path / "store", stop=stop)
    next(builds)
    timer = threading.Timer(3.0, stop.set)
    timer.start()
    assert list(builds) == []  # the first build's own writes were not a change
    timer.cancel()
