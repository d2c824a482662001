"""Generate the reference tables ontology/jurisdictions.ttl and ontology/issuers.ttl.

    python tools/gen_jurisdictions.py        # rewrites both files; same input, same bytes

Jurisdictions (first section):
  * ISO 3166-1 (every country pycountry knows) and the ISO 3166-2 subdivisions of US (states and DC),
    CA, AU, CN, MY, BR, IN, ID (provinces, not the island groups) plus GB's four nations; codes and
    English names from pycountry, Chinese names from pycountry's bundled gettext catalogues
    (pycountry.LOCALES_DIR, domains iso3166-1 / iso3166-2, language zh_CN).
  * Where pycountry's name is formal ("Korea, Republic of") or its Chinese name is missing, formal or
    wrong, the tables below give the common short name; pycountry's own name then stays an altLabel
    (unless it is an outright error, see ZH_DROP / ZH_COUNTRY_DROP).
  * Wikidata ids come from OWID_QIDS, copied from the Our World in Data country table (source named
    there), never from memory; subdivisions get none.
  * EU (supranational) and INT (international) are added by hand.

Issuers (second section): the ISSUERS table, one row per body that passes or publishes policies.

Every label is unique within its table after the tool's normalisation (NFKC, case-fold, collapsed
spaces), notations included; the script stops with an error if a table entry breaks that. Labels this
script derives by itself (a Chinese name without its 省/州 suffix, an accent-free spelling) are simply
left out where they would clash.
"""

from __future__ import annotations

import gettext
import importlib.metadata
import unicodedata
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
JURISDICTIONS_OUT = ROOT / "ontology" / "jurisdictions.ttl"
ISSUERS_OUT = ROOT / "ontology" / "issuers.ttl"

JURISDICTION_NS = "https://w3id.org/ccuskg/jurisdiction"
LEVEL_NS = "https://w3id.org/ccuskg/vocab/jurisdiction-level"
ISSUER_NS = "https://w3id.org/ccuskg/issuer"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"

