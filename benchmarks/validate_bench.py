"""Benchmark `ccuskg validate`: the fast engine (shapes compiled to SPARQL on Oxigraph) against pyshacl.

    python benchmarks/validate_bench.py [N] [--pyshacl-sample M]
        (default N = 10000 records, i.e. N/2 policies x 2 languages; pyshacl runs on M = 500 of them)

Reports records/s for: reading + mapping the records (shared by both engines), the SHACL engine
alone, and the whole `validate` end to end (read + map + engine + tracing; three runs each) without
the record cache, with it on a first run that fills it, and with it warm. pyshacl is too slow for N = 10,000 on
a small machine, so it runs on the first M records and its rate is extrapolated (labelled as such).
Not a test: the numbers depend on the machine.

The generator (``generate``) writes consistent bilingual records (zh and en agree on every non-text
value, issuers and jurisdictions come from the reference tables); ``inject_defects`` then breaks a
known set of them, one defect kind each, for agreement tests between the engines.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import machine  # noqa: E402  (same machine line as the build benchmark)

DIMENSIONS = ["statutory", "incentive", "market", "mrv", "strategic"]
CATEGORIES = {"zh": ["法律监管", "经济激励", "战略引导"], "en": ["Regulatory", "Incentive", "Strategic"]}
LEGAL_WEIGHTS = {"zh": ["法律", "行政法规", "战略指引"],
                 "en": ["Primary Legislation", "Administrative Regulation", "Strategic Guidance"]}
PLACES = [  # (country zh, country en, issuer zh, issuer en), as used by the seed records
    ("美国", "United States", "美国国会", "US Congress"),
    ("美国", "United States", "美国环境保护署", "US Environmental Protection Agency"),
    ("澳大利亚", "Australia", "澳大利亚议会", "Parliament of Australia"),
    ("丹麦", "Denmark", "丹麦政府", "Government of Denmark"),
]


def record_data(i: int, lang: str, rng: random.Random, facts: dict) -> dict:
    zh = lang == "zh"
    place = PLACES[facts["place"]]
    return {
        "analysis": {d: {"auditNote": "", "citation": f"Art. {facts['articles'][k]}",
                         "evidence": (f"第{i}号政策的{d}证据" if zh else f"Evidence for policy {i}, {d}"),
                         "label": (f"{d}标签" if zh else f"Label {d}"), "score": facts["scores"][k]}
                     for k, d in enumerate(DIMENSIONS)},
        "category": CATEGORIES[lang][facts["category"]],
        "country": place[0] if zh else place[1],
        "evolution": {"clusters": [f"Cluster {i % 50}"], "supersededBy": f"gen-{i + 1:06d}" if facts["succeeded"] else "",
                      "supersedes": [f"gen-{i - 1:06d}"] if i % 10 == 9 else []},
        "id": f"gen-{i:06d}",
        "lang": lang,
        "legalWeight": LEGAL_WEIGHTS[lang][facts["weight"]],
        "provenance": {"author": "benchmark", "lastAuditDate": "2026-01-01", "reviewer": ""},
        "pubDate": facts["date"],
        "reviewStatus": "草稿" if zh else "draft",
        "source": place[2] if zh else place[3],
        "status": ("已被取代" if zh else "Superseded") if facts["succeeded"] else ("现行" if zh else "Active"),
        "title": (f"生成政策 {i}" if zh else f"Generated policy {i}"),
        "url": f"https://example.org/policy/{i}",
        "year": int(facts["date"][:4]),
    }


def generate(folder: Path, n_records: int, seed: int = 7) -> list[Path]:
    """Write n_records records (n_records/2 policies in zh and en) that conform to the shapes."""
    rng = random.Random(seed)
    paths = []
    for i in range(n_records // 2):
        # a successor (i % 10 == 9 supersedes i - 1) is published in a later year than its predecessor
        year = 2000 + (i % 10) * 2 + rng.randint(0, 1)
        facts = {"place": rng.randrange(len(PLACES)), "category": rng.randrange(3), "weight": rng.randrange(3),
                 "date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                 "scores": [rng.randint(0, 100) for _ in DIMENSIONS],
                 "articles": [rng.randint(1, 40) for _ in DIMENSIONS],
                 "succeeded": i % 10 == 8 and i + 1 < n_records // 2}
        for lang in ("zh", "en"):
            paths.append(write(folder, lang, record_data(i, lang, rng, facts)))
    return paths


def write(folder: Path, lang: str, data: dict, body: str | None = None) -> Path:
    path = folder / lang / f"{data['id']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = body if body is not None else ("正文。" * 20 if lang == "zh" else "Body text. " * 20)
    path.write_text("---\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n---\n\n" + body + "\n",
                    encoding="utf-8")
    return path


def _edit(folder: Path, lang: str, i: int, change) -> None:
    path = folder / lang / f"gen-{i:06d}.md"
    text = path.read_text(encoding="utf-8")
    front = json.loads(text.split("---\n")[1])
    change(front)
    write(folder, lang, front)


def inject_defects(folder: Path) -> dict[str, int]:
    """Break generated records (needs about 90 records), one defect kind per policy; returns kind -> policy number.

    Also adds unreadable files (bad JSON, bad YAML, no front matter, not UTF-8) and a duplicate id."""
    both = ("zh", "en")

    def each(langs, change):
        return lambda i: [_edit(folder, lang, i, change) for lang in langs]

    def dim(d, key, value):
        return lambda f: f["analysis"][d].__setitem__(key, value)

    def link(key, value):
        return lambda f: f["evolution"].__setitem__(key, value)

    defects = {
        "score out of range": each(both, dim("mrv", "score", 150)),
        "score not an integer": each(both, dim("market", "score", "high")),
        "missing citation": each(both, dim("market", "citation", "")),
        "missing label": each(both, dim("statutory", "label", "")),
        "placeholder evidence": each(("en",), dim("strategic", "evidence", "Baseline strategic alignment under V5.0 migration")),
        "missing dimension": each(both, lambda f: f["analysis"].pop("incentive")),
        "status outside its scheme": each(("en",), lambda f: f.__setitem__("status", "Dormant")),
        "category outside its scheme": each(("en",), lambda f: f.__setitem__("category", "Miscellaneous")),
        "legal weight outside its scheme": each(("en",), lambda f: f.__setitem__("legalWeight", "Rumour")),
        "review status outside its scheme": each(("en",), lambda f: f.__setitem__("reviewStatus", "maybe")),
        "unknown issuer": each(both, lambda f: f.__setitem__("source", "Ministry of Nowhere")),
        "no issuer": each(both, lambda f: f.__setitem__("source", "")),
        "unknown jurisdiction": each(both, lambda f: f.__setitem__("country", "Atlantis")),
        "year not the date's year": each(both, lambda f: f.__setitem__("year", f["year"] + 1)),
        "languages disagree on the date": each(("zh",), lambda f: f.__setitem__("pubDate", f["pubDate"][:8] + "28")),
        "languages disagree on a score": each(("zh",), dim("mrv", "score", 1)),
        "languages disagree on the status": each(("zh",), lambda f: f.__setitem__("status", "已废止")),
        "invalid date": each(both, lambda f: f.__setitem__("pubDate", "2020-02-30")),
        "url not http": each(both, lambda f: f.__setitem__("url", "ftp://example.org/x")),
        "verified without reviewer": each(("en",), lambda f: f.__setitem__("reviewStatus", "verified")),
        "verified, human audit pending": each(("en",), lambda f: (f.__setitem__("reviewStatus", "verified"),
                                                                 f["provenance"].__setitem__("reviewer", "Human Audit Pending"))),
        "no title in its language": each(("zh",), lambda f: f.__setitem__("title", "English only title")),
        "supersedes itself": lambda i: each(both, link("supersedes", [f"gen-{i:06d}"]))(i),
        "supersedes an unknown id": each(both, link("supersedes", ["gen-999999"])),
    }
    # policies whose number ends in 0-7 take no part in the generator's own supersession pairs (8 -> 9)
    policies = len(list(folder.glob("en/gen-*.md")))
    needed = len(defects) + 10  # one each, the target, a cycle of three, two pairs
    numbers = [i for i in range(1, policies) if i % 10 < 8][:needed]
    if len(numbers) < needed:
        raise ValueError(f"inject_defects needs about {2 * needed * 10 // 8 + 4} generated records")
    free = iter(numbers)
    target = next(free)  # an unremarkable policy that the "supersededBy without supersedes" defect points to
    defects["supersededBy without supersedes"] = each(both, link("supersededBy", f"gen-{target:06d}"))
    placed = {}
    for kind, apply in defects.items():
        placed[kind] = i = next(free)
        apply(i)
    # a three-policy supersession cycle, a superseded policy still in force, a successor published earlier
    a, b, c = next(free), next(free), next(free)
    for x, y in ((a, b), (b, c), (c, a)):
        each(both, link("supersedes", [f"gen-{y:06d}"]))(x)
    placed["supersession cycle"] = a
    old, new = next(free), next(free)
    each(both, link("supersededBy", f"gen-{new:06d}"))(old)
    each(both, link("supersedes", [f"gen-{old:06d}"]))(new)
    placed["superseded still in force"] = old
    old, new = next(free), next(free)
    each(both, lambda f: f.__setitem__("status", "Superseded" if f["lang"] == "en" else "已被取代"))(old)
    each(both, link("supersededBy", f"gen-{new:06d}"))(old)
    each(both, lambda f: f.__setitem__("pubDate", "1999-01-01") or f.__setitem__("year", 1999))(new)
    each(both, link("supersedes", [f"gen-{old:06d}"]))(new)
    placed["successor published earlier"] = new
    # unreadable files and a duplicate id
    (folder / "en" / "broken-json.md").write_text("---\n{nope\n---\n", encoding="utf-8")
    (folder / "en" / "broken-yaml.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    (folder / "en" / "no-front-matter.md").write_text("Just a body.\n", encoding="utf-8")
    (folder / "en" / "latin1.md").write_bytes("---\nid: caf\xe9\n---\n".encode("latin-1"))
    (folder / "en" / "zz-duplicate.md").write_text((folder / "en" / "gen-000000.md").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    return placed


# --------------------------------------------------------------------------------------------- benchmark

def _time(label: str, n: int, func, note: str = ""):
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:8.2f} s  {n / seconds:9.0f} records/s {note}")
    return value, seconds


def main() -> None:
    from ccuskg.model.compile import compile_records, gc_paused
    from ccuskg.validation.validate import _fast_engine, shacl_results, validate

    args = sys.argv[1:]
    if {"-h", "--help"} & set(args):
        print(__doc__)
        return
    sample = 500
    if "--pyshacl-sample" in args:
        at = args.index("--pyshacl-sample")
        sample = int(args[at + 1])
        del args[at:at + 2]
    n = int(args[0]) if args else 10_000
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        generate(folder, n)
        _fast_engine()  # compiling the shapes is a one-off per process, not per record
        compiled, _ = _time(f"read + map {n} records (both engines)", n, lambda: compile_records([folder]))
        with gc_paused():  # as in validate()
            raw, _ = _time("fast engine alone (load store + SPARQL)", n, lambda: shacl_results(compiled, "fast"))
        del compiled
        # End to end, as `ccuskg validate` runs it: the engine's store fills while the records are mapped.
        runs = []
        for attempt in range(3):
            report, seconds = _time(f"END TO END validate, fast engine, run {attempt + 1}", n,
                                    lambda: validate([folder]))
            runs.append(seconds)
        print(f"  -> {len(raw)} results, {report.counts()}; end to end (no cache) best {min(runs):.2f} s = "
              f"{n / min(runs):.0f} records/s, median {sorted(runs)[1]:.2f} s = {n / sorted(runs)[1]:.0f} records/s "
              f"(load average now: {os.getloadavg()[0]:.2f})")
        # With the record cache (`ccuskg validate` default): the first run fills it, later runs on unchanged
        # records read entries instead of parsing and mapping. Reported separately, never mixed.
        cache = Path(tmp) / "cache"
        _time("END TO END validate, cache on, FIRST run (fills it)", n, lambda: validate([folder], cache=cache))
        warm = [_time(f"END TO END validate, cache on, WARM run {attempt + 1}", n,
                      lambda: validate([folder], cache=cache))[1] for attempt in range(3)]
        print(f"  -> warm cache best {min(warm):.2f} s = {n / min(warm):.0f} records/s, median {sorted(warm)[1]:.2f} s "
              f"= {n / sorted(warm)[1]:.0f} records/s (load average now: {os.getloadavg()[0]:.2f})")
        small = Path(tmp) / "sample"
        generate(small, max(sample, 90))
        inject_defects(small)  # so that agreement is about results, not only about silence
        small_compiled = compile_records([small])
        m = len(small_compiled.records)
        fast_small, _ = _time(f"fast engine alone on the {m}-record sample", m,
                              lambda: shacl_results(small_compiled, "fast"))
        slow_small, seconds = _time(f"pyshacl alone on the {m}-record sample", m,
                                    lambda: shacl_results(small_compiled, "pyshacl"))
        agree = fast_small == slow_small
        print(f"  -> engines agree on the sample (with injected defects): {agree} "
              f"({len(fast_small)} and {len(slow_small)} results)")
        print(f"pyshacl on {n} records: ~{seconds * n / m:.0f} s EXTRAPOLATED linearly from the {m}-record sample "
              "(pyshacl is superlinear on larger graphs, so this is a lower bound)")


if __name__ == "__main__":
    main()
