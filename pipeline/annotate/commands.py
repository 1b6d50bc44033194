"""``claimscope export`` / ``import`` / ``agreement``: round trips with annotation tools."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.annotate.exchange import EXPORT_FORMATS


def export_command(
    fmt: str = typer.Option(..., "--format", help=f"One of: {', '.join(EXPORT_FORMATS)}."),
    source: str = typer.Option(
        ..., "--from", help="A run folder, or a store URL (sqlite:///x.db) with --project."
    ),
    out: Path = typer.Option(..., "--out", help="Output file (a folder for --format hf)."),
    project: str | None = typer.Option(None, "--project", help="Project name when --from is a store."),
) -> None:
    """Export claims for Label Studio, Prodigy, doccano, or as a versioned Hugging Face dataset."""
    from pipeline.annotate.exchange import export
    from pipeline.annotate.sources import load_source

    result = export(load_source(source, project), fmt, out)
    for path in result.paths:
        typer.echo(f"wrote {path}")
    typer.echo(", ".join(f"{k}: {v}" for k, v in result.info.items()))


def import_command(
    fmt: str = typer.Option("label-studio", "--format", help="Only label-studio (its JSON export)."),
    file: Path = typer.Option(..., "--file", help="Label Studio JSON export (list of tasks)."),
    into: str = typer.Option(..., "--into", help="A run folder to write, or a store URL with --project."),
    project: str | None = typer.Option(None, "--project", help="Project name when --into is a store."),
) -> None:
    """Import annotations made in Label Studio into a store project or a run folder."""
    from pipeline.annotate.label_studio import latest_run_data, read_export
    from pipeline.annotate.runfolder import write_run
    from pipeline.annotate.sources import is_store_url
    from pipeline.errors import ConfigError

    if fmt != "label-studio":
        raise ConfigError("E006", name="--format", expected="label-studio", got=fmt)
    documents = read_export(file)
    if not is_store_url(into):
        data = latest_run_data(documents)
        write_run(into, data)
        typer.echo(f"wrote {len(data.articles)} articles and {len(data.claims)} claims to {into}")
        return
    if not project:
        raise ConfigError(
            "E006", name="--project", expected="a project name when importing into a store", got=project
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
    db: str | None = typer.Option(None, "--db", help="Store URL (with --project)."),
    project: str | None = typer.Option(None, "--project", help="Project name in the store."),
    passes: list[Path] = typer.Option(
        [], "--passes", help="Stored annotation passes instead of a store (repeat: --passes A --passes B)."
    ),
    out: Path = typer.Option(..., "--out", help="Folder for agreement.json and agreement.csv."),
) -> None:
    """Inter-annotator agreement (kappa, Krippendorff's alpha, span F1) of a store project or of stored passes."""
    from pipeline.annotate.agreement import agreement_report
    from pipeline.errors import ConfigError

    if passes:
        from pipeline.gold.passes import agreement_labels, read_pass

        labels = agreement_labels({p.stem: read_pass(p) for p in passes})
        name = project or "+".join(p.stem for p in passes)
    else:
        if not db or not project:
            raise ConfigError(
                "E006", name="--db/--project", expected="a store URL and a project, or --passes files", got=db
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
