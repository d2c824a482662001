"""Step 4b of the pipeline: write the store's content for partners.

Output is deterministic: same records, byte-identical files. The order is that of the sorted
N-Triples (or N-Quads) lines, which groups each subject's triples together: the store dumps the
union as text (in Rust), ``ccuskg.publish.sorting`` sorts the lines by an external merge sort
(runs of bounded size in temporary files, so memory does not grow with the store) and hands them on
in sorted blocks, and pyoxigraph parses each block as it comes into the Turtle or RDF/XML writer
(or the JSON-LD compaction), which writes straight into the output file (``stream_writer``; a
``BytesIO`` when bytes are asked for): no sorted file is written and read back, and a file export
never holds its output in memory. N-Quads and TriG go graph by graph, each record graph sorted in
memory (it is small) and appended to a temporary file.
Sorting Python term objects by ``str()`` keys, as this module did first, made the Turtle export of
10,000 records take 13.4 s (benchmarks/export_bench.py, docs/export.md).

Turtle, N-Triples and JSON-LD hold the union of all graphs (each triple once; JSON-LD merges a
policy's zh and en titles into one language map); N-Quads and TriG keep one named graph per record
plus the ontology and build graphs.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS, DEFAULT_BASE, ONTOLOGY_GRAPH, export_prefixes
from ccuskg.publish.files import write_atomic
from ccuskg.publish.formats import ExportFormat, ExportOptions, get_format, register_format, registered_formats
from ccuskg.publish.sorting import sorted_union_text, sorted_union_triples

FRAMES = ("policy", "facility", "jurisdiction")

Progress = Callable[[int, int], None]


class ExportError(UserError, ValueError):
    """A usage problem with export options (unknown format, frame with a non-JSON-LD format)."""




# ------------------------------------------------------------------------------ sorted lines


def _graph_names(store: ox.Store, include_ontology: bool) -> list[str]:
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return [g for g in names if include_ontology or g != ONTOLOGY_GRAPH]


def triple_lines(store: ox.Store, include_ontology: bool = True, progress: Progress | None = None) -> list[str]:
    """The union of the named graphs as sorted, distinct N-Triples lines (subjects grouped).

    A list in memory, for tests and small stores; the writers read the same lines as a stream from
    ``ccuskg.publish.sorting.sorted_union_blocks``.
    """
    return b"".join(sorted_union_text(store, include_ontology)).decode("utf-8").split("\n")[:-1]


def _sorted_graph(store: ox.Store, name: str) -> list[bytes]:
    """One named graph's distinct N-Triples lines, sorted (a record graph is small: sorted in memory)."""
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return sorted({line for line in dumped.split(b"\n") if line})


@contextmanager
def _nquads_file(store: ox.Store, include_ontology: bool, progress: Progress | None) -> Iterator[Path]:
    """Every quad of the named graphs as N-Quads, graph by graph, each graph's lines sorted (a temporary file)."""
    names = _graph_names(store, include_ontology)
    with tempfile.TemporaryDirectory(prefix="ccuskg-nq-") as tmp:
        path = Path(tmp) / "quads.nq"
        with open(path, "wb") as stream:
            for index, name in enumerate(names, 1):
                suffix = f" <{name}> .\n".encode("utf-8")
                stream.write(b"".join(line[:-2] + suffix for line in _sorted_graph(store, name)))  # "s p o ." -> "s p o <g> ."
                if progress:
                    progress(index, len(names))
        yield path


def quad_lines(store: ox.Store, include_ontology: bool = True, progress: Progress | None = None) -> list[str]:
    """Every quad of the named graphs as N-Quads lines, graph by graph, each graph's lines sorted."""
    with _nquads_file(store, include_ontology, progress) as path:
        return path.read_bytes().decode("utf-8").split("\n")[:-1]


def sorted_triples(store: ox.Store, include_ontology: bool = True, progress: Progress | None = None):
    """The union's triples as pyoxigraph terms, in the sorted N-Triples order (a stream)."""
    return sorted_union_triples(store, include_ontology)


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


# ------------------------------------------------------------------------------ formats


def serialize(store: ox.Store, fmt: str, base: str | None = None, include_ontology: bool = True,
              context_url: str | None = None, frame: str | None = None,
              progress: Progress | None = None) -> bytes:
    """The store in ``fmt`` (any registered format); ``frame="policy"`` (JSON-LD only) nests each policy."""
    check_options(fmt, frame)
    if frame:
        from ccuskg.publish import per_resource

        return per_resource.framed_policies(store, base, context_url, progress, kind=frame)
    options = ExportOptions(base=base, include_ontology=include_ontology, context_url=context_url, progress=progress)
    return get_format(fmt).writer(store, options)


def _bytes_of(stream_writer):
    """The bytes writer of a stream writer: the same code fills a ``BytesIO`` (held once)."""
    def writer(store: ox.Store, options: ExportOptions) -> bytes:
        buffer = io.BytesIO()
        stream_writer(store, options, buffer)
        return buffer.getvalue()
    writer.__doc__ = stream_writer.__doc__
    return writer


def _stream_nquads(store: ox.Store, options: ExportOptions, stream: BinaryIO) -> None:
    with _nquads_file(store, options.include_ontology, options.progress) as path, open(path, "rb") as quads:
        shutil.copyfileobj(quads, stream, 1 << 20)


