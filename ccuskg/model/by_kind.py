"""One record → its quads, by its kind: policies through ``mapping``, facilities and country profiles
through ``facilities`` and ``countries``."""

from __future__ import annotations

from ccuskg.core.namespaces import ELI
from ccuskg.ingest.kinds import FACILITY, PROFILE
from ccuskg.ingest.records import Record
from ccuskg.model.countries import ProfileMapping
from ccuskg.model.facilities import FacilityMapping
from ccuskg.model.mapping import Mapper, MappedRecord


def map_record(mapper: Mapper, record: Record, policies: set[str] | None = None) -> MappedRecord:
    """``policies``: the policy ids of the build, which a facility's ``relatedPolicies`` may link to."""
    kind = record.kind
    if kind == FACILITY:
        return _not_legal(mapper.entail(FacilityMapping(mapper, record, policies).run()))
    if kind == PROFILE:
        return _not_legal(mapper.entail(ProfileMapping(mapper, record).run()))
    return mapper.map(record)


def _not_legal(mapped: MappedRecord) -> MappedRecord:
    """Facilities and profiles are not legal resources: the ELI terms the shared ccus properties
    entail (``eli:jurisdiction`` of ``ccus:jurisdiction``) have ``eli:LegalResource`` as their domain,
    so an ELI consumer would take a facility for a law. The other standard terms stay."""
    mapped.quads = [q for q in mapped.quads if not q.predicate.value.startswith(ELI)]
    return mapped