PREFIXES = """@prefix ccus: <https://w3id.org/ccuskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""

# ---------------------------------------------------------------------------------------------------
# Wikidata ids, ISO 3166-1 alpha-3 -> QID.
# Source: owid/owid-grapher, packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts,
# commit c7402d12e25bd1d45f5bd7d66cfc083342a1ed96 (columns iso_alpha3 and wikidata_uri; OWID_* rows
# without ISO codes left out). Cross-checked against sousakak/WikivoyageModules
# vCard/CountryData/Geography.lua @ 1744f68919636c004a071d96e87aa51b54fd71b1: all 245 shared codes
# agree except NLD and PSE (see QID_OVERRIDES and the note on PSE).
OWID_QIDS = """
AFG Q889 ALA Q5689 ALB Q222 DZA Q262 ASM Q16641 AND Q228 AGO Q916 AIA Q25228 ATG Q781 ARG Q414
ARM Q399 ABW Q21203 AUS Q408 AUT Q40 AZE Q227 BHS Q778 BHR Q398 BGD Q902 BRB Q244 BLR Q184
BEL Q31 BLZ Q242 BEN Q962 BMU Q23635 BTN Q917 BOL Q750 BES Q27561 BIH Q225 BWA Q963 BVT Q23408
BRA Q155 IOT Q43448 VGB Q25305 BRN Q921 BGR Q219 BFA Q965 BDI Q967 KHM Q424 CMR Q1009 CAN Q16
CPV Q1011 CYM Q5785 CAF Q929 TCD Q657 CHL Q298 CHN Q148 CXR Q31063 CCK Q36004 COL Q739 COM Q970
COG Q971 COK Q26988 CRI Q800 CIV Q1008 HRV Q224 CUB Q241 CUW Q25279 CYP Q229 CZE Q213 COD Q974
DNK Q35 DJI Q977 DMA Q784 DOM Q786 ECU Q736 EGY Q79 SLV Q792 GNQ Q983 ERI Q986 EST Q191
SWZ Q1050 ETH Q115 FRO Q4628 FLK Q9648 FJI Q712 FIN Q33 FRA Q142 GUF Q3769 PYF Q30971 ATF Q129003
GAB Q1000 GMB Q1005 GEO Q230 DEU Q183 GHA Q117 GIB Q1410 GRC Q41 GRL Q223 GRD Q769 GLP Q17012
GUM Q16635 GTM Q774 GGY Q25230 GIN Q1006 GNB Q1007 GUY Q734 HTI Q790 HMD Q131198 HND Q783 HKG Q8646
HUN Q28 ISL Q189 IND Q668 IDN Q252 IRN Q794 IRQ Q796 IRL Q27 IMN Q9676 ISR Q801 ITA Q38
JAM Q766 JPN Q17 JEY Q785 JOR Q810 KAZ Q232 KEN Q114 KIR Q710 KWT Q817 KGZ Q813 LAO Q819
LVA Q211 LBN Q822 LSO Q1013 LBR Q1014 LBY Q1016 LIE Q347 LTU Q37 LUX Q32 MAC Q14773 MDG Q1019
MWI Q1020 MYS Q833 MDV Q826 MLI Q912 MLT Q233 MHL Q709 MTQ Q17054 MRT Q1025 MUS Q1027 MYT Q17063
MEX Q96 FSM Q702 MDA Q217 MCO Q235 MNG Q711 MNE Q236 MSR Q13353 MAR Q1028 MOZ Q1029 MMR Q836
NAM Q1030 NRU Q697 NPL Q837 NLD Q29999 NCL Q33788 NZL Q664 NIC Q811 NER Q1032 NGA Q1033 NIU Q34020
NFK Q31057 PRK Q423 MKD Q221 MNP Q16644 NOR Q20 OMN Q842 PAK Q843 PLW Q695 PSE Q219060 PAN Q804
PNG Q691 PRY Q733 PER Q419 PHL Q928 PCN Q35672 POL Q36 PRT Q45 PRI Q1183 QAT Q846 REU Q17070
ROU Q218 RUS Q159 RWA Q1037 BLM Q25362 SHN Q192184 KNA Q763 LCA Q760 MAF Q126125 SPM Q34617 VCT Q757
WSM Q683 SMR Q238 STP Q1039 SAU Q851 SEN Q1041 SRB Q403 SYC Q1042 SLE Q1044 SGP Q334 SXM Q26273
SVK Q214 SVN Q215 SLB Q685 SOM Q1045 ZAF Q258 SGS Q35086 KOR Q884 SSD Q958 ESP Q29 LKA Q854
SDN Q1049 SUR Q730 SJM Q842829 SWE Q34 CHE Q39 SYR Q858 TWN Q865 TJK Q863 TZA Q924 THA Q869
TLS Q574 TGO Q945 TKL Q36823 TON Q678 TTO Q754 TUN Q948 TUR Q43 TKM Q874 TCA Q18221 TUV Q672
UGA Q1036 UKR Q212 ARE Q878 GBR Q145 USA Q30 UMI Q16645 VIR Q11703 URY Q77 UZB Q265 VUT Q686
VAT Q237 VEN Q717 VNM Q881 WLF Q35555 ESH Q6250 YEM Q805 ZMB Q953 ZWE Q954 ATA Q21590062
"""
# OWID maps NLD to Q29999, the Kingdom of the Netherlands (with Aruba, Curaçao, Sint Maarten); the
# country in Europe, which ISO NL denotes here, is Q55 (as in the Wikivoyage table above).
QID_OVERRIDES = {"NLD": "Q55"}
# OWID's ATA row points at Q21590062, labelled "Antarctic Treaty area" there, not at the ISO entity
# Antarctica; no sameAs rather than a wrong one. (PSE: OWID has Q219060 "State of Palestine", which
# matches pycountry's "Palestine, State of"; Wikivoyage uses Q407199 for the territories.)
QID_EXCLUDED = {"ATA"}
# European Union = Q458: the OWID table has no QID for its EU27 row; Q458 is the id public code uses
# for "European Union" (schema.org sameAs in JSON-LD, ODRL spatial constraints; found with the
# library's find_string, repositories not named by the index), and the domain notes give it too.
EU_QID = "Q458"

# ---------------------------------------------------------------------------------------------------
# Countries: common short names and variants.
EN_COUNTRY = {  # pycountry's common_name is used where it has one; these cover the rest
    "BN": "Brunei", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "FK": "Falkland Islands", "FM": "Micronesia", "PS": "Palestine", "RU": "Russia", "TR": "Turkey",
    "VA": "Vatican City", "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands",
}
ZH_COUNTRY = {  # common short Chinese names where pycountry's zh_CN is formal, regional or mistaken
    "BD": "孟加拉国", "BO": "玻利维亚", "GT": "危地马拉", "IM": "马恩岛", "IR": "伊朗", "KG": "吉尔吉斯斯坦",
    "KH": "柬埔寨", "KP": "朝鲜", "KR": "韩国", "LA": "老挝", "MD": "摩尔多瓦", "MT": "马耳他",
    "PF": "法属波利尼西亚", "SY": "叙利亚", "TW": "台湾", "VE": "委内瑞拉",
}
ZH_COUNTRY_DROP = {"KH", "PF"}  # pycountry's zh_CN name there is a misspelling: not kept as an altLabel
COUNTRY_ALT = {  # variants seen in records and common abbreviations (either language)
    "AE": ["UAE", "U.A.E.", "阿拉伯联合酋长国"],
    "AU": ["澳洲"],
    "CD": ["DR Congo", "DRC"],
    "CI": ["Ivory Coast"],
    "CN": ["PRC", "P.R.C.", "中國"],
    "CV": ["Cape Verde"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "联合王国"],
    "HK": ["中国香港"],
    "ID": ["印尼"],
    "JP": ["日本国"],
    "KP": ["DPRK"],
    "KR": ["Republic of Korea", "Korea", "ROK", "南韩"],
    "MM": ["Burma"],
    "MO": ["Macau", "中国澳门"],
    "MY": ["大马"],
    "NL": ["The Netherlands", "Holland"],
    "RU": ["俄罗斯联邦"],
    "SA": ["KSA", "沙特"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Türkiye"],
    "TW": ["中国台湾"],
    "US": ["USA", "US", "U.S.", "U.S.A.", "美國"],
    "VA": ["Holy See"],
}

# ---------------------------------------------------------------------------------------------------
# Subdivisions.
SUBDIVISION_COUNTRIES = ["US", "CA", "AU", "CN", "MY", "BR", "IN", "ID"]
SUBDIVISION_TYPES_SKIPPED = {
    "Outlying area",      # US-AS, US-GU, US-PR ...: also ISO 3166-1 countries, same names
    "Geographical unit",  # ID-JW, ID-KA ...: island groups above the provinces, not governments
}
GB_NATIONS = {"GB-ENG": ("England", "英格兰"), "GB-SCT": ("Scotland", "苏格兰"),
              "GB-WLS": ("Wales", "威尔士"), "GB-NIR": ("Northern Ireland", "北爱尔兰")}

EN_SUBDIVISION = {  # English names where pycountry's is romanised (CN) or clashes with a country
    "US-GA": "Georgia (U.S. state)",
    "CN-AH": "Anhui", "CN-BJ": "Beijing", "CN-CQ": "Chongqing", "CN-FJ": "Fujian", "CN-GD": "Guangdong",
    "CN-GS": "Gansu", "CN-GX": "Guangxi Zhuang Autonomous Region", "CN-GZ": "Guizhou", "CN-HA": "Henan",
    "CN-HB": "Hubei", "CN-HE": "Hebei", "CN-HI": "Hainan", "CN-HK": "Hong Kong SAR", "CN-HL": "Heilongjiang",
    "CN-HN": "Hunan", "CN-JL": "Jilin", "CN-JS": "Jiangsu", "CN-JX": "Jiangxi", "CN-LN": "Liaoning",
    "CN-MO": "Macao SAR", "CN-NM": "Inner Mongolia Autonomous Region", "CN-NX": "Ningxia Hui Autonomous Region",
    "CN-QH": "Qinghai", "CN-SC": "Sichuan", "CN-SD": "Shandong", "CN-SH": "Shanghai", "CN-SN": "Shaanxi",
    "CN-SX": "Shanxi", "CN-TJ": "Tianjin", "CN-TW": "Taiwan Province", "CN-XJ": "Xinjiang Uygur Autonomous Region",
    "CN-XZ": "Xizang Autonomous Region", "CN-YN": "Yunnan", "CN-ZJ": "Zhejiang",
}
EN_SUBDIVISION_ALT = {
    "US-DC": ["Washington, D.C.", "Washington DC"], "US-GA": ["State of Georgia"],
    "CA-QC": ["Québec"],
    "CN-GX": ["Guangxi"], "CN-HK": ["Hong Kong Special Administrative Region"], "CN-MO": ["Macau SAR"],
    "CN-NM": ["Inner Mongolia", "Nei Mongol"], "CN-NX": ["Ningxia"], "CN-XJ": ["Xinjiang"],
    "CN-XZ": ["Tibet Autonomous Region", "Xizang", "Tibet"],
    "GB-WLS": ["Cymru"],
    "MY-04": ["Malacca"], "MY-07": ["Penang"], "MY-14": ["Kuala Lumpur"], "MY-15": ["Labuan"],
    "MY-16": ["Putrajaya"],
    "BR-DF": ["Federal District"],
    "ID-BB": ["Bangka Belitung Islands"], "ID-JB": ["West Java"], "ID-JI": ["East Java"], "ID-JK": ["Jakarta"],
    "ID-JT": ["Central Java"], "ID-KB": ["West Kalimantan"], "ID-KI": ["East Kalimantan"],
    "ID-KR": ["Riau Islands"], "ID-KS": ["South Kalimantan"], "ID-KT": ["Central Kalimantan"],
    "ID-KU": ["North Kalimantan"], "ID-MU": ["North Maluku"], "ID-NB": ["West Nusa Tenggara"],
    "ID-NT": ["East Nusa Tenggara"], "ID-PB": ["West Papua"], "ID-PD": ["Southwest Papua"],
    "ID-PE": ["Papua Pegunungan", "Highland Papua"], "ID-PS": ["South Papua"], "ID-PT": ["Central Papua"],
    "ID-SA": ["North Sulawesi"], "ID-SB": ["West Sumatra"], "ID-SG": ["Southeast Sulawesi"],
    "ID-SN": ["South Sulawesi"], "ID-SR": ["West Sulawesi"], "ID-SS": ["South Sumatra"],
    "ID-ST": ["Central Sulawesi"], "ID-SU": ["North Sumatra"], "ID-YO": ["Special Region of Yogyakarta"],
}
ZH_SUBDIVISION = {  # standard Chinese names where pycountry has none, a short or regional form, or an error
    "US-MD": "马里兰州", "US-MT": "蒙大拿州", "US-SC": "南卡罗来纳州", "US-WV": "西弗吉尼亚州",
    "CA-AB": "阿尔伯塔省", "CA-BC": "不列颠哥伦比亚省", "CA-MB": "马尼托巴省", "CA-NB": "新不伦瑞克省",
    "CA-NL": "纽芬兰与拉布拉多省", "CA-NS": "新斯科舍省", "CA-NU": "努纳武特地区", "CA-SK": "萨斯喀彻温省",
    "CA-YT": "育空地区",
    "AU-ACT": "澳大利亚首都领地", "AU-NSW": "新南威尔士州", "AU-TAS": "塔斯马尼亚州",
    "CN-NX": "宁夏回族自治区",
    "BR-AP": "阿马帕州", "BR-CE": "塞阿拉州", "BR-DF": "巴西利亚联邦区", "BR-ES": "圣埃斯皮里图州",
    "BR-GO": "戈亚斯州", "BR-MA": "马拉尼昂州", "BR-PA": "帕拉州", "BR-PB": "帕拉伊巴州", "BR-PI": "皮奥伊州",
    "BR-PR": "巴拉那州", "BR-RO": "朗多尼亚州", "BR-SC": "圣卡塔琳娜州", "BR-SP": "圣保罗州",
    "BR-TO": "托坎廷斯州",
    "IN-AR": "阿鲁纳恰尔邦", "IN-BR": "比哈尔邦", "IN-CG": "恰蒂斯加尔邦", "IN-CH": "昌迪加尔",
    "IN-DH": "达德拉-纳加尔哈维利和达曼-第乌", "IN-GJ": "古吉拉特邦", "IN-HP": "喜马偕尔邦",
    "IN-HR": "哈里亚纳邦", "IN-JH": "贾坎德邦", "IN-JK": "查谟和克什米尔", "IN-KA": "卡纳塔克邦",
    "IN-LA": "拉达克", "IN-MH": "马哈拉施特拉邦", "IN-ML": "梅加拉亚邦", "IN-NL": "那加兰邦",
    "IN-OD": "奥里萨邦", "IN-PY": "本地治里", "IN-RJ": "拉贾斯坦邦", "IN-SK": "锡金邦",
    "IN-TN": "泰米尔纳德邦", "IN-TS": "特伦甘纳邦", "IN-UK": "北阿坎德邦",
    "ID-BB": "邦加-勿里洞群岛省", "ID-KU": "北加里曼丹省", "ID-PB": "西巴布亚省", "ID-PD": "西南巴布亚省",
    "ID-PE": "高地巴布亚省", "ID-PS": "南巴布亚省", "ID-PT": "中巴布亚省", "ID-SB": "西苏门答腊省",
    "ID-SS": "南苏门答腊省",
}
# pycountry zh_CN names not kept even as altLabels: IN-SK's is Tamil Nadu's name, IN-AR's carries a
# political prefix (伪), BR-DF's (首都特区) is generic.
ZH_DROP = {"IN-SK", "IN-AR", "BR-DF"}
ZH_SUBDIVISION_ALT = {
    "US-CA": ["加州"], "US-DC": ["华盛顿特区", "哥伦比亚特区"], "US-IA": ["爱荷华州"], "US-PA": ["宾州"],
    "US-TX": ["德克萨斯州", "德州"],
    "CA-AB": ["艾伯塔省"], "CA-BC": ["卑诗省"],
    "AU-WA": ["西澳"],
    "CN-GX": ["广西"], "CN-NM": ["内蒙古"], "CN-NX": ["宁夏"], "CN-XJ": ["新疆"], "CN-XZ": ["西藏"],
    "MY-12": ["沙巴州"], "MY-13": ["砂拉越州", "沙捞越"],
    "IN-OD": ["奥迪沙邦"],
}
ZH_NO_SHORT = {"US-WA"}  # 华盛顿 alone usually means the capital, not the state

LEVELS = {
    "national": ("National", "国家级"),
    "subnational": ("Subnational", "次国家级"),
    "supranational": ("Supranational", "超国家级"),
    "international": ("International", "国际级"),
}

# ---------------------------------------------------------------------------------------------------
# Issuers: (slug, jurisdiction code, English name, Chinese name, aliases in either language).
# Slugs: jurisdiction prefix (intl- for international bodies) + short name, lowercase ascii.
# Combined sources ("X / Y") are altLabels of the first-named body, marked "combined".
ISSUERS = [
    ("ae-adnoc", "AE", "Abu Dhabi National Oil Company", "阿布扎比国家石油公司", ["ADNOC"]),
    ("ae-federal-government", "AE", "UAE Federal Government", "阿联酋联邦政府",
     ["Federal Government of the United Arab Emirates", "UAE Government", "阿联酋政府"]),
    ("ae-moccae", "AE", "Ministry of Climate Change and Environment", "阿联酋气候变化和环境部", ["MOCCAE"]),
    ("au-cer", "AU", "Clean Energy Regulator", "澳大利亚清洁能源监管局", ["CER", "清洁能源监管局"]),
    ("au-dcceew", "AU", "Department of Climate Change, Energy, the Environment and Water",
     "澳大利亚气候变化、能源、环境和水资源部", ["DCCEEW"]),
    ("au-disr", "AU", "Department of Industry, Science and Resources", "澳大利亚工业、科学和资源部", ["DISR"]),
    ("au-government", "AU", "Australian Government", "澳大利亚政府",
     ["Government of Australia", "Commonwealth Government of Australia", "澳大利亚联邦政府"]),
    ("au-nopsema", "AU", "National Offshore Petroleum Safety and Environmental Management Authority",
     "澳大利亚国家海上石油安全和环境管理局", ["NOPSEMA"]),
    ("au-nopta", "AU", "National Offshore Petroleum Titles Administrator", "澳大利亚国家海上石油权证管理机构",
     ["NOPTA"]),
    ("au-parliament", "AU", "Parliament of Australia", "澳大利亚议会", ["Australian Parliament"]),
    ("au-wa-government", "AU-WA", "Government of Western Australia", "西澳大利亚州政府",
     ["WA Government", "Western Australian Government", "西澳政府"]),
    ("br-anp", "BR", "National Agency of Petroleum, Natural Gas and Biofuels", "巴西国家石油、天然气和生物燃料管理局",
     ["ANP", "ANP Brazil", "Agência Nacional do Petróleo, Gás Natural e Biocombustíveis"]),
    ("br-congress", "BR", "National Congress of Brazil", "巴西国会", ["Congresso Nacional", "Brazilian National Congress"]),
    ("br-federal-government", "BR", "Federal Government of Brazil", "巴西联邦政府",
     ["Brazilian Federal Government", "Government of Brazil"]),
    ("br-mme", "BR", "Ministry of Mines and Energy of Brazil", "巴西矿产和能源部",
     ["MME", "MME Brazil", "Ministério de Minas e Energia"]),
    ("ca-ab-aer", "CA-AB", "Alberta Energy Regulator", "阿尔伯塔省能源监管局", ["AER"]),
    ("ca-ab-government", "CA-AB", "Government of Alberta", "阿尔伯塔省政府", ["Alberta Government", "艾伯塔省政府"]),
    ("ca-ab-kings-printer", "CA-AB", "Alberta King's Printer", "阿尔伯塔省政府出版局",
     ["Alberta Queen's Printer", "King's Printer for Alberta"]),
    ("ca-ab-legislature", "CA-AB", "Legislative Assembly of Alberta", "阿尔伯塔省立法议会",
     ["Alberta Legislature", "艾伯塔省立法议会"]),
    ("ca-finance", "CA", "Department of Finance Canada", "加拿大财政部", ["Finance Canada"]),
    ("ca-parliament", "CA", "Parliament of Canada", "加拿大议会", ["Canadian Parliament"]),
    ("ca-sk-energy-resources", "CA-SK", "Saskatchewan Ministry of Energy and Resources", "萨斯喀彻温省能源与资源部",
     ["Saskatchewan ER"]),
    ("ca-sk-government", "CA-SK", "Government of Saskatchewan", "萨斯喀彻温省政府", ["Saskatchewan Government"]),
    ("cn-cpc-state-council", "CN", "CPC Central Committee and State Council", "中共中央 国务院",
     ["Central Committee of the Communist Party of China and the State Council", "中共中央、国务院"]),
    ("cn-gd-eco-environment", "CN-GD", "Department of Ecology and Environment of Guangdong Province",
     "广东省生态环境厅", ["Guangdong Department of Ecology and Environment"]),
    ("cn-hb-eco-environment", "CN-HB", "Department of Ecology and Environment of Hubei Province",
     "湖北省生态环境厅", ["Hubei Department of Ecology and Environment"]),
    ("cn-js-miit", "CN-JS", "Department of Industry and Information Technology of Jiangsu Province",
     "江苏省工业和信息化厅", ["江苏省工信厅"]),
    ("cn-mee", "CN", "Ministry of Ecology and Environment", "生态环境部",
     ["MEE", "中国生态环境部", "中华人民共和国生态环境部"]),
    ("cn-miit", "CN", "Ministry of Industry and Information Technology", "工业和信息化部",
     ["MIIT", "工信部", "中国工信部", "中华人民共和国工业和信息化部"]),
    ("cn-mnr", "CN", "Ministry of Natural Resources", "自然资源部", ["MNR"]),
    ("cn-most", "CN", "Ministry of Science and Technology", "科学技术部", ["MOST", "科技部"]),
    ("cn-ndrc", "CN", "National Development and Reform Commission", "国家发展和改革委员会",
     ["NDRC", "国家发展改革委", "国家发改委", "发改委"]),
    ("cn-nea", "CN", "National Energy Administration", "国家能源局", ["NEA"]),
    ("cn-nm-ordos-government", "CN-NM", "Ordos Municipal People's Government", "鄂尔多斯市人民政府", []),
    ("cn-pboc", "CN", "People's Bank of China", "中国人民银行", ["PBOC"]),
    ("cn-sac", "CN", "Standardization Administration of China", "国家标准化管理委员会", ["SAC", "国家标准委"]),
    ("cn-samr", "CN", "State Administration for Market Regulation", "国家市场监督管理总局", ["SAMR", "市场监管总局"]),
    ("cn-sd-government", "CN-SD", "Shandong Provincial People's Government", "山东省人民政府", ["山东省政府"]),
    ("cn-state-council", "CN", "State Council", "国务院",
     ["State Council of China", "State Council of the People's Republic of China", "中国国务院"]),
    ("co-minenergia", "CO", "Ministry of Mines and Energy of Colombia", "哥伦比亚矿业和能源部",
     ["MinEnergía", "Ministerio de Minas y Energía", "哥伦比亚能源部"]),
    ("de-federal-government", "DE", "Federal Government of Germany", "德国联邦政府", ["German Federal Government"]),
    ("dk-energy-agency", "DK", "Danish Energy Agency", "丹麦能源署", ["Energistyrelsen"]),
    ("dk-folketing", "DK", "Danish Parliament (Folketing)", "丹麦议会", ["Folketing", "Folketinget"]),
    ("dk-government", "DK", "Government of Denmark", "丹麦政府", ["Danish Government", "Regeringen"]),
    ("dk-kefm", "DK", "Danish Ministry of Climate, Energy and Utilities", "丹麦气候、能源和公用事业部",
     ["KEFM", "Klima-, Energi- og Forsyningsministeriet"]),
    ("eu-commission", "EU", "European Commission", "欧盟委员会", ["EC", "欧洲委员会", "欧委会"]),
    ("eu-council", "EU", "Council of the European Union", "欧盟理事会", ["Council of the EU"]),
    # "European Parliament" alone is how records name acts adopted jointly with the Council.
    ("eu-parliament-council", "EU", "European Parliament and Council", "欧洲议会和理事会",
     ["European Parliament and Council of the European Union", "European Parliament", "欧洲议会",
      "欧洲议会与欧盟理事会"]),
    ("fr-government", "FR", "Government of France", "法国政府", ["French Government"]),
    ("gb-desnz", "GB", "Department for Energy Security and Net Zero", "英国能源安全与净零部", ["DESNZ"]),
    ("gb-government", "GB", "UK Government", "英国政府", ["HM Government", "Government of the United Kingdom"]),
    ("gb-nir-executive", "GB-NIR", "Northern Ireland Executive", "北爱尔兰行政院", ["NI Executive"]),
    ("gb-nsta", "GB", "North Sea Transition Authority", "英国北海转型管理局", ["NSTA", "Oil and Gas Authority"]),
    ("gb-ofgem", "GB", "Ofgem", "英国天然气和电力市场办公室", ["Office of Gas and Electricity Markets"]),
    ("gb-parliament", "GB", "UK Parliament", "英国议会", ["Parliament of the United Kingdom"]),
    ("hr-azu", "HR", "Croatian Hydrocarbon Agency", "克罗地亚碳氢化合物管理局",
     ["Croatian Hydrocarbon Agency (AZU)", "AZU"]),
    ("id-cabinet-secretariat", "ID", "Cabinet Secretariat of Indonesia", "印度尼西亚内阁秘书处", ["Sekretariat Kabinet"]),
    ("id-memr", "ID", "Ministry of Energy and Mineral Resources of Indonesia", "印度尼西亚能源和矿产资源部",
     ["MEMR", "ESDM", "Kementerian ESDM"]),
    ("id-president", "ID", "President of Indonesia", "印度尼西亚总统", ["印尼总统"]),
    ("in-finance", "IN", "Ministry of Finance of India", "印度财政部", []),
    ("in-niti-aayog", "IN", "NITI Aayog", "印度国家转型委员会", []),
    ("intl-ccs-plus", "INT", "CCS+ Initiative", "CCS+ 倡议", ["CCS+"]),
    ("intl-gcca", "INT", "Global Cement and Concrete Association", "全球水泥和混凝土协会", ["GCCA"]),
    ("intl-gold-standard", "INT", "Gold Standard", "黄金标准", ["Gold Standard Foundation"]),
    ("intl-icao", "INT", "International Civil Aviation Organization", "国际民用航空组织", ["ICAO"]),
    ("intl-imo", "INT", "International Maritime Organization", "国际海事组织", ["IMO"]),
    ("intl-ipcc", "INT", "Intergovernmental Panel on Climate Change", "政府间气候变化专门委员会", ["IPCC"]),
    ("intl-iso-tc265", "INT", "ISO/TC 265 Carbon dioxide capture, transportation and geological storage",
     "国际标准化组织二氧化碳捕集、运输和地质封存技术委员会",
     ["ISO/TC 265", "ISO TC 265", "ISO TC265", "ISO/TC265", "国际标准化组织 TC265"]),
    ("intl-london-protocol-parties", "INT", "Contracting Parties to the London Protocol", "《伦敦议定书》缔约方",
     ["London Protocol Contracting Parties", "Meeting of Contracting Parties to the London Protocol",
      "伦敦议定书缔约方", "伦敦议定书缔约方会议"]),
    ("intl-ospar-commission", "INT", "OSPAR Commission", "奥斯陆-巴黎委员会", ["OSPAR"]),
    ("intl-puro-earth", "INT", "Puro.earth", "Puro.earth", []),
    ("intl-unfccc", "INT", "United Nations Framework Convention on Climate Change", "联合国气候变化框架公约",
     ["UNFCCC"]),
    ("intl-verra", "INT", "Verra", "Verra", ["Verified Carbon Standard", "VCS"]),
    ("is-althingi", "IS", "Parliament of Iceland (Althingi)", "冰岛议会", ["Althingi", "Alþingi"]),
    ("jp-diet", "JP", "National Diet of Japan", "日本国会", ["National Diet", "Diet of Japan"]),
    ("jp-jogmec", "JP", "Japan Organization for Metals and Energy Security", "日本能源金属矿物资源机构", ["JOGMEC"]),
    ("jp-meti", "JP", "Ministry of Economy, Trade and Industry", "日本经济产业省",
     ["METI", "METI Japan", "日本经济产业省 (METI)", "经济产业省"]),
    ("jp-moe", "JP", "Ministry of the Environment of Japan", "日本环境省",
     ["Japan Ministry of the Environment", "MOE Japan"]),
    ("kr-government", "KR", "Government of the Republic of Korea", "韩国政府",
     ["Korean Government", "South Korean Government", "大韩民国政府"]),
    ("kr-mof", "KR", "Ministry of Oceans and Fisheries", "韩国海洋水产部", ["MOF Korea"]),
    ("kr-motie", "KR", "Ministry of Trade, Industry and Energy", "韩国产业通商资源部",
     ["MOTIE", "MOTIE Korea", "韩国产业通商资源部 (MOTIE)", "产业通商资源部"]),
    ("kr-national-assembly", "KR", "National Assembly of Korea", "韩国国会",
     ["National Assembly of the Republic of Korea"]),
    ("my-economy", "MY", "Ministry of Economy of Malaysia", "马来西亚经济部", ["Ministry of Economy"]),
    # combined: "MIDA / 马来西亚财政部" (MIDA with the Ministry of Finance, my-mof)
    ("my-mida", "MY", "Malaysian Investment Development Authority", "马来西亚投资发展局",
     ["MIDA", "MIDA / 马来西亚财政部"]),
    ("my-mof", "MY", "Ministry of Finance Malaysia", "马来西亚财政部", ["MOF Malaysia"]),
    ("my-parliament", "MY", "Parliament of Malaysia", "马来西亚议会", ["Malaysian Parliament"]),
    ("my-sarawak-assembly", "MY-13", "Sarawak State Legislative Assembly", "砂拉越州立法议会",
     ["Dewan Undangan Negeri Sarawak"]),
    ("my-sarawak-government", "MY-13", "Sarawak Government", "砂拉越州政府", ["Government of Sarawak"]),
    ("ng-nuprc", "NG", "Nigerian Upstream Petroleum Regulatory Commission", "尼日利亚上游石油监管委员会",
     ["NUPRC", "NUPRC Nigeria"]),
    ("nl-ez", "NL", "Ministry of Economic Affairs and Climate Policy", "荷兰经济事务与气候政策部",
     ["EZK", "Ministerie van Economische Zaken en Klimaat", "荷兰经济部"]),
    ("nl-kgg", "NL", "Ministry of Climate and Green Growth", "荷兰气候与绿色增长部",
     ["KGG", "Ministerie van Klimaat en Groene Groei"]),
    ("nl-rvo", "NL", "Netherlands Enterprise Agency", "荷兰企业局", ["RVO", "RVO Netherlands"]),
    ("nl-states-general", "NL", "States General of the Netherlands", "荷兰议会", ["Staten-Generaal", "Dutch Parliament"]),
    ("no-gassnova", "NO", "Gassnova", "Gassnova", ["Gassnova SF"]),
    # combined: "挪威政府 / Gassnova" (the government with its CCS enterprise, no-gassnova)
    ("no-government", "NO", "Government of Norway", "挪威政府", ["Norwegian Government", "挪威政府 / Gassnova"]),
    ("no-havtil", "NO", "Norwegian Ocean Industry Authority", "挪威海洋工业管理局",
     ["Havtil", "Petroleum Safety Authority Norway", "Ptil", "挪威石油安全管理局"]),
    ("no-mpe", "NO", "Norwegian Ministry of Energy", "挪威能源部",
     ["Energidepartementet", "Ministry of Petroleum and Energy", "Norwegian Ministry of Petroleum and Energy",
      "挪威石油和能源部"]),
    ("no-offshore-directorate", "NO", "Norwegian Offshore Directorate", "挪威海上管理局",
     ["Sodir", "Norwegian Petroleum Directorate", "挪威石油管理局"]),
    ("no-storting", "NO", "Storting", "挪威议会", ["Norwegian Parliament", "Stortinget"]),
    ("ro-anrm", "RO", "National Agency for Mineral Resources of Romania", "罗马尼亚矿产资源管理局", ["ANRM"]),
    ("sa-energy", "SA", "Saudi Ministry of Energy", "沙特能源部", ["Ministry of Energy of Saudi Arabia", "沙特阿拉伯能源部"]),
    ("th-boi", "TH", "Thailand Board of Investment", "泰国投资委员会", ["BOI Thailand", "Thai BOI"]),
    ("us-ca-carb", "US-CA", "California Air Resources Board", "加利福尼亚州空气资源委员会", ["CARB", "加州空气资源委员会"]),
    ("us-congress", "US", "US Congress", "美国国会", ["United States Congress", "U.S. Congress"]),
    ("us-doe", "US", "US Department of Energy", "美国能源部",
     ["U.S. Department of Energy", "US DOE", "DOE", "美国能源部 (DOE)"]),
    ("us-epa", "US", "US Environmental Protection Agency", "美国环境保护署",
     ["U.S. Environmental Protection Agency", "US EPA", "EPA", "美国环保署"]),
    # combined: "IRS / EPA" (IRS with the EPA, us-epa, for 45Q)
    ("us-irs", "US", "Internal Revenue Service", "美国国税局", ["IRS", "IRS / EPA"]),
    ("us-la-dnr", "US-LA", "Louisiana Department of Natural Resources", "路易斯安那州自然资源部",
     ["Louisiana DNR", "LDNR", "Louisiana Department of Energy and Natural Resources", "LDENR"]),
    ("us-nd-industrial-commission", "US-ND", "North Dakota Industrial Commission", "北达科他州工业委员会", ["NDIC"]),
    ("us-nd-legislature", "US-ND", "North Dakota Legislative Assembly", "北达科他州立法议会",
     ["North Dakota Legislature", "ND Legislature"]),
    # combined: "US Treasury / IRS" (Treasury with the IRS, us-irs)
    ("us-treasury", "US", "US Department of the Treasury", "美国财政部",
     ["U.S. Department of the Treasury", "US Treasury", "US Treasury / IRS"]),
    ("us-tx-legislature", "US-TX", "Texas Legislature", "得克萨斯州议会", ["德克萨斯州议会"]),
    ("us-tx-rrc", "US-TX", "Railroad Commission of Texas", "得克萨斯州铁路委员会", ["Texas Railroad Commission", "Texas RRC"]),
    ("us-wy-deq", "US-WY", "Wyoming Department of Environmental Quality", "怀俄明州环境质量局", ["Wyoming DEQ", "WDEQ"]),
    ("us-wy-legislature", "US-WY", "Wyoming Legislature", "怀俄明州议会", ["Wyoming State Legislature"]),
    ("vn-government", "VN", "Government of Vietnam", "越南政府", ["Vietnamese Government"]),
]


# ---------------------------------------------------------------------------------------------------
def norm(text: str) -> str:
    """The tool's label normalisation (ccuskg.ingest.records.normalise_label)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def ascii_fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def lang_of(text: str) -> str:
    return "zh" if any("\u3400" <= ch <= "\u9fff" for ch in text) else "en"


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