def _stream_trig(store: ox.Store, options: ExportOptions, stream: BinaryIO) -> None:
    with _nquads_file(store, options.include_ontology, options.progress) as path:
        quads = ox.parse(path=path, format=ox.RdfFormat.N_QUADS)
        ox.serialize(quads, stream, format=ox.RdfFormat.TRIG, prefixes=export_prefixes(options.base))


def _stream_nt(store: ox.Store, options: ExportOptions, stream: BinaryIO) -> None:
    for chunk in sorted_union_text(store, options.include_ontology):
        stream.write(chunk)


def _stream_union(store: ox.Store, options: ExportOptions, fmt: ox.RdfFormat, stream: BinaryIO) -> None:
    """The sorted union, block by block, into pyoxigraph's writer for ``fmt``, which writes into
    ``stream`` as it goes (a ``BytesIO`` for bytes: with ``output=None`` pyoxigraph grows its own
    buffer and copies it into a ``bytes`` at the end, so the output was held two to three times
    over at its peak; the Turtle of 100,000 records is about 260 MB)."""
    triples = sorted_union_triples(store, options.include_ontology)
    ox.serialize(triples, stream, format=fmt, prefixes=export_prefixes(options.base))


def _stream_turtle(store: ox.Store, options: ExportOptions, stream: BinaryIO) -> None:
    _stream_union(store, options, ox.RdfFormat.TURTLE, stream)


def _stream_rdfxml(store: ox.Store, options: ExportOptions, stream: BinaryIO) -> None:
    """RDF/XML (Protégé, older Jena tools, many legal-data consumers): the union, in sorted order."""
    _stream_union(store, options, ox.RdfFormat.RDF_XML, stream)


def _write_jsonld(store: ox.Store, options: ExportOptions) -> bytes:
    from ccuskg.publish.context import store_context
    from ccuskg.publish.jsonld import compact_document

    triples = sorted_union_triples(store, options.include_ontology)
    return compact_document(triples, context=store_context(store), context_url=options.context_url)


# The built-ins register exactly as a third party does (ccuskg.publish.formats).
for _fmt in (
    ExportFormat("turtle", (".ttl",), "text/turtle", _bytes_of(_stream_turtle), label="Turtle",
                 stream_writer=_stream_turtle),
    ExportFormat("json-ld", (".jsonld", ".json"), "application/ld+json", _write_jsonld, label="JSON-LD"),
    ExportFormat("nt", (".nt",), "application/n-triples", _bytes_of(_stream_nt), label="N-Triples",
                 stream_writer=_stream_nt),
    ExportFormat("nquads", (".nq", ".nquads"), "application/n-quads", _bytes_of(_stream_nquads), True,
                 label="N-Quads", stream_writer=_stream_nquads),
    ExportFormat("trig", (".trig",), "application/trig", _bytes_of(_stream_trig), True, label="TriG",
                 stream_writer=_stream_trig),
    ExportFormat("rdfxml", (".rdf", ".owl"), "application/rdf+xml", _bytes_of(_stream_rdfxml),
                 label="RDF/XML", stream_writer=_stream_rdfxml),
):
    register_format(_fmt)


def check_options(fmt: str, frame: str | None) -> None:
    if get_format(fmt) is None:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(registered_formats())}")
    if frame is not None and frame not in FRAMES:
        raise ExportError(f"unknown frame {frame!r}; choose one of {', '.join(FRAMES)}")
    if frame is not None and fmt != "json-ld":
        raise ExportError(f"--frame {frame} writes JSON-LD; it cannot be combined with format {fmt!r}")


# ------------------------------------------------------------------------------ dataset description


def default_metadata_path(output: Path | str) -> Path:
    """``graph.ttl`` -> ``graph.ttl.void.ttl``, beside the export: one description per file name, so
    exporting graph.ttl and then graph.jsonld leaves two descriptions, neither overwriting the other."""
    output = Path(output)
    return output.with_name(output.name + ".void.ttl")


def build_description(store: ox.Store) -> list[ox.Triple]:
    """The VoID + DCAT description stored in the build graph at build time."""
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.endswith("graph/build")]
    triples = []
    for graph in graphs:
        triples.extend(q.triple for q in store.quads_for_pattern(None, None, None, graph))
    return triples


def metadata(store: ox.Store, base: str | None, fmt: str, size: int | None, include_ontology: bool = True,
             frame: str | None = None, sparql_endpoint: str | None = None) -> bytes:
    """Turtle: the build graph's dataset description plus the exported file as a DCAT distribution."""
    from ccuskg.publish import description as _metadata

    base = base or DEFAULT_BASE
    triples = build_description(store) + _metadata.distribution(
        base, fmt, size, data_only=not include_ontology, framed=bool(frame), sparql_endpoint=sparql_endpoint)
    lines = sorted({str(t) + " ." for t in triples})
    parsed = ox.parse(_text(lines), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=export_prefixes(base))


__all__ = ["FRAMES", "ExportError", "serialize", "write_atomic",
           "metadata", "default_metadata_path", "triple_lines", "quad_lines", "sorted_triples", "CCUS"]
