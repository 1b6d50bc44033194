"""``claimscope export`` / ``import`` / ``agreement``: round trips with annotation tools."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.annotate.exchange import EXPORT_FORMATS
from pipeline.paths import DB_ENV, DB_HELP, DEFAULT_DB


def export_command(
    fmt: str = typer.Option(..., "--format", metavar="FORMAT", help=f"One of: {', '.join(EXPORT_FORMATS)}."),
    source: str = typer.Option(
        ...,
        "--from",
        metavar="DIR_OR_URL",
        help="A run folder, or a store URL (sqlite:///x.db) with --project.",
    ),
    out: Path = typer.Option(..., "--out", metavar="PATH", help="Output file (a folder for --format hf)."),
    project: str | None = typer.Option(
        None, "--project", metavar="NAME", help="Project name when --from is a store."
    ),
) -> None:
    """Export claims for Label Studio, Prodigy, doccano, or as a versioned Hugging Face dataset."""
    from pipeline.annotate.exchange import export
    from pipeline.annotate.sources import load_source

    result = export(load_source(source, project), fmt, out)
    if result.info.get("unchanged"):
        typer.echo(
            f"{out}: no claim changed since version {result.info['version']} ({result.paths[0]}); "
            "no new version written"
        )
        return
    for path in result.paths:
        typer.echo(f"wrote {path}")
    typer.echo(", ".join(f"{k}: {v}" for k, v in result.info.items() if k != "unchanged"))


def import_command(
    fmt: str = typer.Option(
        "label-studio", "--format", metavar="FORMAT", help="Only label-studio (its JSON export)."
    ),
    file: Path = typer.Option(
        ..., "--file", metavar="FILE", help="Label Studio JSON export (list of tasks)."
    ),
    into: str = typer.Option(
        ..., "--into", metavar="DIR_OR_URL", help="A run folder to write, or a store URL with --project."
    ),
    project: str | None = typer.Option(
        None, "--project", metavar="NAME", help="Project name when --into is a store."
    ),
) -> None:
    """Import annotations made in Label Studio into a store project or a run folder.

    The whole file is checked first; if anything is wrong nothing is imported and every
    problem is listed. Imports only add: tasks nobody annotated change nothing.
    """
    from pipeline.annotate.label_studio_import import ImportProblems, load_export, read_tasks
    from pipeline.annotate.sources import is_store_url
    from pipeline.errors import ConfigError

    if fmt != "label-studio":
        raise ConfigError("E006", name="--format", expected="label-studio", got=fmt)
    if is_store_url(into) and not project:
        raise ConfigError(
            "E006",
            name="--project",
            metavar="NAME",
            expected="a project name when importing into a store",
            got=project,
        )
    raw = load_export(file)
    problems = ImportProblems(str(file))
    documents = read_tasks(raw, problems)  # the file's own problems; the target's are added below
    tasks = _task_numbers(raw, documents)
    if not is_store_url(into):
        from pipeline.annotate.run_import import import_into_run

        report = import_into_run(into, documents, source=file, tasks=tasks, problems=problems)
        if not report.replaced:
            typer.echo(f"nothing to change in {into}: none of the {report.tasks} tasks was annotated")
            return
        kept = f"; replaced files kept in {report.backup}" if report.backup else ""
        typer.echo(
            f"imported {report.annotated} annotated tasks of {report.tasks} into {into}: "
            f"{report.articles_changed} articles changed, {report.articles_added} added; "
            f"claims {report.claims_before} -> {report.claims_after}{kept}"
        )
        return
    assert project is not None
    from pipeline.annotate.store_import import import_label_studio
    from pipeline.store import open_store

    store = open_store(into)
    try:
        result = import_label_studio(store, documents, project, tasks=tasks, problems=problems)
    finally:
        store.dispose()
    typer.echo(
        f"imported {result.annotations} labels from {result.annotated} annotated tasks of {result.documents} "
        f"into {project} ({result.claims_updated} claims updated, {result.claims_added} added, "
        f"{result.articles_added} new articles)"
    )


def _task_numbers(raw: list[dict], documents: list) -> dict[str, int]:
    """``doc_id`` -> its task's position in the file, for problem reports."""
    positions: dict[str, int] = {}
    for n, task in enumerate(raw):
        data = task.get("data") if isinstance(task, dict) else None
        doc_id = data.get("doc_id") if isinstance(data, dict) else None
        if isinstance(doc_id, str):
            positions.setdefault(doc_id, n)
    return {d.article.doc_id: positions.get(d.article.doc_id, i) for i, d in enumerate(documents)}


def agreement_command(
    db: str = typer.Option(
        DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP + " Not used with --passes."
    ),
    project: str | None = typer.Option(
        None, "--project", metavar="NAME", help="Project name in the store (a report name with --passes)."
    ),
    passes: list[Path] = typer.Option(
        [],
        "--passes",
        metavar="FILE",
        help="Stored annotation passes instead of a store (repeat: --passes A --passes B).",
    ),
    out: Path = typer.Option(
        ..., "--out", metavar="PATH", help="Folder for agreement.json and agreement.csv."
    ),
) -> None:
    """Inter-annotator agreement (kappa, Krippendorff's alpha, span F1) of a store project or of stored passes."""
    from pipeline.annotate.agreement import agreement_report
    from pipeline.errors import ConfigError

    if passes:
        from pipeline.gold.passes import agreement_labels, read_pass

        labels = agreement_labels({p.stem: read_pass(p) for p in passes})
        name = project or "+".join(p.stem for p in passes)
    else:
        if not project:
            raise ConfigError(
                "E006", name="--project", expected="a project of the store, or --passes files", got=project
            )
        from pipeline.store import open_store
        from pipeline.store.queries import annotator_labels
        from pipeline.store.users import get_project

        store = open_store(db)
        with store.session() as session:
            labels = annotator_labels(session, get_project(session, project).id)
        name = project
    paths = agreement_report(labels, project=name).write(out)
    typer.echo("wrote " + ", ".join(str(p) for p in paths))


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)
    app.command("agreement")(agreement_command)
