"""A build streams its records in bounded batches: peak memory does not grow with the corpus."""

import pytest

from corpora import build_in_fresh_process, generate


@pytest.mark.slow
def test_peak_memory_of_a_build_does_not_grow_with_the_number_of_records(tmp_path):
    small = build_in_fresh_process(generate(tmp_path / "small", 2000), tmp_path / "small-store")
    large = build_in_fresh_process(generate(tmp_path / "large", 8000), tmp_path / "large-store")
    assert (small["records"], large["records"]) == (2000, 8000)
    assert large["peak_kib"] <= 1.2 * small["peak_kib"], (small, large)