class Concept:
    """One skos:Concept: labels kept apart as hard (table data) and soft (derived, dropped on clash)."""

    def __init__(self, iri: str, types: str, scheme: str, en: str, zh: str, notation: str | None = None):
        self.iri, self.types, self.scheme = iri, types, scheme
        self.pref = {"en": en, "zh": zh}
        self.notation = notation
        self.alts: list[tuple[str, str, bool]] = []  # (text, lang, soft)
        self.extra: list[str] = []  # further "predicate object" lines, in order

    def alt(self, text: str | None, soft: bool = False) -> None:
        if text:
            self.alts.append((text.strip(), lang_of(text), soft))

    def keys(self) -> list[str]:
        return [norm(v) for v in self.pref.values()] + ([norm(self.notation)] if self.notation else [])


def resolve_labels(concepts: list[Concept]) -> None:
    """Drop duplicates and clashing soft labels; stop on any clash between table labels."""
    owner: dict[str, str] = {}

    def claim(key: str, iri: str, what: str) -> bool:
        if owner.setdefault(key, iri) != iri:
            raise SystemExit(f"label clash: {what!r} of {iri} is already a label of {owner[key]}")
        return True

    for c in concepts:
        for key, text in zip(c.keys(), [*c.pref.values(), c.notation]):
            claim(key, c.iri, text)
    for c in concepts:
        for text, _, soft in c.alts:
            if not soft:
                claim(norm(text), c.iri, text)
    soft_owners: dict[str, set[str]] = {}
    for c in concepts:
        for text, _, soft in c.alts:
            if soft:
                soft_owners.setdefault(norm(text), set()).add(c.iri)
    for c in concepts:
        seen, kept = {norm(v) for v in c.pref.values()}, []  # an altLabel may repeat the notation ("US", "EU")
        for text, lang, soft in c.alts:
            key = norm(text)
            if key in seen or (soft and (owner.get(key, c.iri) != c.iri or len(soft_owners[key]) > 1)):
                continue
            owner[key] = c.iri
            seen.add(key)
            kept.append((text, lang, soft))
        c.alts = kept


