"""Regenerate docs/partner-terms.md: which standard terms a partner can rely on, from the ontology.

    python tools/gen_partner_terms.py            # rewrite the file
    python tools/gen_partner_terms.py --check    # exit 1 if the file is out of date (CI, tests)

The table is what ``ccuskg.model.entailment`` writes at build time, so it cannot promise a term the
data does not carry.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ itself, however this file is loaded
from generated import write_or_check  # noqa: E402

from ccuskg.core.namespaces import PREFIXES  # noqa: E402
from ccuskg.model.entailment import entailment  # noqa: E402
from ccuskg.model.vocab import load_vocabulary  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "partner-terms.md"

HEADER = """\
# Standard terms a partner can rely on

Generated from the ontology by `python tools/gen_partner_terms.py`; do not edit by hand.

Every build writes, next to each ccus triple, the triples of the standard terms the ontology aligns
it to (`rdfs:subPropertyOf`, `rdfs:subClassOf`, followed to the end; `ccus:standardValue`), in the
same record graph, so a store that does no reasoning answers queries written only in DCTERMS, ELI,
PROV-O, SKOS and schema.org terms. `entailment = false` in `ccuskg.toml` turns this off (then only
the ccus terms are written). Nothing else is inferred (no domains, ranges or inverses).

For example, with the predeclared prefixes of `ccuskg query`:

```
SELECT ?id ?title WHERE { ?p a eli:LegalResource ; eli:id_local ?id ; dcterms:title ?title }
```

"""

NOTES = """
Policies are ELI legal resources: `eli:id_local`, `eli:date_document` and `eli:date_publication`,
`eli:type_document` (the legal-weight concepts are typed `eli:ResourceType`), `eli:is_about` (the
category concept), `eli:in_force` (the ELI in-force value of the status concept), `eli:passed_by`,
`eli:jurisdiction`, and `eli:repeals`/`eli:amends`/`eli:transposes` between policies, within the
domains and ranges ELI gives them. Reference data (jurisdictions, issuers, the SKOS schemes) is in
the ontology graph with their standard classes added (issuers are `eli:Agent` and `prov:Agent`,
jurisdictions `eli:AdministrativeArea`), but not their standard properties: an issuer's
`ccus:jurisdiction` is not an `eli:jurisdiction` (ELI's domain is a legal resource).
"""


def curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def render() -> str:
    vocab = load_vocabulary()
    rules = entailment(vocab)
    fields = {}
    for spec in vocab.fields.values():
        fields.setdefault(spec.prop, []).append(spec.field)
    rows = ["| record field | ccus term | standard terms also written |", "|---|---|---|"]
    for prop in sorted(set(rules.properties) | set(rules.values), key=curie):
        standard = [f"`{curie(p.value)}`" for p in rules.properties.get(prop, ())]
        if prop in rules.values:
            standard.append(f"`{curie(rules.values[prop][0].value)}` (the value the concept names)")
        names = ", ".join(f"`{name}`" for name in sorted(fields.get(prop, []))) or "(set by the build)"
        rows.append(f"| {names} | `{curie(prop)}` | {', '.join(standard)} |")
    reference = {t.object.value for t in vocab.triples if t.predicate.value.endswith("#type")}
    rows += ["", "| class | standard classes also written |", "|---|---|"]
    for cls in sorted(rules.classes, key=curie):
        standard = ", ".join(f"`{curie(c.value)}`" for c in rules.classes[cls])
        if cls in reference:  # instances only in the reference tables: as written there
            standard = f"{standard} (reference data: in the ontology graph, types only)"
        rows.append(f"| `{curie(cls)}` | {standard} |")
    return HEADER + "\n".join(rows) + "\n" + NOTES


if __name__ == "__main__":
    sys.exit(write_or_check(DOC, render(), sys.argv[1:], "gen_partner_terms.py"))
