"""Test data in one place: the project's paths and a factory for small records.

Test modules import from here (``from factory import record_text, write_record``), never from
conftest or from each other, so every helper has one definition.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FOUNDING_RECORD = SEEDS / "zh" / "cn-miit-industrial-plan-2022.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "ccus-policy-hub-2026-02-27"

MINIMAL_POLICY = {"id": "good-policy", "title": "Good Policy", "pubDate": "2020-01-02"}


def record_text(fields: dict | None = None, body: str = "Body.\n", **overrides) -> str:
    """A record file's text: JSON front matter (a minimal valid policy unless ``fields`` is given,
    with ``overrides`` applied on top) and a body."""
    data = dict(MINIMAL_POLICY if fields is None else fields, **overrides)
    return "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n" + body


def write_record(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a record file (text as UTF-8, or raw bytes) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- complete records for validation

GOOD = {
    "id": "demo", "title": "Demo", "country": "Norway", "source": "Storting", "category": "Regulatory",
    "status": "Active", "legalWeight": "Primary Legislation", "pubDate": "2014-12-05", "year": 2014,
    "url": "https://lovdata.no/", "reviewStatus": "draft",
    "provenance": {"author": "ccuskg project", "lastAuditDate": "2026-11-24", "reviewer": ""},
    "analysis": {d: {"score": 50, "label": "L", "evidence": "E", "citation": "Art. 1", "auditNote": ""}
                 for d in ("statutory", "incentive", "market", "mrv", "strategic")},
}


def record(folder, lang="en", **changes):
    """A complete, conforming policy record (``GOOD``) with ``changes`` applied (``a__b=v`` sets a nested field)."""
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        target = data
        *parents, last = key.split("__")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return write_record(folder / lang, f"{data['id']}.md", "---\n" + json.dumps(data, indent=2) + "\n---\nBody.\n")


def results(folder):
    """(files, field, severity) of each validation result for the records under ``folder``."""
    from ccuskg.validation.validate import validate

    return [(r.files, r.field, r.severity) for r in validate([folder]).results]


def chain(tmp_path, old_status="Superseded", new_date="2023-01-01", back_link=True, target="old"):
    """Two records, "new" superseding "old", with the link and dates as given."""
    record(tmp_path, id="old", pubDate="2011-01-01", year=2011, status=old_status,
           evolution={"supersededBy": "new" if back_link else "", "supersedes": []})
    return record(tmp_path, id="new", pubDate=new_date, year=int(new_date[:4]),
                  evolution={"supersedes": [target], "supersededBy": ""})


# ---------------------------------------------------------------- a successor policy for export tests

SUCCESSOR = "test-successor-2030"


def add_successor(seeds_copy):
    """A bilingual policy that supersedes the founding record and sits in a cluster."""
    text = FOUNDING_RECORD.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    data = json.loads(front.removeprefix("---\n"))
    for lang, title in (("zh", "测试继任政策"), ("en", "Test successor policy")):
        data.update(id=SUCCESSOR, title=title, pubDate="2030-01-01", year=2030)
        data["evolution"] = {"clusters": ["Test cluster"], "supersededBy": "",
                             "supersedes": ["cn-miit-industrial-plan-2022"]}
        path = seeds_copy / lang / f"{SUCCESSOR}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n---\n" + body, encoding="utf-8")


# ---------------------------------------------------------------- facilities and country profiles

GOOD_FACILITY = {
    "id": "900", "name": "Demo capture plant", "country": "Norway", "region": "Europe", "coordinates": [58.37, 1.91],
    "announcedCapacityMin": 0.9, "announcedCapacityMax": 1.0, "estimatedCapacity": 0.9, "announcement": "1994",
    "operation": "1996", "status": "Operational", "type": "Full chain", "sector": "Natural gas processing/LNG",
    "fateOfCarbon": "Dedicated storage", "precision": "approximate", "relatedPolicies": [],
    "provenance": {"author": "ccuskg project", "lastAuditDate": "2026-11-24", "reviewer": ""},
}
GOOD_PROFILE = {
    "id": "Norway", "name": "Norway", "region": "Europe", "summary": "Offshore storage under licence.",
    "regulatory": {"liability_transfer": "To the state after closure"},
    "provenance": {"author": "ccuskg project", "lastAuditDate": "2026-11-24", "reviewer": ""},
}


def facility(folder, lang="en", **changes):
    """A conforming facility record (``GOOD_FACILITY``) with ``changes``, under ``folder/facilities/lang``."""
    data = dict(json.loads(json.dumps(GOOD_FACILITY)), lang=lang, **changes)
    return write_record(folder / "facilities" / lang, f"{data['id']}.md", "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n")


def profile(folder, lang="en", **changes):
    """A conforming country profile (``GOOD_PROFILE``) with ``changes``, under ``folder/countries/lang``."""
    data = dict(json.loads(json.dumps(GOOD_PROFILE)), lang=lang, **changes)
    return write_record(folder / "countries" / lang, f"{data['id']}.md", "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n")
