"""Shared by every stage: namespaces, diagnostics and their catalogue, errors, settings, package data."""
