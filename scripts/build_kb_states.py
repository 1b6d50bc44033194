"""Generate ``configs/kb/states.jsonl`` and ``configs/kb/un.jsonl`` from pycountry plus the table below.

Run once (``python scripts/build_kb_states.py``); the output is committed data and
the pipeline never imports this script. pycountry supplies ISO 3166-1 codes and
official names; the table adds what it lacks: the common short name, adjectives
(demonyms), the capital and government metonyms. Edit the table and re-run to
change states; hand edits of ``states.jsonl`` are overwritten.

Table columns, ``|``-separated, lists ``;``-separated:
``ISO3 | status | name | extra aliases | adjectives | capital | metonyms``
status: ``M`` UN member, ``O`` UN observer state, ``X`` state-like entity.
A capital prefixed with ``!`` is kept as the ``capital`` field but not used as an
alias because the word is too ambiguous in English text (``Victoria``, ``Male``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]

UN_FOUNDERS = [
    "ARG",
    "AUS",
    "BEL",
    "BOL",
    "BRA",
    "BLR",
    "CAN",
    "CHL",
    "CHN",
    "COL",
    "CRI",
    "CUB",
    "CZE",
    "DNK",
    "DOM",
    "ECU",
    "EGY",
    "SLV",
    "ETH",
    "FRA",
    "GRC",
    "GTM",
    "HTI",
    "HND",
    "IND",
    "IRN",
    "IRQ",
    "LBN",
    "LBR",
    "LUX",
    "MEX",
    "NLD",
    "NZL",
    "NIC",
    "NOR",
    "PAN",
    "PRY",
    "PER",
    "PHL",
    "POL",
    "RUS",
    "SAU",
    "ZAF",
    "SYR",
    "TUR",
    "UKR",
    "GBR",
    "USA",
    "URY",
    "VEN",
    "SRB",
]

TABLE = """
AFG|M|Afghanistan||Afghan|Kabul|
ALB|M|Albania||Albanian|Tirana|
DZA|M|Algeria||Algerian|Algiers|
AND|M|Andorra||Andorran|Andorra la Vella|
AGO|M|Angola||Angolan|Luanda|
ATG|M|Antigua and Barbuda|Antigua||St. John's;Saint John's|
ARG|M|Argentina|the Argentine Republic|Argentine;Argentinian|Buenos Aires|Casa Rosada
ARM|M|Armenia||Armenian|Yerevan|
AUS|M|Australia|Commonwealth of Australia|Australian|Canberra|
AUT|M|Austria||Austrian|Vienna|
AZE|M|Azerbaijan||Azerbaijani;Azeri|Baku|
BHS|M|Bahamas|the Bahamas|Bahamian|Nassau|
BHR|M|Bahrain||Bahraini|Manama|
BGD|M|Bangladesh||Bangladeshi|Dhaka|
BRB|M|Barbados||Barbadian|Bridgetown|
BLR|M|Belarus|Republic of Belarus|Belarusian;Belarusan|Minsk|
BEL|M|Belgium||Belgian|!Brussels|
BLZ|M|Belize||Belizean|Belmopan|
BEN|M|Benin||Beninese|Porto-Novo|
BTN|M|Bhutan||Bhutanese|Thimphu|
BOL|M|Bolivia||Bolivian|La Paz;Sucre|
BIH|M|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina|Bosnian|Sarajevo|
BWA|M|Botswana||Botswanan;Motswana|Gaborone|
BRA|M|Brazil|Federative Republic of Brazil|Brazilian|Brasília;Brasilia|Planalto
BRN|M|Brunei|Brunei Darussalam|Bruneian|Bandar Seri Begawan|
BGR|M|Bulgaria||Bulgarian|Sofia|
BFA|M|Burkina Faso||Burkinabe;Burkinabè|Ouagadougou|
BDI|M|Burundi||Burundian|Gitega|
CPV|M|Cabo Verde|Cape Verde|Cape Verdean;Cabo Verdean|Praia|
KHM|M|Cambodia||Cambodian|Phnom Penh|
CMR|M|Cameroon||Cameroonian|Yaoundé;Yaounde|
CAN|M|Canada||Canadian|Ottawa|Parliament Hill
CAF|M|Central African Republic|CAR|Central African|Bangui|
TCD|M|Chad||Chadian|N'Djamena;Ndjamena|
CHL|M|Chile||Chilean|Santiago|
CHN|M|China|People's Republic of China;PRC;P.R.C.;mainland China|Chinese|Beijing;Peking|Zhongnanhai;Chinese Communist Party;CCP;People's Liberation Army;PLA
COL|M|Colombia||Colombian|Bogotá;Bogota|
COM|M|Comoros||Comorian|Moroni|
COG|M|Republic of the Congo|Congo-Brazzaville;Congo Republic||Brazzaville|
COD|M|Democratic Republic of the Congo|DR Congo;DRC;D.R.C.;Congo-Kinshasa;DR of the Congo||Kinshasa|
CRI|M|Costa Rica||Costa Rican|San José;San Jose|
CIV|M|Côte d'Ivoire|Ivory Coast;Cote d'Ivoire|Ivorian|Yamoussoukro;Abidjan|
HRV|M|Croatia||Croatian|Zagreb|
CUB|M|Cuba||Cuban|Havana|
CYP|M|Cyprus||Cypriot|Nicosia|
CZE|M|Czechia|Czech Republic|Czech|Prague|
DNK|M|Denmark||Danish;Dane;Danes|Copenhagen|
DJI|M|Djibouti||Djiboutian|!Djibouti|
DMA|M|Dominica|Commonwealth of Dominica||Roseau|
DOM|M|Dominican Republic||Dominican|Santo Domingo|
ECU|M|Ecuador||Ecuadorian;Ecuadorean|Quito|
EGY|M|Egypt||Egyptian|Cairo|
SLV|M|El Salvador||Salvadoran;Salvadorian|San Salvador|
GNQ|M|Equatorial Guinea||Equatoguinean;Equatorial Guinean|Malabo|
ERI|M|Eritrea||Eritrean|Asmara|
EST|M|Estonia||Estonian|Tallinn|
SWZ|M|Eswatini|Swaziland|Swazi;Eswatini|Mbabane|
ETH|M|Ethiopia||Ethiopian|!Addis Ababa|
FJI|M|Fiji||Fijian|Suva|
FIN|M|Finland||Finnish;Finn;Finns|Helsinki|
FRA|M|France|French Republic|French|Paris|Élysée;Elysée;Élysée Palace;Elysee Palace;Elysee;Quai d'Orsay
GAB|M|Gabon||Gabonese|Libreville|
GMB|M|Gambia|the Gambia;The Gambia|Gambian|Banjul|
GEO|M|Georgia||Georgian|Tbilisi|
DEU|M|Germany|Federal Republic of Germany|German|Berlin|Bundestag;Bundeswehr;Bundesregierung
GHA|M|Ghana||Ghanaian|Accra|
GRC|M|Greece|Hellenic Republic|Greek|Athens|
GRD|M|Grenada||Grenadian|St. George's;Saint George's|
GTM|M|Guatemala||Guatemalan|Guatemala City|
GIN|M|Guinea|Guinea-Conakry||Conakry|
GNB|M|Guinea-Bissau||Bissau-Guinean|Bissau|
GUY|M|Guyana||Guyanese|!Georgetown|
HTI|M|Haiti||Haitian|Port-au-Prince|
HND|M|Honduras||Honduran|Tegucigalpa|
HUN|M|Hungary||Hungarian|Budapest|
ISL|M|Iceland||Icelandic;Icelander;Icelanders|Reykjavik;Reykjavík|
IND|M|India|Republic of India;Bharat|Indian|New Delhi;Delhi|South Block
IDN|M|Indonesia||Indonesian|Jakarta|
IRN|M|Iran|Islamic Republic of Iran|Iranian|Tehran;Teheran|IRGC;Islamic Revolutionary Guard Corps;Revolutionary Guards
IRQ|M|Iraq||Iraqi|Baghdad|
IRL|M|Ireland|Republic of Ireland|Irish|Dublin|
ISR|M|Israel|State of Israel|Israeli|!Jerusalem|Tel Aviv;Knesset;IDF;Israel Defense Forces
ITA|M|Italy|Italian Republic|Italian|Rome|Palazzo Chigi
JAM|M|Jamaica||Jamaican|!Kingston|
JPN|M|Japan||Japanese|Tokyo|Kasumigaseki
JOR|M|Jordan||Jordanian|Amman|
KAZ|M|Kazakhstan||Kazakh;Kazakhstani|Astana;Nur-Sultan|Akorda
KEN|M|Kenya||Kenyan|Nairobi|
KIR|M|Kiribati||I-Kiribati|Tarawa;South Tarawa|
PRK|M|North Korea|Democratic People's Republic of Korea;DPRK;D.P.R.K.|North Korean|Pyongyang|
KOR|M|South Korea|Republic of Korea;ROK|South Korean|Seoul|Blue House;Yongsan
KWT|M|Kuwait||Kuwaiti|Kuwait City|
KGZ|M|Kyrgyzstan|Kyrgyz Republic|Kyrgyz;Kyrgyzstani|Bishkek|
LAO|M|Laos|Lao People's Democratic Republic;Lao PDR|Lao;Laotian|Vientiane|
LVA|M|Latvia||Latvian|Riga|
LBN|M|Lebanon||Lebanese|Beirut|
LSO|M|Lesotho||Basotho;Mosotho|Maseru|
LBR|M|Liberia||Liberian|Monrovia|
LBY|M|Libya||Libyan|Tripoli|
LIE|M|Liechtenstein||Liechtensteiner|Vaduz|
LTU|M|Lithuania||Lithuanian|Vilnius|
LUX|M|Luxembourg||Luxembourgish;Luxembourger|!Luxembourg|
MDG|M|Madagascar||Malagasy|Antananarivo|
MWI|M|Malawi||Malawian|Lilongwe|
MYS|M|Malaysia||Malaysian|Kuala Lumpur;Putrajaya|
MDV|M|Maldives|the Maldives|Maldivian|!Malé|Malé
MLI|M|Mali||Malian|Bamako|
MLT|M|Malta||Maltese|Valletta|
MHL|M|Marshall Islands|the Marshall Islands|Marshallese|Majuro|
MRT|M|Mauritania||Mauritanian|Nouakchott|
MUS|M|Mauritius||Mauritian|Port Louis|
MEX|M|Mexico|United Mexican States|Mexican|Mexico City|
FSM|M|Micronesia|Federated States of Micronesia|Micronesian|Palikir|
MDA|M|Moldova|Republic of Moldova|Moldovan|Chișinău;Chisinau;Kishinev|
MCO|M|Monaco||Monegasque|!Monaco|
MNG|M|Mongolia||Mongolian|Ulaanbaatar;Ulan Bator|
MNE|M|Montenegro||Montenegrin|Podgorica|
MAR|M|Morocco||Moroccan|Rabat|
MOZ|M|Mozambique||Mozambican|Maputo|
MMR|M|Myanmar|Burma|Burmese;Myanmar|Naypyidaw;Nay Pyi Taw|Tatmadaw
NAM|M|Namibia||Namibian|Windhoek|
NRU|M|Nauru||Nauruan|Yaren|
NPL|M|Nepal||Nepali;Nepalese|Kathmandu|
NLD|M|Netherlands|the Netherlands;Holland;Kingdom of the Netherlands|Dutch|Amsterdam|The Hague
NZL|M|New Zealand|Aotearoa|New Zealander;New Zealanders|Wellington|
NIC|M|Nicaragua||Nicaraguan|Managua|
NER|M|Niger||Nigerien|Niamey|
NGA|M|Nigeria||Nigerian|Abuja|
MKD|M|North Macedonia|Republic of North Macedonia;Macedonia|Macedonian;North Macedonian|Skopje|
NOR|M|Norway||Norwegian|Oslo|
OMN|M|Oman||Omani|Muscat|
PAK|M|Pakistan||Pakistani|Islamabad|Rawalpindi
PLW|M|Palau||Palauan|Ngerulmud|
PAN|M|Panama||Panamanian|Panama City|
PNG|M|Papua New Guinea|PNG|Papua New Guinean|Port Moresby|
PRY|M|Paraguay||Paraguayan|Asunción;Asuncion|
PER|M|Peru||Peruvian|Lima|
PHL|M|Philippines|the Philippines|Filipino;Philippine|Manila|Malacañang;Malacanang
POL|M|Poland|Republic of Poland|Polish;Poles|Warsaw|
PRT|M|Portugal||Portuguese|Lisbon|
QAT|M|Qatar||Qatari|Doha|
ROU|M|Romania||Romanian|Bucharest|
RUS|M|Russia|Russian Federation;Soviet Union;USSR|Russian;Soviet;Soviets|Moscow|Kremlin;the Kremlin
RWA|M|Rwanda||Rwandan|Kigali|
KNA|M|Saint Kitts and Nevis|St Kitts and Nevis;St. Kitts and Nevis|Kittitian|Basseterre|
LCA|M|Saint Lucia|St Lucia;St. Lucia|Saint Lucian|Castries|
VCT|M|Saint Vincent and the Grenadines|St Vincent and the Grenadines;St. Vincent and the Grenadines|Vincentian|Kingstown|
WSM|M|Samoa||Samoan|Apia|
SMR|M|San Marino||Sammarinese|!San Marino|
STP|M|São Tomé and Príncipe|Sao Tome and Principe|Santomean|!São Tomé|
SAU|M|Saudi Arabia|Kingdom of Saudi Arabia;KSA|Saudi;Saudis|Riyadh|
SEN|M|Senegal||Senegalese|Dakar|
SRB|M|Serbia||Serbian;Serb;Serbs|Belgrade|
SYC|M|Seychelles|the Seychelles|Seychellois|!Victoria|
SLE|M|Sierra Leone||Sierra Leonean|Freetown|
SGP|M|Singapore||Singaporean|!Singapore|
SVK|M|Slovakia|Slovak Republic|Slovak;Slovakian|Bratislava|
SVN|M|Slovenia||Slovenian;Slovene|Ljubljana|
SLB|M|Solomon Islands|the Solomon Islands|Solomon Islander|Honiara|
SOM|M|Somalia||Somali|Mogadishu|
ZAF|M|South Africa|Republic of South Africa|South African|Pretoria;Cape Town|
SSD|M|South Sudan||South Sudanese|Juba|
ESP|M|Spain|Kingdom of Spain|Spanish;Spaniard;Spaniards|Madrid|Moncloa;La Moncloa
LKA|M|Sri Lanka||Sri Lankan|Colombo;Sri Jayawardenepura Kotte|
SDN|M|Sudan|the Sudan|Sudanese|Khartoum|
SUR|M|Suriname||Surinamese|Paramaribo|
SWE|M|Sweden||Swedish;Swede;Swedes|Stockholm|
CHE|M|Switzerland|Swiss Confederation|Swiss|Bern;Berne|
SYR|M|Syria|Syrian Arab Republic|Syrian|Damascus|
TJK|M|Tajikistan||Tajik;Tajikistani|Dushanbe|
TZA|M|Tanzania|United Republic of Tanzania|Tanzanian|Dodoma;Dar es Salaam|
THA|M|Thailand||Thai|Bangkok|
TLS|M|Timor-Leste|East Timor|Timorese|Dili|
TGO|M|Togo||Togolese|Lomé;Lome|
TON|M|Tonga||Tongan|Nukuʻalofa;Nuku'alofa|
TTO|M|Trinidad and Tobago|Trinidad|Trinidadian;Tobagonian|Port of Spain|
TUN|M|Tunisia||Tunisian|Tunis|
TUR|M|Türkiye|Turkey;Turkiye;Tiirkiye;Republic of Türkiye;Republic of Turkey|Turkish;Turk;Turks|Ankara|
TKM|M|Turkmenistan||Turkmen|Ashgabat|
TUV|M|Tuvalu||Tuvaluan|Funafuti|
UGA|M|Uganda||Ugandan|Kampala|
UKR|M|Ukraine|the Ukraine|Ukrainian|Kyiv;Kiev|Bankova
ARE|M|United Arab Emirates|UAE;U.A.E.;the Emirates;Emirates|Emirati|Abu Dhabi|
GBR|M|United Kingdom|the UK;UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland;the United Kingdom;Northern Ireland;England;Scotland;Wales|British;Briton;Britons;Scottish;Welsh;Northern Irish|London|Downing Street;Number 10;No. 10;No 10;Whitehall;Foreign Office;Westminster
USA|M|United States|the United States;United States of America;US;U.S.;USA;U.S.A.;America|American;Americans|Washington;Washington, D.C.;Washington D.C.;Washington DC|White House;the White House;Pentagon;the Pentagon;State Department;the State Department;Department of State;Department of Defense;Department of War;Foggy Bottom;Capitol Hill;Oval Office
URY|M|Uruguay||Uruguayan|Montevideo|
UZB|M|Uzbekistan||Uzbek;Uzbekistani|Tashkent|
VUT|M|Vanuatu||Ni-Vanuatu|Port Vila|
VEN|M|Venezuela|Bolivarian Republic of Venezuela|Venezuelan|Caracas|Miraflores
VNM|M|Vietnam|Viet Nam;Socialist Republic of Vietnam|Vietnamese|Hanoi|
YEM|M|Yemen||Yemeni|Sana'a;Sanaa|
ZMB|M|Zambia||Zambian|Lusaka|
ZWE|M|Zimbabwe||Zimbabwean|Harare|
VAT|O|Holy See|Vatican;Vatican City;the Vatican;Vatican City State||!Vatican City|
PSE|O|Palestine|State of Palestine;Palestinian territories;Palestinian Authority|Palestinian;Palestinians|Ramallah|
TWN|X|Taiwan|Republic of China;ROC|Taiwanese|Taipei|
XKX|X|Kosovo|Republic of Kosovo|Kosovar;Kosovan|Pristina;Prishtina|
"""

# Adjectives whose plural is the adjective + "s" and reads as "the people/government of".
PLURALISE_SUFFIXES = ("an", "i")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _dedupe(items: list[str], exclude: set[str]) -> list[str]:
    seen: set[str] = set(exclude)
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build_states() -> list[dict[str, object]]:
    """One record per state, sorted by id."""
    records: list[dict[str, object]] = []
    for line in TABLE.strip().splitlines():
        cells = line.split("|")
        if len(cells) != 7:
            raise SystemExit(f"bad table line ({len(cells)} cells): {line}")
        iso3, status, name, extra, adjectives, capital, metonyms = cells
        country = pycountry.countries.get(alpha_3=iso3)
        aliases: list[str] = [name]
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value and "," not in value and "(" not in value and "Province of" not in value:
                    aliases.append(value.removeprefix("the "))
        aliases += _split(extra)
        adjs = _split(adjectives)
        plurals = [a + "s" for a in adjs if a.endswith(PLURALISE_SUFFIXES) and not a.endswith("s")]
        capitals = _split(capital)
        capital_name = capitals[0].lstrip("!") if capitals else None
        capital_aliases = [c for c in capitals if not c.startswith("!")]
        record: dict[str, object] = {
            "id": iso3,
            "type": "state",
            "name": name,
            "aliases": _dedupe(
                [a.removeprefix("the ") if a.startswith("the ") else a for a in aliases], set()
            ),
            "adjectives": _dedupe(adjs + plurals, set()),
            "capital": capital_name,
            "metonyms": _dedupe([m.removeprefix("the ") for m in capital_aliases + _split(metonyms)], {name}),
            "un_status": {"M": "member", "O": "observer", "X": "non-member"}[status],
            "iso_numeric": getattr(country, "numeric", None) if country else None,
        }
        records.append(record)
    records.sort(key=lambda r: str(r["id"]))
    return records


def build_un(states: list[dict[str, object]]) -> dict[str, object]:
    """The UN record: every member state; founding members dated 1945-10-24, others undated."""
    members = [
        {"id": s["id"], "from": "1945-10-24" if s["id"] in UN_FOUNDERS else None, "to": None}
        for s in states
        if s["un_status"] == "member"
    ]
    return {
        "id": "UN",
        "type": "organisation",
        "name": "United Nations",
        "aliases": ["United Nations", "UN", "U.N.", "United Nations Organization", "UNO"],
        "metonyms": ["Turtle Bay"],
        "founded": "1945-10-24",
        "members": members,
        "note": "Admission dates are recorded for the 51 founding members only; from=null means 'date not recorded'.",
    }


def main() -> int:
    out = ROOT / "configs" / "kb"
    out.mkdir(parents=True, exist_ok=True)
    states = build_states()
    members = [s for s in states if s["un_status"] == "member"]
    if len(members) != 193:
        raise SystemExit(f"expected 193 UN members, table has {len(members)}")
    lines = [json.dumps(s, ensure_ascii=False) for s in states]
    (out / "states.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "un.jsonl").write_text(json.dumps(build_un(states), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(states)} states ({len(members)} UN members) and the UN record to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
