"""Benchmark the whole build pipeline: read → map → write store → export, on generated records.

    python benchmarks/build_bench.py [N] [--yaml] [--unknown]
        (default N = 10000 records, i.e. N/2 policies × 2 languages; --yaml writes the front matter as
        YAML block style, read through the JSON → YAML fallback; --unknown adds fields the ontology does
        not know, a nested object and a list of objects, kept by the extension mapping)

Prints the time of each stage and records/s, with the machine it ran on. Not a test: the numbers
depend on the machine.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from ccuskg.api import write_compiled
from ccuskg.model.compile import compile_records, read_records
from ccuskg.store import open_store
from ccuskg.publish import export

DIMENSIONS = ["statutory", "incentive", "market", "mrv", "strategic"]
CATEGORIES = {"zh": ["法律监管", "经济激励", "战略引导", "市场机制", "技术规范"],
              "en": ["Regulatory", "Incentive", "Strategic", "Market", "Technical"]}
STATUS = {"zh": "现行", "en": "Active"}
COUNTRIES = {"zh": ["中国", "美国", "欧盟", "挪威", "日本"], "en": ["China", "United States", "European Union", "Norway", "Japan"]}
ISSUERS = {"zh": ["国务院", "美国国会", "欧盟委员会", "挪威议会", "日本经济产业省"],
           "en": ["State Council", "US Congress", "European Commission", "Storting", "METI"]}


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()}"


def unknown_fields(i: int, lang: str) -> dict:
    """Fields the ontology does not know, for the extension mapping (ccuskg.model.extension)."""
    return {"colour": "红色" if lang == "zh" else "red", "storageMt": i * 0.5,
            "funding": {"amount": i, "currency": "EUR", "public": i % 2 == 0},
            "milestones": [{"date": "2021-01-0" + str(1 + i % 9), "event": f"step {k}"} for k in range(3)]}


def front_matter(data: dict, yaml_style: bool) -> str:
    if not yaml_style:
        return json.dumps(data, ensure_ascii=False, indent=2)
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).rstrip("\n")


def generate(folder: Path, n_records: int, seed: int = 7, yaml_style: bool = False, unknown: bool = False) -> None:
    rng = random.Random(seed)
    for i in range(n_records // 2):
        # What both language versions of one policy state alike (a real pair shares its dates,
        # scores and citations), drawn once per policy so the pair merges without conflicts.
        year = rng.randint(2005, 2025)
        pick = rng.randrange(5)
        articles = {d: rng.randint(1, 40) for d in DIMENSIONS}
        scores = {d: rng.randint(0, 100) for d in DIMENSIONS}
        pub_date = f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        for lang in ("zh", "en"):
            data = {
                "analysis": {d: {"auditNote": "", "citation": f"Art. {articles[d]}",
                                 "evidence": f"Evidence {i} {d} " + ("证据" if lang == "zh" else "text"),
                                 "label": f"Label {d}", "score": scores[d]} for d in DIMENSIONS},
                "category": CATEGORIES[lang][pick],
                "country": COUNTRIES[lang][pick],
                "evolution": {"clusters": [f"Cluster {i % 50}"], "supersededBy": "",
                              "supersedes": [f"gen-{i - 1:06d}"] if i % 10 == 9 else []},
                "id": f"gen-{i:06d}",
                "impactAnalysis": {"economic": f"economic {i}", "environmental": f"environmental {i}",
                                   "technical": f"technical {i}"},
                "legalWeight": "Primary Legislation",
                "provenance": {"author": "benchmark", "lastAuditDate": "2026-01-01", "reviewer": ""},
                "pubDate": pub_date,
                "regulatory": {"co2_definition": "", "cross_border_rules": "", "financial_assurance": "x",
                               "liability_period": "", "liability_transfer": "", "permitting_lead_time": "",
                               "pore_space_rights": ""},
                "reviewStatus": "draft",
                "source": ISSUERS[lang][pick],
                "status": STATUS[lang],
                "title": (f"生成政策 {i}" if lang == "zh" else f"Generated policy {i}"),
                "url": f"https://example.org/policy/{i}",
                "year": year,
            }
            if unknown:
                data.update(unknown_fields(i, lang))
            path = folder / lang / f"gen-{i:06d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            body = "正文。" * 20 if lang == "zh" else "Body text. " * 20
            path.write_text("---\n" + front_matter(data, yaml_style) + "\n---\n\n" + body + "\n",
                            encoding="utf-8")


def main() -> None:
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(numbers[0]) if numbers else 10_000
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}; options {sorted(flags) or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        generate(records, n, yaml_style="--yaml" in flags, unknown="--unknown" in flags)
        t0 = time.perf_counter()
        parsed, _, _ = read_records([records])
        t1 = time.perf_counter()
        compiled = compile_records([records])
        t2 = time.perf_counter()
        report = write_compiled(compiled, Path(tmp) / "store")
        t3 = time.perf_counter()
        store = open_store(Path(tmp) / "store")
        turtle = export.serialize(store, "turtle", compiled.base)
        t4 = time.perf_counter()
        nquads = export.serialize(store, "nquads", compiled.base)
        t5 = time.perf_counter()
    print(f"records: {len(parsed)}  quads: {report.triples}")
    print(f"read (parse front matter):      {t1 - t0:7.2f} s  {len(parsed) / (t1 - t0):9.0f} records/s")
    print(f"read + map (compile):           {t2 - t1:7.2f} s  {len(parsed) / (t2 - t1):9.0f} records/s")
    print(f"write store (atomic swap):      {t3 - t2:7.2f} s  {report.triples / (t3 - t2):9.0f} quads/s")
    print(f"export turtle ({len(turtle) // 1024} KiB):  {t4 - t3:7.2f} s")
    print(f"export n-quads ({len(nquads) // 1024} KiB): {t5 - t4:7.2f} s")
    print(f"build total (compile + store):  {t3 - t1:7.2f} s  {len(parsed) / (t3 - t1):9.0f} records/s")
    print(f"messages: {len(report.diagnostics)}; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
