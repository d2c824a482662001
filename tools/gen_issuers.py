"""Generate ontology/issuers.ttl: the bodies that pass or publish CCUS policies, with zh/en names.

    python tools/gen_issuers.py

Each row: slug, jurisdiction code, English name, Chinese name, aliases (either language). Aliases
cover the spellings found in real records (abbreviations, "X / Y" joint sources listed under the
lead body). Keep rows sorted by slug.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "ontology" / "issuers.ttl"
NS = "https://w3id.org/ccuskg/issuer/"

ISSUERS = [
    ("ae-adnoc", "AE", "Abu Dhabi National Oil Company", "阿布扎比国家石油公司", ["ADNOC"]),
    ("ae-federal-government", "AE", "UAE Federal Government", "阿联酋联邦政府", ["UAE Government", "阿联酋政府"]),
    ("au-cer", "AU", "Clean Energy Regulator", "澳大利亚清洁能源监管局", ["CER"]),
    ("au-dcceew", "AU", "Department of Climate Change, Energy, the Environment and Water", "澳大利亚气候变化、能源、环境和水资源部", ["DCCEEW"]),
    ("au-parliament", "AU", "Parliament of Australia", "澳大利亚议会", ["Australian Parliament"]),
    ("au-wa-government", "AU-WA", "Government of Western Australia", "西澳大利亚州政府", ["WA Government", "西澳政府"]),
    ("br-anp", "BR", "National Agency of Petroleum, Natural Gas and Biofuels", "巴西国家石油、天然气和生物燃料管理局", ["ANP", "ANP Brazil"]),
    ("br-congress", "BR", "National Congress of Brazil", "巴西国会", ["Congresso Nacional"]),
    ("br-federal-government", "BR", "Federal Government of Brazil", "巴西联邦政府", ["Brazilian Federal Government"]),
    ("br-mme", "BR", "Ministry of Mines and Energy of Brazil", "巴西矿产和能源部", ["MME", "MME Brazil"]),
    ("ca-ab-government", "CA-AB", "Government of Alberta", "阿尔伯塔省政府", ["Alberta Government", "艾伯塔省政府"]),
    ("ca-ab-kings-printer", "CA-AB", "Alberta King's Printer", "阿尔伯塔省政府出版局", ["Alberta Queen's Printer"]),
    ("ca-ab-legislature", "CA-AB", "Legislative Assembly of Alberta", "阿尔伯塔省立法议会", ["Alberta Legislature"]),
    ("ca-finance", "CA", "Department of Finance Canada", "加拿大财政部", ["Finance Canada"]),
    ("ca-parliament", "CA", "Parliament of Canada", "加拿大议会", []),
    ("ca-sk-energy-resources", "CA-SK", "Saskatchewan Ministry of Energy and Resources", "萨斯喀彻温省能源与资源部", ["Saskatchewan ER"]),
    ("ca-sk-government", "CA-SK", "Government of Saskatchewan", "萨斯喀彻温省政府", []),
    ("cn-cpc-state-council", "CN", "CPC Central Committee and State Council", "中共中央 国务院", ["中共中央、国务院"]),
    ("cn-gd-eco-environment", "CN-GD", "Department of Ecology and Environment of Guangdong Province", "广东省生态环境厅", []),
    ("cn-hb-eco-environment", "CN-HB", "Department of Ecology and Environment of Hubei Province", "湖北省生态环境厅", []),
    ("cn-js-miit", "CN-JS", "Department of Industry and Information Technology of Jiangsu Province", "江苏省工业和信息化厅", ["江苏省工信厅"]),
    ("cn-mee", "CN", "Ministry of Ecology and Environment", "生态环境部", ["MEE", "中国生态环境部"]),
    ("cn-miit", "CN", "Ministry of Industry and Information Technology", "工业和信息化部", ["MIIT", "工信部", "中国工信部"]),
    ("cn-ndrc", "CN", "National Development and Reform Commission", "国家发展和改革委员会", ["NDRC", "国家发展改革委", "国家发改委"]),
    ("cn-nm-ordos-government", "CN-NM", "Ordos Municipal People's Government", "鄂尔多斯市人民政府", []),
    ("cn-pboc", "CN", "People's Bank of China", "中国人民银行", ["PBOC", "PBoC"]),
    ("cn-sac", "CN", "Standardization Administration of China", "国家标准化管理委员会", ["SAC", "国家标准委"]),
    ("cn-sd-government", "CN-SD", "Shandong Provincial People's Government", "山东省人民政府", []),
    ("cn-state-council", "CN", "State Council", "国务院", ["State Council of China", "中国国务院"]),
    ("co-minenergia", "CO", "Ministry of Mines and Energy of Colombia", "哥伦比亚矿业和能源部", ["哥伦比亚能源部", "MinEnergía"]),
    ("de-federal-government", "DE", "Federal Government of Germany", "德国联邦政府", ["German Federal Government"]),
    ("dk-energy-agency", "DK", "Danish Energy Agency", "丹麦能源署", ["Energistyrelsen"]),
    ("dk-folketing", "DK", "Danish Parliament (Folketing)", "丹麦议会", ["Folketing"]),
    ("dk-kefm", "DK", "Danish Ministry of Climate, Energy and Utilities", "丹麦气候、能源和公用事业部", []),
    ("eu-commission", "EU", "European Commission", "欧盟委员会", ["EC", "欧洲委员会"]),
    ("eu-parliament-council", "EU", "European Parliament and Council", "欧洲议会和理事会", ["European Parliament", "European Parliament and Council of the EU", "欧洲议会", "欧洲议会与欧盟理事会"]),
    ("fr-government", "FR", "Government of France", "法国政府", ["French Government"]),
    ("gb-desnz", "GB", "Department for Energy Security and Net Zero", "英国能源安全与净零部", ["DESNZ"]),
    ("gb-government", "GB", "UK Government", "英国政府", ["HM Government"]),
    ("gb-ofgem", "GB", "Ofgem", "英国天然气和电力市场办公室", []),
    ("gb-parliament", "GB", "UK Parliament", "英国议会", ["Parliament of the United Kingdom"]),
    ("hr-azu", "HR", "Croatian Hydrocarbon Agency", "克罗地亚碳氢化合物管理局", ["Croatian Hydrocarbon Agency (AZU)", "AZU"]),
    ("id-cabinet-secretariat", "ID", "Cabinet Secretariat of Indonesia", "印度尼西亚内阁秘书处", []),
    ("id-memr", "ID", "Ministry of Energy and Mineral Resources of Indonesia", "印度尼西亚能源和矿产资源部", ["MEMR", "ESDM"]),
    ("id-president", "ID", "President of Indonesia", "印度尼西亚总统", []),
    ("in-finance", "IN", "Ministry of Finance of India", "印度财政部", []),
    ("in-niti-aayog", "IN", "NITI Aayog", "印度国家转型委员会", []),
    ("intl-ccs-plus", "INT", "CCS+ Initiative", "CCS+ 倡议", []),
    ("intl-gcca", "INT", "Global Cement and Concrete Association", "全球水泥和混凝土协会", ["GCCA"]),
    ("intl-gold-standard", "INT", "Gold Standard", "黄金标准", ["Gold Standard Foundation"]),
    ("intl-icao", "INT", "International Civil Aviation Organization", "国际民用航空组织", ["ICAO"]),
    ("intl-imo", "INT", "International Maritime Organization", "国际海事组织", ["IMO"]),
    ("intl-ipcc", "INT", "Intergovernmental Panel on Climate Change", "政府间气候变化专门委员会", ["IPCC"]),
    ("intl-iso-tc265", "INT", "ISO/TC 265 Carbon dioxide capture, transportation and geological storage", "国际标准化组织 TC265", ["ISO TC265", "ISO TC 265", "ISO/TC 265"]),
    ("intl-london-protocol-parties", "INT", "Contracting Parties to the London Protocol", "《伦敦议定书》缔约方", ["London Protocol Contracting Parties", "伦敦议定书缔约方会议"]),
    ("intl-ospar-commission", "INT", "OSPAR Commission", "奥斯陆-巴黎委员会", ["OSPAR"]),
    ("intl-puro-earth", "INT", "Puro.earth", "Puro.earth", []),
    ("intl-unfccc", "INT", "United Nations Framework Convention on Climate Change", "联合国气候变化框架公约", ["UNFCCC"]),
    ("intl-verra", "INT", "Verra", "Verra", []),
    ("is-althingi", "IS", "Parliament of Iceland (Althingi)", "冰岛议会", ["Althingi"]),
    ("jp-diet", "JP", "National Diet of Japan", "日本国会", []),
    ("jp-jogmec", "JP", "Japan Organization for Metals and Energy Security", "日本能源金属矿物资源机构", ["JOGMEC"]),
    ("jp-meti", "JP", "Ministry of Economy, Trade and Industry", "日本经济产业省", ["METI", "METI Japan", "日本经济产业省 (METI)", "经济产业省"]),
    ("jp-moe", "JP", "Ministry of the Environment of Japan", "日本环境省", []),
    ("kr-motie", "KR", "Ministry of Trade, Industry and Energy", "韩国产业通商资源部", ["MOTIE", "MOTIE Korea", "韩国产业通商资源部 (MOTIE)"]),
    ("kr-national-assembly", "KR", "National Assembly of Korea", "韩国国会", []),
    ("my-economy", "MY", "Ministry of Economy of Malaysia", "马来西亚经济部", ["Ministry of Economy"]),
    ("my-mida", "MY", "Malaysian Investment Development Authority", "马来西亚投资发展局", ["MIDA", "MIDA / 马来西亚财政部"]),
    ("my-parliament", "MY", "Parliament of Malaysia", "马来西亚议会", []),
    ("my-sarawak-assembly", "MY-13", "Sarawak State Legislative Assembly", "砂拉越州立法议会", []),
    ("ng-nuprc", "NG", "Nigerian Upstream Petroleum Regulatory Commission", "尼日利亚上游石油监管委员会", ["NUPRC", "NUPRC Nigeria"]),
    ("nl-ez", "NL", "Ministry of Economic Affairs and Climate Policy", "荷兰经济事务与气候政策部", ["荷兰经济部"]),
    ("nl-rvo", "NL", "Netherlands Enterprise Agency", "荷兰企业局", ["RVO", "RVO Netherlands"]),
    ("nl-states-general", "NL", "States General of the Netherlands", "荷兰议会", []),
    ("no-government", "NO", "Government of Norway", "挪威政府", ["Norwegian Government", "挪威政府 / Gassnova"]),
    ("no-havtil", "NO", "Norwegian Ocean Industry Authority (formerly Petroleum Safety Authority)", "挪威海洋工业管理局", ["Havtil", "Petroleum Safety Authority Norway", "PSA"]),
    ("no-mpe", "NO", "Norwegian Ministry of Energy (formerly Petroleum and Energy)", "挪威能源部", ["Ministry of Petroleum and Energy", "Norwegian Ministry of Petroleum and Energy", "挪威石油和能源部"]),
    ("no-offshore-directorate", "NO", "Norwegian Offshore Directorate", "挪威海上管理局", ["Sodir", "Norwegian Petroleum Directorate"]),
    ("no-storting", "NO", "Storting", "挪威议会", ["Norwegian Parliament"]),
    ("ro-anrm", "RO", "National Agency for Mineral Resources of Romania", "罗马尼亚矿产资源管理局", ["ANRM"]),
    ("sa-energy", "SA", "Saudi Ministry of Energy", "沙特能源部", ["Ministry of Energy of Saudi Arabia"]),
    ("th-boi", "TH", "Thailand Board of Investment", "泰国投资委员会", ["BOI"]),
    ("us-ca-carb", "US-CA", "California Air Resources Board", "加利福尼亚州空气资源委员会", ["CARB"]),
    ("us-congress", "US", "US Congress", "美国国会", ["United States Congress", "Congress"]),
    ("us-doe", "US", "US Department of Energy", "美国能源部", ["US DOE", "DOE", "美国能源部 (DOE)"]),
    ("us-epa", "US", "US Environmental Protection Agency", "美国环境保护署", ["US EPA", "EPA", "美国环保署"]),
    ("us-irs", "US", "Internal Revenue Service", "美国国税局", ["IRS", "IRS / EPA", "US Treasury / IRS"]),
    ("us-la-dnr", "US-LA", "Louisiana Department of Natural Resources", "路易斯安那州自然资源部", ["Louisiana DNR"]),
    ("us-nd-legislature", "US-ND", "North Dakota Legislative Assembly", "北达科他州立法议会", ["ND Legislature", "North Dakota Legislature"]),
    ("us-tx-legislature", "US-TX", "Texas Legislature", "得克萨斯州议会", ["德克萨斯州议会"]),
    ("us-wy-legislature", "US-WY", "Wyoming Legislature", "怀俄明州议会", []),
    ("vn-government", "VN", "Government of Vietnam", "越南政府", ["Vietnamese Government"]),
]


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def lang_of(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def main() -> None:
    slugs = [row[0] for row in ISSUERS]
    assert slugs == sorted(slugs) and len(set(slugs)) == len(slugs), "keep ISSUERS sorted and unique"
    blocks = []
    for slug, jurisdiction, en, zh, aliases in ISSUERS:
        lines = [f"<{NS}{slug}> a ccus:Issuer, skos:Concept ;",
                 "    skos:inScheme <https://w3id.org/ccuskg/issuer> ;",
                 f"    skos:prefLabel {lit(en, 'en')}, {lit(zh, 'zh')} ;"]
        alts = [a for a in aliases if a.casefold() not in (en.casefold(), zh.casefold())]
        if alts:
            lines.append(f"    skos:altLabel {', '.join(lit(a, lang_of(a)) for a in alts)} ;")
        lines.append(f"    ccus:jurisdiction <https://w3id.org/ccuskg/jurisdiction/{jurisdiction}> .")
        blocks.append("\n".join(lines))
    header = """# GENERATED by tools/gen_issuers.py -- edit the table there and re-run it.

@prefix ccus: <https://w3id.org/ccuskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/ccuskg/issuer> a skos:ConceptScheme ;
    skos:prefLabel "Issuers"@en, "发布机构"@zh .
"""
    OUT.write_text(header + "\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(blocks)} issuers)")


if __name__ == "__main__":
    main()