def render(c: Concept) -> str:
    lines = [f"<{c.iri}> a {c.types} ;",
             f"    skos:inScheme <{c.scheme}> ;",
             f"    skos:prefLabel {lit(c.pref['en'], 'en')}, {lit(c.pref['zh'], 'zh')} ;"]
    alts = sorted({(lang, text) for text, lang, _ in c.alts})
    if alts:
        lines.append(f"    skos:altLabel {', '.join(lit(text, lang) for lang, text in alts)} ;")
    if c.notation:
        lines.append(f"    skos:notation {lit(c.notation)} ;")
    lines += [f"    {line} ;" for line in c.extra]
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines)


def render_level(key: str, en: str, zh: str) -> str:
    return (f"<{LEVEL_NS}/{key}> a skos:Concept ;\n"
            f"    skos:inScheme <{LEVEL_NS}> ;\n"
            f"    skos:prefLabel {lit(en, 'en')}, {lit(zh, 'zh')} ;\n"
            f"    skos:notation {lit(key)} ."
)


def scheme_block(iri: str, en: str, zh: str, comment: str) -> str:
    return (f"<{iri}> a skos:ConceptScheme ;\n    skos:prefLabel {lit(en, 'en')}, {lit(zh, 'zh')} ;\n"
            f"    rdfs:comment {lit(comment, 'en')} .")


