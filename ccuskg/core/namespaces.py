"""Namespace IRIs shared by the mapper, the queries and the exports."""

CCUS = "https://w3id.org/ccuskg/ontology#"
VOCAB = "https://w3id.org/ccuskg/vocab/"
JURISDICTION_SCHEME = "https://w3id.org/ccuskg/jurisdiction"
ISSUER_SCHEME = "https://w3id.org/ccuskg/issuer"
ONTOLOGY_GRAPH = "https://w3id.org/ccuskg/graph/ontology"
DEFAULT_BASE = "https://w3id.org/ccuskg/"
# Properties of the fields the ontology does not know: FIELD + the field path, one segment per key
# (docs/record-format.md, "Fields the ontology does not know").
FIELD = "https://w3id.org/ccuskg/field/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ELI = "http://data.europa.eu/eli/ontology#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
VANN = "http://purl.org/vocab/vann/"
WIKIDATA = "http://www.wikidata.org/entity/"
GEO = "http://www.opengis.net/ont/geosparql#"
SF = "http://www.opengis.net/ont/sf#"

PREFIXES = {
    "ccus": CCUS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "eli": ELI,
    "schema": SCHEMA,
    "geo": GEO,
}


def sparql_prologue(extra: dict[str, str] | None = None) -> str:
    prefixes = dict(PREFIXES, **(extra or {}))
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(prefixes.items()))


def export_prefixes(base: str | None) -> dict[str, str]:
    """The prefixes every Turtle/TriG output and remote query uses: the standard ones, our schemes, and the
    base's own folders (policy/, cluster/, agent/) when the base is known."""
    prefixes = dict(PREFIXES)
    prefixes.update({
        "jurisdiction": JURISDICTION_SCHEME + "/",
        "issuer": ISSUER_SCHEME + "/",
        "category": VOCAB + "category/",
        "status": VOCAB + "status/",
        "legalweight": VOCAB + "legal-weight/",
        "dimension": VOCAB + "dimension/",
        "reviewstatus": VOCAB + "review-status/",
        "wd": WIKIDATA,
        "void": VOID,
        "dcat": DCAT,
        "field": FIELD,
    })
    if base:
        prefixes.update({"policy": base + "policy/", "cluster": base + "cluster/", "agent": base + "agent/"})
    return prefixes
