"""The dataset card of the real gold (``annotations/real/README.md``), written from the stored files.

Every figure in the card is computed here from ``passages.jsonl``, ``passes/``, ``gold.jsonl`` and
``agreement/agreement.json``, so ``claimscope gold card`` keeps it true after any change.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.gold.corpora import CORPUS_FILES, CORPUS_SOURCES
from pipeline.gold.splits import SPLIT_SHARES, split_hash
from pipeline.io import read_jsonl, write_atomic

FIELD_NAMES = {
    "status": "claim or not (per unit)",
    "type": "claim type",
    "speaker_kind": "speaker kind",
    "speaker_id": "speaker id",
    "holder": "holder id",
    "hedged": "hedged",
    "stance": "stance (claim x target both chose)",
}


def _pct(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.1f}%)" if total else "0"


def stats(folder: Path) -> dict[str, Any]:
    passages = list(read_jsonl(folder / "passages.jsonl"))
    gold = list(read_jsonl(folder / "gold.jsonl"))
    split_of = {p["passage_id"]: p["split"] for p in passages}
    pairs = Counter(t["stance"] for c in gold for t in c["targets"])
    by_split = {s: Counter() for s, _ in SPLIT_SHARES}  # type: ignore[var-annotated]
    for c in gold:
        by_split[split_of[c["passage_id"]]]["claims"] += 1
        for t in c["targets"]:
            by_split[split_of[c["passage_id"]]][t["stance"]] += 1
    frames = Counter(f for c in gold for f in c["frames"])
    return {
        "passages": len(passages),
        "records": len({(p["corpus"], p["record_id"]) for p in passages}),
        "by_corpus": Counter(p["corpus"] for p in passages),
        "countries": len({p["country"] for p in passages if p["corpus"] == "ungdc"}),
        "years": (
            min(p["year"] for p in passages if p.get("year")),
            max(p["year"] for p in passages if p.get("year")),
        ),
        "interviews": sum(1 for p in passages if p.get("interview")),
        "splits": Counter(p["split"] for p in passages),
        "split_hash": split_hash(passages),
        "claims": len(gold),
        "pairs": pairs,
        "by_split": by_split,
        "types": Counter(c["type"] for c in gold),
        "speaker_kinds": Counter(c["speaker"]["kind"] for c in gold),
        "holders": sum(1 for c in gold if c.get("holder")),
        "hedged": sum(1 for c in gold if c["hedges"]),
        "frames": frames,
        "no_frame": sum(1 for c in gold if not c["frames"]),
        "targets": Counter(t["id"] for c in gold for t in c["targets"]),
        "resolution": Counter(str(c.get("resolution", "")).split(":")[0] for c in gold),
        "passes": {
            p.stem: Counter(r["annotator"] for r in read_jsonl(p))
            for p in sorted((folder / "passes").glob("pass*.jsonl"))
        },
    }


def agreement_table(agreement: dict[str, Any]) -> list[str]:
    fields = agreement["fields"]
    rows = ["| field | Krippendorff's alpha | Cohen's kappa | units compared |", "|---|---|---|---|"]
    for key, name in FIELD_NAMES.items():
        f = fields.get(key)
        if f:
            rows.append(f"| {name} | {f['alpha']} | {f['kappa_mean']} | {f['pairable_units']} |")
    for key in sorted(k for k in fields if k.startswith("frame:")):
        f = fields[key]
        rows.append(
            f"| frame `{key.split(':', 1)[1]}` (every claim) | {f['alpha']} | {f['kappa_mean']} | {f['pairable_units']} |"
        )
    rows.append(f"| claim spans (exact-boundary F1) | | | F1 {fields['span']['f1_mean']} |")
    rows.append(f"| targets (claim x target id F1) | | | F1 {fields['targets']['f1_mean']} |")
    return rows


def write_card(folder: str | Path, extra: str = "") -> Path:
    """Write ``README.md`` in ``folder`` from the stored files; ``extra`` is appended (the pipeline's scores)."""
    import json

    folder = Path(folder)
    s = stats(folder)
    agreement = json.loads((folder / "agreement" / "agreement.json").read_text(encoding="utf-8"))
    total = sum(s["pairs"].values())
    claims = s["claims"]
    lines = [
        "# claimscope real gold: claims in public statements on alliances and security",
        "",
        "A double-annotated, adjudicated corpus of claims in **real** text nobody on the team wrote: passages of",
        "UN General Debate statements (2008-2024) and Australian Prime Ministers' transcripts (1955-2018) where",
        "states and leaders argue about alliances and security. Every claim carries its type, speaker, holder,",
        "targets with a stance toward each, frames and hedges, in the claimscope data contract.",
        "",
        "**Stand-off**: this folder holds no source text. Every passage, claim and target mention is a record id,",
        "character offsets and the SHA-256 of the span in the public corpora; `claimscope gold build` materialises",
        "the dataset and refuses a corpus whose text differs.",
        "",
        "## Get the corpora and build the dataset",
        "",
    ]
    for corpus, file in CORPUS_FILES.items():
        lines.append(f"- `{corpus}` (`<corpus-dir>/{file}`): {CORPUS_SOURCES[corpus]}.")
    lines += [
        "",
        "The exact files used are described in `../shared/corpora/*/SOURCE.md` of the project's data area (snapshot",
        "commits, conversion, counts). With them in a folder:",
        "",
        "```bash",
        "claimscope gold build --corpus-dir ../shared/corpora --out out/real-gold   # articles, claims, gold.jsonl, dataset/",
        "claimscope gold inputs --split test --out out/real-test.jsonl               # passages as pipeline input",
        "claimscope run out/real-test.jsonl --out out/real-test",
        "claimscope evaluate --gold annotations/real/gold.jsonl --pred out/real-test --split test",
        "```",
        "",
        "`dataset/` is a Hugging Face `DatasetDict` (`train`, `validation`, `test`) with the claim Features of",
        "`pipeline/dataset.py`; `claims.jsonl` and `articles.jsonl` have the format of a run's output folder.",
        "",
        "## Files",
        "",
        "| file | what |",
        "|---|---|",
        "| `passages.jsonl` | the passages: corpus, record id, offsets, SHA-256, split, selection score, country, year |",
        "| `passes/pass1.jsonl`, `passes/pass2.jsonl` | the two independent annotation passes (stand-off; rejected suggestions included) |",
        "| `gold.jsonl` | the adjudicated gold (stand-off), with `resolution`: agreed, or which label the adjudicator chose |",
        "| `agreement/agreement.json`, `.csv` | agreement per field, recomputed by `claimscope agreement --passes passes/pass1.jsonl --passes passes/pass2.jsonl --out agreement` |",
        "| `frames_supplement/` | 791 further claim units from 170 frame-dense passages of train and dev records, frames only, two passes and adjudication (its own card) |",
        "",
        "## Selection",
        "",
        f"{s['passages']} passages from {s['records']} distinct speeches and transcripts "
        f"({s['by_corpus']['ungdc']} UN General Debate passages from {s['countries']} states; "
        f"{s['by_corpus']['au-pm-transcripts']} Prime Ministers' passages, {s['interviews']} of them interview exchanges with the "
        f"journalist's question), years {s['years'][0]}-{s['years'][1]}. `claimscope gold select` (seeded, deterministic)",
        "scores each paragraph (UN) or speaker turn / paragraph (transcripts) by alliance and security terms",
        "(NATO, CSTO, SCO, AUKUS, the Quad, ANZUS, SEATO, the Warsaw Pact, Five Eyes, collective defence, Article 5,",
        "blocs, non-alignment, strategic autonomy, deterrence, burden-sharing...), keeps named alliances first,",
        "takes one passage per speech before a second, caps passages per state at 10, and drops page furniture.",
        "",
        "## Splits",
        "",
        f"By speech or transcript (a seeded hash of the record id): train {s['splits']['train']}, dev "
        f"{s['splits']['dev']}, test {s['splits']['test']} passages "
        f"(test {100 * s['splits']['test'] / s['passages']:.1f}%). The test split is frozen and never trained or tuned on.",
        f"Split hash (SHA-256 of the sorted `passage_id:split` lines): `{s['split_hash']}`.",
        "",
        "## Annotation process",
        "",
        "1. Guidelines first: `annotations/GUIDELINES.md` (section 13 for speeches and transcripts) was written",
        "   before labelling and refined after the two passes (section 13.9) before adjudication.",
        "2. Suggestions: the claimscope segmenter's claim boundaries and the entity linker's mentions were shown;",
        "   no model label for type, speaker, holder, stance, frames or hedging was shown. Annotators corrected",
        "   boundaries (split, merge, extend across OCR breaks), rejected non-claims and added missed claims.",
        "3. Two independent passes over every passage. **Who annotated**: AI annotator agents (instances of",
        "   Anthropic's Claude, run as separate helper sessions), each given only the guidelines, the frame",
        "   taxonomy, the knowledge base and its own batches; the second pass never saw the first pass's files.",
        "   Per pass, three agents each labelled a third of the passages:",
    ]
    for name, annotators in s["passes"].items():
        lines.append(
            f"   {name}: " + ", ".join(f"{a} ({n} records)" for a, n in sorted(annotators.items())) + "."
        )
    lines += [
        "   They are not human experts, and two instances of one model agree more than two people would:",
        "   read the agreement below as an upper bound of what human annotators reach (NewsClaims reports",
        "   about 60 F1 between humans on claimers). Every annotator wrote a note on each hard case.",
        "4. Agreement was computed from the two stored passes with `claimscope agreement` (below).",
        "5. Disagreements were loaded into the review app (`claimscope gold load`: both passes as blind",
        "   annotators of every claim unit; units where they agree accepted by the `consensus` reviewer),",
        "   and decided by four adjudicator agents who did neither pass, through the app's adjudication flow",
        "   (`claimscope gold adjudicate`: choose one pass's label, or write a third label), each decision",
        "   citing the guideline rule. The adjudicated labels, exported by `claimscope gold export`, are the gold.",
        "",
        "## Agreement (pass 1 vs pass 2, all passages)",
        "",
        *agreement_table(agreement),
        "",
        "Units: a claim unit is a passage and an exact span; a span one pass did not mark counts as `rejected` for",
        "it. Stance is compared on the claim x target pairs both passes chose. Stance alpha is above 0.67 for",
        "every annotator pair, so no batch needed re-annotation.",
        "",
        "## Labels in the gold",
        "",
        f"{claims} claims; {total} claim-target stance pairs: favor {_pct(s['pairs']['favor'], total)}, against "
        f"{_pct(s['pairs']['against'], total)}, neutral {_pct(s['pairs']['neutral'], total)}.",
        "",
        "| split | claims | favor | against | neutral |",
        "|---|---|---|---|---|",
    ]
    for split, _ in SPLIT_SHARES:
        c = s["by_split"][split]
        lines.append(f"| {split} | {c['claims']} | {c['favor']} | {c['against']} | {c['neutral']} |")
    lines += [
        "",
        "Claim types: " + ", ".join(f"{k} {_pct(v, claims)}" for k, v in s["types"].most_common()) + ".",
        "Speakers: "
        + ", ".join(f"{k} {_pct(v, claims)}" for k, v in s["speaker_kinds"].most_common())
        + f"; with a holder {_pct(s['holders'], claims)}; hedged {_pct(s['hedged'], claims)}.",
        f"Frames: no frame {_pct(s['no_frame'], claims)}; "
        + ", ".join(f"`{k}` {v}" for k, v in s["frames"].most_common())
        + ".",
        "Most frequent targets: " + ", ".join(f"`{k}` {v}" for k, v in s["targets"].most_common(15)) + ".",
        "How labels were decided: "
        + ", ".join(f"{k} {_pct(v, claims)}" for k, v in s["resolution"].most_common())
        + ".",
        "",
        "## Licences",
        "",
        "- UN General Debate Corpus: CC0 1.0 as stated by third parties for doi:10.7910/DVN/0TJX8Y; the statements",
        "  are UN verbatim records. Check the Dataverse terms before redistributing the text.",
        "- PM Transcripts: CC BY 3.0 AU, attribution: *Source: PM Transcripts, Department of the Prime Minister and",
        "  Cabinet. Licensed from the Commonwealth of Australia under a Creative Commons Attribution 3.0 Australia",
        "  Licence.* Journalists' questions are third-party words inside the transcripts.",
        "- The annotations (this folder): CC0, like the project's other annotations.",
        "",
        "## Known gaps",
        "",
        "- Annotators are AI agents, not area experts; agreement between two instances of one model overstates",
        "  human agreement, and shared blind spots are not caught by adjudication.",
        "- AUKUS, the Quad and the CSTO are rare in these corpora (they end in 2018 or mention them seldom);",
        "  NATO, ANZUS and SEATO dominate the named alliances.",
        "- Transcripts before late 1997 are OCR: broken words and stray full stops; claims span them.",
        "- Frames are rare in speeches (most claims have none); the rarer frames have few examples.",
        "- Target ids outside the knowledge base were coined by annotators (people, armed groups, regional",
        "  organisations) following the id conventions; they are not all in `configs/kb`.",
        "- Op-eds, the product's main input, are not in this corpus; the seeds (`annotations/test`) are the",
        "  op-ed test set.",
    ]
    if extra:
        lines += ["", extra.rstrip()]
    path = folder / "README.md"
    write_atomic(path, "\n".join(lines) + "\n")
    return path