def write(path: Path, header: str, blocks: dict[str, str]) -> None:
    body = "\n\n".join(blocks[iri] for iri in sorted(blocks))
    path.write_text(header + "\n" + PREFIXES + "\n" + body + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
def qids() -> dict[str, str]:
    words = OWID_QIDS.split()
    table = dict(zip(words[::2], words[1::2]))
    table.update(QID_OVERRIDES)
    for code in QID_EXCLUDED:
        table.pop(code, None)
    return table


def level(name: str) -> str:
    return f"ccus:jurisdictionLevel <{LEVEL_NS}/{name}>"


def jurisdictions() -> list[Concept]:
    zh1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    zh2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    wikidata = qids()
    concepts: list[Concept] = []

    def concept(code: str, en: str, zh: str) -> Concept:
        c = Concept(f"{JURISDICTION_NS}/{code}", "ccus:Jurisdiction, skos:Concept", JURISDICTION_NS, en, zh, code)
        concepts.append(c)
        return c

    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        a2, a3 = country.alpha_2, country.alpha_3
        common = getattr(country, "common_name", None)
        official = getattr(country, "official_name", None)
        en = EN_COUNTRY.get(a2) or common or country.name
        zh_py = zh1.gettext(country.name)
        zh_py = zh_py if zh_py != country.name else None
        zh = ZH_COUNTRY.get(a2) or zh_py
        if not zh:
            raise SystemExit(f"no Chinese name for {a2} {country.name}")
        c = concept(a2, en, zh)
        for name in (country.name, common, official):
            c.alt(name)
        if zh_py and a2 not in ZH_COUNTRY_DROP:
            c.alt(zh_py)
        if official and zh1.gettext(official) != official:
            c.alt(zh1.gettext(official))
        for name in COUNTRY_ALT.get(a2, []):
            c.alt(name)
        for name in (en, country.name, official):
            if name and ascii_fold(name) != name:
                c.alt(ascii_fold(name), soft=True)
        c.extra += [f"ccus:isoAlpha2 {lit(a2)}", f"ccus:isoAlpha3 {lit(a3)}", f"ccus:isoNumeric {lit(country.numeric)}",
                    level("national")]
        if a3 in wikidata:
            c.extra.append(f"owl:sameAs wd:{wikidata[a3]}")
        c.extra.append(f"skos:exactMatch <{EU_COUNTRY}{a3}>")

    def subdivision(code: str, en: str, zh: str) -> Concept:
        c = concept(code, en, zh)
        c.extra += [f"ccus:iso3166_2 {lit(code)}", f"skos:broader <{JURISDICTION_NS}/{code.split('-')[0]}>",
                    level("subnational")]
        return c

    for parent in SUBDIVISION_COUNTRIES:
        for sub in sorted(pycountry.subdivisions.get(country_code=parent), key=lambda s: s.code):
            if sub.type in SUBDIVISION_TYPES_SKIPPED:
                continue
            # Indian names lose pycountry's romanisation marks (Tamil Nādu -> Tamil Nadu); others keep theirs
            en = EN_SUBDIVISION.get(sub.code) or (ascii_fold(sub.name) if parent == "IN" else sub.name)
            zh_py = zh2.gettext(sub.name)
            zh_py = zh_py if zh_py != sub.name and sub.code not in ZH_DROP else None
            zh = ZH_SUBDIVISION.get(sub.code) or zh_py
            if not zh:
                raise SystemExit(f"no Chinese name for {sub.code} {sub.name}")
            c = subdivision(sub.code, en, zh)
            c.alt(sub.name, soft=True)  # soft: US-GA's "Georgia" is the country's name
            c.alt(zh_py, soft=True)
            for name in EN_SUBDIVISION_ALT.get(sub.code, []) + ZH_SUBDIVISION_ALT.get(sub.code, []):
                c.alt(name)
            if sub.type == "Province" and parent == "CN" and sub.code != "CN-TW":
                c.alt(f"{en} Province", soft=True)
            if ascii_fold(sub.name) != sub.name:
                c.alt(ascii_fold(sub.name), soft=True)
            if sub.code not in ZH_NO_SHORT and zh[-1] in "省州邦市" and len(zh) >= 3:
                c.alt(zh[:-1], soft=True)
    for code, (en, zh) in sorted(GB_NATIONS.items()):
        sub = pycountry.subdivisions.get(code=code)
        c = subdivision(code, en, zh)
        if "[" not in sub.name:  # pycountry: "Wales [Cymru GB-CYM]"
            c.alt(sub.name)
        for name in EN_SUBDIVISION_ALT.get(code, []):
            c.alt(name)

    eu = concept("EU", "European Union", "欧盟")
    for name in ("EU", "欧洲联盟"):
        eu.alt(name)
    eu.extra += [level("supranational"), f"owl:sameAs wd:{EU_QID}"]
    intl = concept("INT", "International", "国际")
    for name in ("Global", "Worldwide", "全球", "国际组织"):
        intl.alt(name)
    intl.extra.append(level("international"))

    resolve_labels(concepts)
    return concepts


def issuers(jurisdiction_codes: set[str]) -> list[Concept]:
    slugs = [row[0] for row in ISSUERS]
    if slugs != sorted(slugs) or len(set(slugs)) != len(slugs):
        raise SystemExit("keep ISSUERS sorted by slug, each slug once")
    concepts = []
    for slug, jurisdiction, en, zh, aliases in ISSUERS:
        if not slug.isascii() or slug != slug.lower():
            raise SystemExit(f"slug {slug!r} must be lowercase ascii")
        if jurisdiction not in jurisdiction_codes:
            raise SystemExit(f"issuer {slug}: unknown jurisdiction {jurisdiction}")
        c = Concept(f"{ISSUER_NS}/{slug}", "ccus:Issuer, skos:Concept", ISSUER_NS, en, zh)
        for alias in aliases:
            c.alt(alias)
        c.extra.append(f"ccus:jurisdiction <{JURISDICTION_NS}/{jurisdiction}>")
        concepts.append(c)
    resolve_labels(concepts)
    return concepts


def main() -> None:
    version = importlib.metadata.version("pycountry")
    concepts = jurisdictions()
    blocks = {c.iri: render(c) for c in concepts}
    blocks[JURISDICTION_NS] = scheme_block(
        JURISDICTION_NS, "Jurisdictions", "法域",
        "Countries (ISO 3166-1), selected subdivisions (ISO 3166-2), the European Union and an "
        "international level, named in English and Chinese.")
    blocks[LEVEL_NS] = scheme_block(LEVEL_NS, "Jurisdiction levels", "法域层级",
                                    "The level at which a jurisdiction makes law.")
    for key, (en, zh) in LEVELS.items():
        blocks[f"{LEVEL_NS}/{key}"] = render_level(key, en, zh)
    header = (
        "# GENERATED by tools/gen_jurisdictions.py -- do not edit by hand; change the generator and re-run it.\n"
        f"# Sources: pycountry {version} (ISO 3166-1 and ISO 3166-2 codes and names, and their zh_CN gettext\n"
        "# translations), Chinese and English names added in the generator where pycountry has none or a formal\n"
        "# one, and Wikidata ids from owid/owid-grapher packages/@ourworldindata/grapher/src/mapCharts/\n"
        "# CountriesRegions.ts @ c7402d12e25bd1d45f5bd7d66cfc083342a1ed96 (Netherlands Q55; EU Q458).\n")
    write(JURISDICTIONS_OUT, header, blocks)

    codes = {c.notation for c in concepts}
    issuer_concepts = issuers(codes)
    blocks = {c.iri: render(c) for c in issuer_concepts}
    blocks[ISSUER_NS] = scheme_block(ISSUER_NS, "Issuers", "发布机构",
                                     "Bodies that pass or publish CCUS policies, named in English and Chinese.")
    header = (
        "# GENERATED by tools/gen_jurisdictions.py (issuer section, table ISSUERS) -- do not edit by hand;\n"
        "# change the table there and re-run it. Joint sources written \"X / Y\" in records are altLabels of\n"
        "# the first-named body: \"IRS / EPA\" (us-irs), \"US Treasury / IRS\" (us-treasury),\n"
        "# \"MIDA / 马来西亚财政部\" (my-mida), \"挪威政府 / Gassnova\" (no-government).\n")
    write(ISSUERS_OUT, header, blocks)
    levels = {}
    for c in concepts:
        for line in c.extra:
            if line.startswith("ccus:jurisdictionLevel"):
                name = line.rsplit("/", 1)[-1].rstrip(">")
                levels[name] = levels.get(name, 0) + 1
    print(f"wrote {JURISDICTIONS_OUT.relative_to(ROOT)} ({len(concepts)} jurisdictions: "
          + ", ".join(f"{n} {k}" for k, n in sorted(levels.items())) + ")")
    print(f"wrote {ISSUERS_OUT.relative_to(ROOT)} ({len(issuer_concepts)} issuers)")


if __name__ == "__main__":
    main()
