"""The package version, in one place: the CLI, the cache fingerprint and the dataset description read it."""

__version__ = "0.1.0"
