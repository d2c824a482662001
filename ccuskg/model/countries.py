"""A country-profile record → its fields on the jurisdiction of ``ontology/jurisdictions.ttl``.

The profile is matched by its id or name (``"United States"``, ``"European Union"``, ``"International"``)
to the existing jurisdiction resource, so policies, facilities and profiles meet on one node. A profile
naming no known jurisdiction is reported and kept on a node of its own (``profile/<slug>``), which the
shapes flag.
"""

from __future__ import annotations

import pyoxigraph as ox

from ccuskg.core.diagnostics import WARNING
from ccuskg.core.namespaces import CCUS, DCTERMS, JURISDICTION_SCHEME
from ccuskg.model.iris import slug
from ccuskg.model.kinds import KindMapping

_SPECIAL = {"lang", "id"}


class ProfileMapping(KindMapping):
    kind = "profile"
    record_class = "ProfileRecord"

    def __init__(self, mapper, record):
        self.jurisdiction = self._match(mapper, record)
        subject = self.jurisdiction or f"{mapper.mint.base}profile/{slug(record.id)}"
        super().__init__(mapper, record, subject)

    @staticmethod
    def _match(mapper, record) -> str | None:
        for key in ("id", "name"):
            value = record.data.get(key)
            if isinstance(value, str) and value.strip():
                found = mapper.vocab.match(JURISDICTION_SCHEME, value.strip())
                if found:
                    return found
        return None

    def run(self):
        if self.jurisdiction is None:
            self.report("id", WARNING, f"profile {self.record.id!r} matches no jurisdiction in the ontology; "
                        "kept on a profile node of its own", self.record.id, code="unmapped-value")
        self.provenance()
        self.add(self.subject, CCUS + "profileIdentifier", ox.Literal(self.record.id))
        for key, value in self.record.data.items():
            if key not in _SPECIAL:
                self.place(key, value)
        if self.record.body:
            self.add(self.rec, DCTERMS + "description", self.text(self.record.body))
        return self.finish()
