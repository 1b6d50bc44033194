"""``claimscope gold ...``: build, check and materialise the real gold corpus (``annotations/real/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from pipeline.errors import ConfigError
from pipeline.gold.corpora import DEFAULT_CORPUS_DIR

gold_app = typer.Typer(
    help="The real gold corpus: passages of public speeches and transcripts, annotated twice and adjudicated.",
    no_args_is_help=True,
)

CORPUS_DIR_HELP = "Folder holding the shared corpora (ungdc/, au-pm-transcripts/)."


def _frames() -> list[str]:
    import json

    from pipeline.paths import configs_dir

    with (configs_dir() / "frames.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["label"] for line in fh if line.strip()]


@gold_app.command("select")
def select_command(
    out: Path = typer.Option(
        Path("annotations/real/passages.jsonl"), "--out", help="Stand-off passages file."
    ),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
) -> None:
    """Choose the passages (deterministic) and assign train/dev/test splits by speech or transcript."""
    from pipeline.gold.select import select
    from pipeline.gold.splits import assign_splits
    from pipeline.io import write_jsonl

    passages = assign_splits(select(corpus_dir))
    write_jsonl(out, passages)
    typer.echo(f"wrote {len(passages)} passages to {out}")


@gold_app.command("inputs")
def inputs_command(
    out: Path = typer.Option(..., "--out", help="JSONL file of articles for 'claimscope run'."),
    passages: Path = typer.Option(Path("annotations/real/passages.jsonl"), "--passages"),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
    split: str | None = typer.Option(None, "--split", help="Only this split (train, dev or test)."),
) -> None:
    """Materialise the passages as a JSONL input for 'claimscope run' (hashes checked)."""
    from pipeline.gold.standoff import article_input, passage_texts, read_passages
    from pipeline.io import write_jsonl

    refs = [p for p in read_passages(passages) if split is None or p.split == split]
    texts = passage_texts(corpus_dir, refs)
    n = write_jsonl(out, (article_input(p, *texts[p.passage_id]) for p in refs))
    typer.echo(f"wrote {n} passages to {out}")


@gold_app.command("tasks")
def tasks_command(
    run: Path = typer.Argument(..., help="A 'claimscope run' output folder over the passages."),
    out: Path = typer.Option(..., "--out", help="Folder for tasks.jsonl and the batch-NN.txt files."),
    batch_size: int = typer.Option(46, "--batch-size"),
) -> None:
    """Annotation tasks (boundaries and mentions only, no model labels) in batches."""
    from pipeline.gold.tasks import build_tasks, render
    from pipeline.io import write_atomic, write_jsonl

    tasks = build_tasks(run)
    write_jsonl(out / "tasks.jsonl", (t.to_dict() for t in tasks))
    for k in range(0, len(tasks), batch_size):
        batch = tasks[k : k + batch_size]
        name = f"batch-{k // batch_size + 1:02d}"
        write_atomic(out / f"{name}.txt", render(batch))
        write_atomic(out / f"{name}.ids", "".join(t.passage_id + "\n" for t in batch))
    typer.echo(f"wrote {len(tasks)} tasks in {(len(tasks) + batch_size - 1) // batch_size} batches to {out}")


@gold_app.command("check")
def check_command(
    labels: Path = typer.Argument(..., help="An annotator's label file (JSONL, one passage a line)."),
    tasks: Path = typer.Option(..., "--tasks", help="tasks.jsonl written by 'claimscope gold tasks'."),
) -> None:
    """Check an annotator's label file against the tasks; list every problem (exit 1 if any)."""
    from pipeline.gold.tasks import check_file, read_tasks

    problems = check_file(read_tasks(tasks), labels, _frames())
    for problem in problems:
        typer.echo(problem)
    if problems:
        typer.echo(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    typer.echo("ok")


@gold_app.command("pass")
def pass_command(
    labels: list[Path] = typer.Argument(..., help="Annotators' label files of one pass (JSONL)."),
    number: int = typer.Option(..., "--pass", help="The pass number (1 or 2)."),
    tasks: Path = typer.Option(..., "--tasks", help="tasks.jsonl of 'claimscope gold tasks'."),
    out: Path = typer.Option(..., "--out", help="Pass file (annotations/real/passes/passN.jsonl)."),
    passages: Path = typer.Option(Path("annotations/real/passages.jsonl"), "--passages"),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
    text_run: Path | None = typer.Option(
        None,
        "--text-run",
        help="Write text-based gold records (the annotations/test/seeds.jsonl format) instead of stand-off; "
        "the run folder the tasks were made from names each article's source file.",
    ),
) -> None:
    """Store one annotation pass: stand-off records (offsets and hashes, no text), or text-based for the seeds."""
    from pipeline.gold.passes import text_records, to_records
    from pipeline.gold.standoff import read_passages
    from pipeline.gold.tasks import read_tasks
    from pipeline.io import read_jsonl, write_jsonl
    from pipeline.runfolder import iter_articles

    lines = [line for path in labels for line in read_jsonl(path)]
    if text_run is not None:
        sources = {
            str((a.get("metadata") or {}).get("doc_id") or a["doc_id"]): Path(
                str(a["source_path"]).split(":")[0]
            ).name
            for a in iter_articles(text_run)
        }
        records = text_records(read_tasks(tasks), lines, _frames(), sources)
        write_jsonl(out, records)
        typer.echo(f"wrote {len(records)} claims of {len(lines)} documents to {out}")
        return
    refs = {p.passage_id: p for p in read_passages(passages)}
    records = to_records(read_tasks(tasks), refs, lines, number, corpus_dir, _frames())
    write_jsonl(out, records)
    accepted = sum(r["status"] == "accepted" for r in records)
    typer.echo(
        f"wrote {accepted} claims and {len(records) - accepted} rejections of {len(lines)} passages to {out}"
    )


DB_HELP = "Store URL of the review app (e.g. sqlite:///real-gold.db); default $CLAIMSCOPE_DB."


def _store(db: str | None) -> Any:
    import os

    from pipeline.errors import ConfigError
    from pipeline.store import open_store

    url = db or os.environ.get("CLAIMSCOPE_DB")
    if not url:
        raise ConfigError("E006", name="--db", expected="a store URL (or set $CLAIMSCOPE_DB)", got=db)
    return open_store(url)


@gold_app.command("load")
def load_command(
    passes: list[Path] = typer.Argument(
        ..., help="The stored passes (annotations/real/passes/pass1.jsonl pass2.jsonl)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    project: str = typer.Option("real-gold", "--project"),
    passages: Path = typer.Option(Path("annotations/real/passages.jsonl"), "--passages"),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
) -> None:
    """Load both passes into the review app as two blind annotators; accept what they agree on."""
    from pipeline.gold.adjudication import load_passes
    from pipeline.gold.passes import read_pass
    from pipeline.gold.standoff import read_passages

    counts = load_passes(
        _store(db), project, corpus_dir, read_passages(passages), {p.stem: read_pass(p) for p in passes}
    )
    typer.echo(
        f"{counts['passages']} passages, {counts['units']} claim units, {counts['annotations']} labels; "
        f"{counts['agreed']} agreed, {counts['units'] - counts['agreed']} to adjudicate"
    )


@gold_app.command("disagreements")
def disagreements_command(
    out: Path = typer.Option(..., "--out", help="JSONL: one passage with open disagreements a line."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    project: str = typer.Option("real-gold", "--project"),
) -> None:
    """List the passages whose claims the passes labelled differently (for the adjudicator)."""
    from pipeline.gold.adjudication import disagreements
    from pipeline.io import write_jsonl

    items = disagreements(_store(db), project)
    write_jsonl(out, items)
    units = sum(1 for i in items for u in i["units"] if not u["agreed"] and not u["adjudicated"])
    typer.echo(f"wrote {len(items)} passages with {units} open units to {out}")


@gold_app.command("adjudicate")
def adjudicate_command(
    decisions: list[Path] = typer.Argument(..., help="Adjudicator decision files (JSONL)."),
    url: str = typer.Option("http://127.0.0.1:8000", "--url", help="The running review app."),
    user: str = typer.Option(..., "--user", help="A reviewer account; password from $CLAIMSCOPE_PASSWORD."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    project: str = typer.Option("real-gold", "--project"),
) -> None:
    """Apply an adjudicator's decisions through the review app's adjudication flow (HTTP)."""
    import os

    from sqlalchemy import select

    from pipeline.errors import ConfigError
    from pipeline.gold.adjudication import decisions_by_claim
    from pipeline.gold.review_client import ReviewClient, apply_decisions
    from pipeline.io import read_jsonl
    from pipeline.store.models import Annotation, ArticleRow, ClaimRow
    from pipeline.store.users import get_project

    password = os.environ.get("CLAIMSCOPE_PASSWORD")
    if not password:
        raise ConfigError("E006", name="$CLAIMSCOPE_PASSWORD", expected="the reviewer's password", got=None)
    store = _store(db)
    with store.session() as session:
        proj = get_project(session, project)
        decided = {pk for pk, action in decisions_by_claim(session, proj.id).items() if action != "agree"}
        units = {
            r.claim_id: {"claim_pk": r.id, "passage_id": r.doc_id, "decided": r.id in decided}
            for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == proj.id))
        }
        texts = {
            a.doc_id: a.data["text"]
            for a in session.scalars(select(ArticleRow).where(ArticleRow.project_id == proj.id))
        }
        authors: dict[str, dict[str, Any]] = {}
        for doc_id, data in session.execute(
            select(ClaimRow.doc_id, Annotation.data)
            .join(Annotation, Annotation.claim_pk == ClaimRow.id)
            .where(ClaimRow.project_id == proj.id)
        ):
            if (data.get("speaker") or {}).get("kind") == "author" and data["speaker"].get("id"):
                authors.setdefault(doc_id, data["speaker"])
        project_id = proj.id
    client = ReviewClient(url)
    client.login(user, password)
    lines = [d for path in decisions for d in read_jsonl(path)]
    counts = apply_decisions(client, project_id, lines, units, texts, authors)
    typer.echo("applied " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


@gold_app.command("export")
def export_command(
    out: Path = typer.Option(Path("annotations/real/gold.jsonl"), "--out", help="Stand-off gold file."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    project: str = typer.Option("real-gold", "--project"),
    passages: Path = typer.Option(Path("annotations/real/passages.jsonl"), "--passages"),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
    id_map: Path = typer.Option(
        Path("annotations/real/id_map.json"), "--id-map", help="Id harmonisation (JSON)."
    ),
) -> None:
    """Export the adjudicated gold from the review app as stand-off records (fails if any unit is undecided)."""
    import json

    from pipeline.gold.adjudication import export_gold
    from pipeline.gold.standoff import read_passages
    from pipeline.io import write_jsonl

    mapping = json.loads(id_map.read_text(encoding="utf-8")) if id_map.is_file() else {}
    records = export_gold(_store(db), project, read_passages(passages), corpus_dir, mapping)
    write_jsonl(out, records)
    typer.echo(f"wrote {len(records)} gold claims to {out}")


@gold_app.command("build")
def build_command(
    out: Path = typer.Option(
        ..., "--out", help="Folder for articles.jsonl, claims.jsonl, gold.jsonl, dataset/."
    ),
    corpus_dir: Path = typer.Option(DEFAULT_CORPUS_DIR, "--corpus-dir", help=CORPUS_DIR_HELP),
    passages: Path = typer.Option(Path("annotations/real/passages.jsonl"), "--passages"),
    gold: Path = typer.Option(Path("annotations/real/gold.jsonl"), "--gold"),
) -> None:
    """Materialise the real gold from the shared corpora (every hash checked) as a dataset folder."""
    from pipeline.gold.dataset import write_gold_dataset

    info = write_gold_dataset(out, corpus_dir, passages_path=passages, gold_path=gold)
    per_split = ", ".join(f"{k} {v}" for k, v in sorted(info["per_split"].items()))
    typer.echo(f"wrote {info['articles']} passages and {info['claims']} claims ({per_split}) to {out}")


@gold_app.command("commentary")
def commentary_command(
    out: Path = typer.Option(..., "--out", help="Folder for inputs.jsonl (pipeline input) and gold.jsonl."),
    split: str = typer.Option("test", "--split", help="train, dev, test or all."),
    datasets_dir: Path | None = typer.Option(
        None,
        "--datasets-dir",
        help="Folder holding stance-transfer/arc_ukp/arc_bodies.csv (default $CLAIMSCOPE_DATASETS or ../shared/datasets).",
    ),
) -> None:
    """Materialise the commentary set (readers' opinion comments, targets and stance) for a run and
    `claimscope evaluate` (every hash checked)."""
    from pipeline.gold.commentary import materialise

    if split not in ("train", "dev", "test", "all"):
        raise ConfigError("E006", name="--split", expected="train, dev, test or all", got=split)
    inputs, gold = materialise(out, datasets_dir, None if split == "all" else split)
    typer.echo(f"wrote {inputs} and {gold}")
    typer.echo(f"next: claimscope run {inputs} --out RUN && claimscope evaluate --gold {gold} --pred RUN")


@gold_app.command("card")
def card_command(
    folder: Path = typer.Option(Path("annotations/real"), "--folder", help="The gold folder."),
    scores: Path | None = typer.Option(
        None, "--scores", help="A Markdown file of pipeline scores to append."
    ),
) -> None:
    """Write the dataset card (README.md) from the stored passages, passes, gold and agreement."""
    from pipeline.gold.card import write_card

    extra = scores.read_text(encoding="utf-8") if scores else ""
    typer.echo(f"wrote {write_card(folder, extra)}")


def register(app: typer.Typer) -> None:
    app.add_typer(gold_app, name="gold")
