"""``claimscope export`` / ``import`` / ``agreement``: round trips with annotation tools."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.annotate.exchange import EXPORT_FORMATS
from pipeline.serve.commands import DB_ENV, DB_HELP, DEFAULT_DB


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
    """Import annotations made in Label Studio into a store project or a run folder."""
    from pipeline.annotate.label_studio import latest_run_data, read_export
    from pipeline.annotate.runfolder import write_run
    from pipeline.annotate.sources import is_store_url
    from pipeline.errors import ConfigError

    if fmt != "label-studio":
        raise ConfigError("E006", name="--format", metavar="FORMAT", expected="label-studio", got=fmt)
    documents = read_export(file)
    if not is_store_url(into):
        data = latest_run_data(documents)
        write_run(into, data)
        typer.echo(f"wrote {len(data.articles)} articles and {len(data.claims)} claims to {into}")
        return
    if not project:
        raise ConfigError(
            "E006",
            name="--project",
            metavar="NAME",
            expected="a project name when importing into a store",
            got=project,
        )
    from pipeline.store import open_store
    from pipeline.store.importer import import_label_studio

    store = open_store(into)
    report = import_label_studio(store, documents, project)
    typer.echo(
        f"imported {report.annotations} labels from {report.documents} tasks into {project} "
        f"({report.claims_updated} claims updated, {report.claims_added} added)"
    )


def agreement_command(
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
    project: str = typer.Option(..., "--project", metavar="NAME"),
    out: Path = typer.Option(
        ..., "--out", metavar="PATH", help="Folder for agreement.json and agreement.csv."
    ),
) -> None:
    """Inter-annotator agreement of a project (kappa, Krippendorff's alpha, span F1) as JSON + CSV."""
    from pipeline.annotate.agreement import agreement_report
    from pipeline.store import open_store
    from pipeline.store.queries import annotator_labels
    from pipeline.store.users import get_project

    store = open_store(db)
    with store.session() as session:
        labels = annotator_labels(session, get_project(session, project).id)
    paths = agreement_report(labels, project=project).write(out)
    typer.echo("wrote " + ", ".join(str(p) for p in paths))


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)
    app.command("agreement")(agreement_command)
