"""The record cache is keyed by the registered readers too: a plugin's reader decides what a cached record holds."""

from __future__ import annotations

from ccuskg.ingest.readers import register_reader, unregister_reader
from ccuskg.model.cache import scope


def read_toy(raw, path):
    return dict(line.split("=", 1) for line in raw.decode().splitlines() if "=" in line)


def test_registering_a_reader_changes_the_cache_scope_and_unregistering_restores_it():
    before = scope([], "https://w3id.org/ccuskg/")
    register_reader("toy-cache", [".toycache"], read_toy)
    try:
        during = scope([], "https://w3id.org/ccuskg/")
    finally:
        unregister_reader("toy-cache")
    assert during != before
    assert scope([], "https://w3id.org/ccuskg/") == before
