"""Generate ontology/jurisdictions.ttl from pycountry (ISO 3166-1 and selected ISO 3166-2).

    python tools/gen_jurisdictions.py        # rewrites ontology/jurisdictions.ttl, deterministically

ISO codes and English names come from pycountry; Chinese names from pycountry's bundled gettext
translations (zh_CN), with the overrides below where a shorter common name is the one analysts write.
Wikidata ids are only those confirmed in the project's reference notes (shared/reference), so the
table claims nothing it cannot source.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "ontology" / "jurisdictions.ttl"
NS = "https://w3id.org/ccuskg/jurisdiction/"
LEVEL = "https://w3id.org/ccuskg/vocab/jurisdiction-level/"

# Short English names where pycountry's differs from common usage (pycountry's name stays an altLabel).
EN_SHORT = {"KR": "South Korea", "KP": "North Korea", "VN": "Vietnam", "RU": "Russia", "IR": "Iran",
            "SY": "Syria", "TZ": "Tanzania", "BO": "Bolivia", "VE": "Venezuela", "MD": "Moldova",
            "LA": "Laos", "TW": "Taiwan", "BN": "Brunei", "CZ": "Czechia", "TR": "Turkey"}
ZH_SHORT = {"KR": "韩国", "KP": "朝鲜", "TW": "台湾"}
# Variants found in real records, and common abbreviations.
ALT = {
    "CN": ["PRC", "People's Republic of China", "中华人民共和国"],
    "US": ["USA", "US", "U.S.", "United States of America", "美利坚合众国", "美國"],
    "GB": ["UK", "Great Britain", "Britain", "大不列颠及北爱尔兰联合王国"],
    "KR": ["Republic of Korea", "Korea", "大韩民国", "南韩"],
    "AE": ["UAE", "阿拉伯联合酋长国"],
    "NL": ["Holland", "荷兰王国"],
    "SA": ["KSA", "沙特"],
    "DE": ["德意志联邦共和国"],
    "JP": ["日本国"],
    "AU": ["澳洲"],
    "MY": ["大马"],
    "ID": ["印尼"],
}
# Wikidata ids as given in shared/reference/ccus-domain-notes.md (confirmed there from owid-grapher's
# CountriesRegions.ts; the Netherlands country item Q55, not OWID's Q29999 for the Kingdom).
WIKIDATA = {"CN": "Q148", "US": "Q30", "GB": "Q145", "NO": "Q20", "DK": "Q35", "CA": "Q16", "AU": "Q408",
            "JP": "Q17", "KR": "Q884", "ID": "Q252", "MY": "Q833", "BR": "Q155", "IN": "Q668", "SA": "Q851",
            "AE": "Q878", "NL": "Q55"}
SUBDIVISION_COUNTRIES = ["US", "CA", "AU", "CN", "MY", "BR", "IN", "ID"]
GB_NATIONS = {"GB-ENG": ("England", "英格兰"), "GB-SCT": ("Scotland", "苏格兰"),
              "GB-WLS": ("Wales", "威尔士"), "GB-NIR": ("Northern Ireland", "北爱尔兰")}
ZH_SUBDIVISION = {"CA-AB": "阿尔伯塔省", "CA-SK": "萨斯喀彻温省", "CA-BC": "不列颠哥伦比亚省", "MY-12": "沙巴",
                  "US-CA": "加利福尼亚州"}
ZH_SUBDIVISION_ALT = {"CA-AB": ["艾伯塔省", "艾伯塔", "阿尔伯塔"], "MY-13": ["砂拉越州", "沙捞越"],
                      "US-CA": ["加州"], "US-TX": ["德克萨斯州", "德州"], "AU-WA": ["西澳"]}


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def entry(code: str, en: str, zh: str | None, alts: list[tuple[str, str]], level: str, extra: list[str]) -> str:
    labels = [lit(en, "en")] + ([lit(zh, "zh")] if zh else [])
    seen = {(en.casefold()), (zh or "").casefold()}
    alt_terms = []
    for text, lang in alts:
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            alt_terms.append(lit(text, lang))
    lines = [f"<{NS}{code}> a ccus:Jurisdiction, skos:Concept ;",
             "    skos:inScheme <https://w3id.org/ccuskg/jurisdiction> ;",
             f"    skos:prefLabel {', '.join(labels)} ;"]
    if alt_terms:
        lines.append(f"    skos:altLabel {', '.join(alt_terms)} ;")
    lines.append(f"    skos:notation {lit(code)} ;")
    lines += [f"    {e} ;" for e in extra]
    lines.append(f"    ccus:jurisdictionLevel <{LEVEL}{level}> .")
    return "\n".join(lines)


def lang_of(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def main() -> None:
    zh1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    zh2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    blocks: dict[str, str] = {}
    for country in pycountry.countries:
        a2 = country.alpha_2
        en = EN_SHORT.get(a2) or getattr(country, "common_name", None) or country.name
        zh_name = ZH_SHORT.get(a2) or zh1.gettext(country.name)
        zh = zh_name if zh_name != country.name else None
        alts = [(country.name, "en")]
        if getattr(country, "official_name", None):
            alts.append((country.official_name, "en"))
        alts += [(a, lang_of(a)) for a in ALT.get(a2, [])]
        extra = [f"ccus:isoAlpha2 {lit(a2)}", f"ccus:isoAlpha3 {lit(country.alpha_3)}",
                 f"ccus:isoNumeric {lit(country.numeric)}",
                 f"skos:exactMatch <http://publications.europa.eu/resource/authority/country/{country.alpha_3}>"]
        if a2 in WIKIDATA:
            extra.append(f"owl:sameAs wd:{WIKIDATA[a2]}")
        blocks[a2] = entry(a2, en, zh, alts, "national", extra)

    def subdivision(code: str, en: str, zh: str | None, alts: list[tuple[str, str]]) -> None:
        parent = code.split("-")[0]
        extra = [f"ccus:iso3166_2 {lit(code)}", f"skos:broader <{NS}{parent}>"]
        blocks[code] = entry(code, en, zh, alts, "subnational", extra)

    for parent in SUBDIVISION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=parent):
            if sub.parent_code:  # only first-level subdivisions
                continue
            zh = ZH_SUBDIVISION.get(sub.code) or zh2.gettext(sub.name)
            zh = zh if zh != sub.name else None
            alts = [(a, "zh") for a in ZH_SUBDIVISION_ALT.get(sub.code, [])]
            if zh and zh.endswith(("省", "州")) and len(zh) > 2:
                alts.append((zh[:-1], "zh"))
            en = sub.name
            for suffix in (" Sheng", " Zizhiqu", " Shi"):
                if en.endswith(suffix):
                    alts.append((en, "en"))
                    en = en[: -len(suffix)]
            subdivision(sub.code, en, zh, alts)
    for code, (en, zh) in GB_NATIONS.items():
        subdivision(code, en, zh, [])

    blocks["EU"] = entry("EU", "European Union", "欧盟", [("EU", "en"), ("欧洲联盟", "zh")], "supranational",
                         ["owl:sameAs wd:Q458"])
    blocks["INT"] = entry("INT", "International", "国际", [("Global", "en"), ("Worldwide", "en"), ("全球", "zh")],
                          "international", [])

    header = """# GENERATED by tools/gen_jurisdictions.py from pycountry (ISO 3166-1, ISO 3166-2 and their zh_CN
# translations) -- do not edit by hand; change the generator and re-run it.

@prefix ccus: <https://w3id.org/ccuskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .

<https://w3id.org/ccuskg/jurisdiction> a skos:ConceptScheme ;
    skos:prefLabel "Jurisdictions"@en, "法域"@zh .

<https://w3id.org/ccuskg/vocab/jurisdiction-level> a skos:ConceptScheme ;
    skos:prefLabel "Jurisdiction level"@en, "法域层级"@zh .
"""
    levels = {"national": ("National", "国家"), "subnational": ("Subnational", "次国家"),
              "supranational": ("Supranational", "超国家"), "international": ("International", "国际")}
    level_blocks = [
        f"<{LEVEL}{key}> a skos:Concept ; skos:inScheme <https://w3id.org/ccuskg/vocab/jurisdiction-level> ;\n"
        f"    skos:notation {lit(key)} ; skos:prefLabel {lit(en, 'en')}, {lit(zh, 'zh')} ."
        for key, (en, zh) in sorted(levels.items())
    ]
    body = "\n\n".join(level_blocks + [blocks[k] for k in sorted(blocks)])
    OUT.write_text(header + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(blocks)} jurisdictions)")


if __name__ == "__main__":
    main()
