"""One record → its quads, by its kind: policies through ``mapping``, facilities and country profiles
through ``facilities`` and ``countries``."""

from __future__ import annotations

from ccuskg.ingest.kinds import FACILITY, PROFILE
from ccuskg.ingest.records import Record
from ccuskg.model.countries import ProfileMapping
from ccuskg.model.facilities import FacilityMapping
from ccuskg.model.mapping import Mapper, MappedRecord


def map_record(mapper: Mapper, record: Record, policies: set[str] | None = None) -> MappedRecord:
    """``policies``: the policy ids of the build, which a facility's ``relatedPolicies`` may link to."""
    kind = record.kind
    if kind == FACILITY:
        return mapper.entail(FacilityMapping(mapper, record, policies).run())
    if kind == PROFILE:
        return mapper.entail(ProfileMapping(mapper, record).run())
    return mapper.map(record)
