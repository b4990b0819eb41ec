"""The ``stakegraph`` command: maintenance tasks against the configured Neo4j.

Connection settings come from the environment (NEO4J_URI ...), else from the connection file
of the local ``dev`` instance that ``make run`` starts (see ``api.settings``).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from api import demo_loader, tabular
from api.cli_graph import run_with_graph
from api.cli_keys import keys_app
from api.cli_webhooks import webhooks_app
from api.dataset_export import DatasetFormat, write_dataset
from api.imports.run import DEFAULT_BATCH, ImportRun, Rejection, Report
from api.imports.sources import SourceError, files_of, load_mapping, rejects_line, spool
from api.settings import Settings
from api.sheets import (
    PORTFOLIO_COLUMNS,
    STAKEHOLDER_COLUMNS,
    SheetError,
    portfolio_pages,
    stakeholder_sheet,
)
from demo.generator import generate_portfolio
from graph import activity, analyst, exports
from graph import scores as stored
from graph.access import LOCAL_DEVELOPER
from graph.accounts import AccountFilter, accounts_page
from graph.client import GraphSession, Shape
from graph.errors import ReadOnlyQueryError
from graph.importer import count_nodes, import_dataset, wipe
from schema import build_schema
from schema.accounts.inputs import AccountOrderField
from schema.context import Context
from schema.imports.checks import MAX_IMPORT_RECORDS

app = typer.Typer(add_completion=False, help="Stakegraph maintenance commands.")
console = Console()
#: Every command that reads or writes the graph runs through this.
_run = run_with_graph
app.add_typer(keys_app, name="keys")
app.add_typer(webhooks_app, name="webhooks")
err_console = Console(stderr=True)


@app.command()
def recompute(
    snapshot: bool = typer.Option(False, help="Also record the scores in the score history."),
    as_of: str | None = typer.Option(None, help="Score as of this date (YYYY-MM-DD)."),
    parallel: int = typer.Option(
        2, min=1, max=16, help="Batches scored at once (each its own transaction)."
    ),
    resume: bool = typer.Option(
        False,
        help="Leave out the accounts already done for that day (scored as of it; with "
        "--snapshot, snapshotted): go on after a run that was stopped.",
    ),
) -> None:
    """Recompute and store the scores of every account, with a progress bar."""
    day = date.fromisoformat(as_of) if as_of else date.today()
    started = time.perf_counter()

    async def work(session: GraphSession, settings: Settings) -> int:
        with progress_bar() as progress:
            task = progress.add_task("scoring", total=None, unit="accounts")
            ids = await stored.accounts_to_score(session, day, resume=resume, snapshot=snapshot)
            progress.update(task, total=len(ids))
            return await stored.recompute(
                session,
                ids,
                day,
                settings.scoring_config(),
                snapshot=snapshot,
                parallel=parallel,
                on_batch=lambda n: progress.advance(task, n),
            )

    count = _run(work)
    console.print(
        f"Scored {count} accounts as of {day} in {time.perf_counter() - started:.1f} s"
        + (" and took snapshots" if snapshot else "")
        + (" (the rest were done already)" if resume else "")
    )


@app.command()
def snapshot() -> None:
    """Recompute every account's scores and record them in the score history."""
    recompute(snapshot=True, as_of=None, parallel=2, resume=False)


@app.command("load-demo")
def load_demo(
    replace: bool = typer.Option(False, help="Wipe the database first."),
) -> None:
    """Load the demo portfolio (into an empty database unless --replace) through importDataset."""

    async def work(session: GraphSession, settings: Settings) -> str:
        if replace:
            await wipe(session)
        elif await count_nodes(session):
            return "The database is not empty; use --replace to wipe it first."
        summary = await demo_loader.load_demo(session, settings)
        await stored.recompute(session, None, date.today(), settings.scoring_config())
        return f"Loaded {summary.accounts} accounts and {summary.people} people"

    try:
        console.print(_run(work))
    except demo_loader.DemoLoadError as exc:
        console.print(str(exc))
        raise typer.Exit(1) from exc


@app.command()
def generate(
    seed: int = typer.Option(1, help="Random seed; the same seed gives the same portfolio."),
    accounts: int = typer.Option(100, min=1, help="How many accounts."),
    replace: bool = typer.Option(False, help="Wipe the database first."),
) -> None:
    """Load a deterministic synthetic portfolio."""

    async def work(session: GraphSession, settings: Settings) -> str:
        if replace:
            await wipe(session)
        data = generate_portfolio(seed, accounts, today=date.today())
        summary = await import_dataset(session, data)
        await stored.recompute(session, None, date.today(), settings.scoring_config())
        return f"Loaded {summary.accounts} accounts and {summary.people} people (seed {seed})"

    console.print(_run(work))


@app.command("derive-relationships")
def derive_relationships() -> None:
    """Follow every stored touchpoint as logTouchpoint follows a new one: a relationship for
    each pair of attendees without one, last contact forward, since back (docs/model.md). For
    data written before the rule; a second run writes nothing. Refreshes the touched scores."""

    async def work(session: GraphSession, settings: Settings) -> activity.Followed:
        with progress_bar() as progress:
            task = progress.add_task(
                "touchpoints", total=await activity.touchpoint_count(session), unit="touchpoints"
            )
            done = await activity.derive_relationships(
                session, on_page=lambda n: progress.advance(task, n)
            )
        if done.accounts:
            await stored.recompute(
                session, sorted(done.accounts), date.today(), settings.scoring_config()
            )
        return done

    done = _run(work)
    console.print(
        f"Followed {done.touchpoints} touchpoints: {done.created} relationships created, "
        f"{done.followed - done.created} moved, scores of {len(done.accounts)} accounts refreshed"
    )


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "rows")
        return Text(
            f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s", style="progress.data.speed"
        )


def progress_bar() -> Progress:
    """The progress display of long commands: what, a bar, done of total, rate and time left."""
    return Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=console,
    )


#: How many rejections the summary lists (all go to --rejects).
SHOWN_REJECTIONS = 20


def _print_report(report: Report, dry_run: bool) -> None:
    table = Table("records", "created", "updated", "unchanged", "rejected")
    for kind, tally in report.tallies.items():
        if tally.created or tally.updated or tally.unchanged or tally.rejected:
            table.add_row(
                kind,
                str(tally.created),
                str(tally.updated),
                str(tally.unchanged),
                str(tally.rejected),
            )
    console.print(table)
    for rejection in report.rejections[:SHOWN_REJECTIONS]:
        where = f"{rejection.at}: {rejection.field}" if rejection.field else rejection.at
        # One line each, however long, so tools can read it.
        console.print(
            f"{where}: {rejection.code}: {rejection.message}", markup=False, soft_wrap=True
        )
    rest = len(report.rejections) - SHOWN_REJECTIONS
    if rest > 0:
        console.print(f"... and {rest} more rejections (--rejects FILE writes them all)")
    if dry_run:
        console.print("Dry run: nothing was written.")
    elif not report.committed:
        console.print("Strict: records were rejected, so nothing was written.")
    elif report.changes == 0:
        console.print("Nothing changed: every record was as stored.")
    elif report.refreshed:
        console.print(f"Refreshed the stored scores of {report.refreshed} accounts.")


@app.command("import")
def import_files(
    files: Annotated[
        list[Path], typer.Argument(help="CSV, JSON or NDJSON files, or directories of them.")
    ],
    mapping: Annotated[
        Path | None, typer.Option("--map", help="YAML mapping of a CRM's CSV exports.")
    ] = None,
    batch: int = typer.Option(
        DEFAULT_BATCH, min=1, max=MAX_IMPORT_RECORDS, help="Records per batch."
    ),
    strict: bool = typer.Option(False, help="All or nothing: write only if no record is bad."),
    dry_run: bool = typer.Option(False, help="Check everything, write nothing."),
    rejects: Annotated[
        Path | None,
        typer.Option(help="Write the rejected records, with their errors, to this NDJSON file."),
    ] = None,
    as_of: str | None = typer.Option(None, help="Import as of this date (YYYY-MM-DD)."),
) -> None:
    """Import records by id or external id, checked as importDataset checks them; a second run
    of the same files writes nothing. Exits 1 when records were rejected."""
    day = date.fromisoformat(as_of) if as_of else date.today()
    try:
        plan = load_mapping(mapping) if mapping else None
    except SourceError as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    rejects_file = rejects.open("wb") if rejects else None

    def rejected(rejection: Rejection) -> None:
        if rejects_file is not None:
            error = {"field": rejection.field, "code": rejection.code, "message": rejection.message}
            rejects_file.write(
                rejects_line(rejection.kind, rejection.values, rejection.at, [error])
            )

    async def work(session: GraphSession, settings: Settings) -> Report:
        with progress_bar() as progress:
            reading = progress.add_task("reading", total=_size(files), unit="bytes")
            spools = spool(files, plan, lambda n: progress.advance(reading, n))
            try:
                for warning in spools.warnings:
                    progress.console.print(warning, markup=False, soft_wrap=True)
                task = progress.add_task("importing", total=sum(spools.counts.values()))

                def advanced(kind: str, n: int) -> None:
                    progress.update(task, advance=n, description=kind)

                config = settings.schema_config()
                run = ImportRun(
                    session,
                    build_schema(config),
                    settings.scoring_config(),
                    today=day,
                    batch=batch,
                    strict=strict,
                    dry_run=dry_run,
                    on_batch=advanced,
                    on_reject=rejected,
                )
                return await run.run(spools)
            finally:
                spools.close()

    started = time.perf_counter()
    try:
        report = _run(work)
    except SourceError as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    finally:
        if rejects_file is not None:
            rejects_file.close()
    _print_report(report, dry_run)
    seconds = time.perf_counter() - started
    total = sum(t.created + t.updated + t.unchanged + t.rejected for t in report.tallies.values())
    console.print(f"{total} records in {seconds:.1f} s ({total / seconds:,.0f} records/s)")
    if report.rejections:
        raise typer.Exit(1)


def _size(paths: list[Path]) -> int:
    try:
        return sum(p.stat().st_size for p in files_of(paths))
    except SourceError:
        return 0


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


#: The columns of `ranking`, as the account rows name them.
RANKING_COLUMNS = (
    "id",
    "name",
    "tier",
    "breadth_score",
    "dependency_score",
    "executive_score",
    "risk_flag_codes",
)


@app.command()
def ranking(
    by: Annotated[
        AccountOrderField, typer.Option(case_sensitive=False, help="What to rank by.")
    ] = AccountOrderField.DEPENDENCY,
    top: int = typer.Option(10, min=1, max=100),
    output: Annotated[
        OutputFormat, typer.Option("--format", case_sensitive=False, help="How to print it.")
    ] = OutputFormat.TABLE,
) -> None:
    """Print the accounts ranked by a stored score or field (highest first)."""

    async def work(session: GraphSession, settings: Settings) -> list[dict[str, Any]]:
        page = await accounts_page(session, AccountFilter(), by.value, "DESC", None, top)
        return [{c: row[c] for c in RANKING_COLUMNS} for row in page.rows]

    rows = _run(work)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=1, default=str))
        return
    if output is OutputFormat.CSV:
        writer = csv.writer(sys.stdout)
        writer.writerow(RANKING_COLUMNS)
        for row in rows:
            writer.writerow([";".join(v) if isinstance(v, list) else v for v in row.values()])
        return
    # Folded rather than cut, so an 80-column terminal shows every flag.
    table = Table("account", "tier", "breadth", "dependency", "executive", "flags")
    for column in (table.columns[0], table.columns[-1]):
        column.overflow = "fold"
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["tier"]),
            str(row["breadth_score"]),
            str(row["dependency_score"]),
            str(row["executive_score"]),
            ", ".join(row["risk_flag_codes"]),
        )
    console.print(table)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _print_table(columns: list[str], rows: list[dict[str, Any]]) -> None:
    # Folded rather than cut, so a narrow terminal shows every value whole.
    table = Table(*columns)
    for column in table.columns:
        column.overflow = "fold"
    for row in rows:
        # Text, not markup: a value such as "[bold]" is data.
        table.add_row(*(Text(_text(row[c])) for c in columns))
    console.print(table)


@app.command("cypher")
def cypher_command(
    query: Annotated[
        str | None,
        typer.Argument(help="A read-only Cypher query; read from stdin when omitted or -."),
    ] = None,
    params: Annotated[
        str | None, typer.Option(help="Its parameters, a JSON object: '{\"tier\": 3}'.")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", case_sensitive=False, help="How to print it.")
    ] = OutputFormat.TABLE,
) -> None:
    """Run a read-only Cypher query, with the limits and rules of the GraphQL cypher field."""
    text = sys.stdin.read() if query in (None, "-") else str(query)
    if not text.strip():
        raise typer.BadParameter("no query given (as an argument or on stdin)", param_hint="QUERY")
    if len(text) > analyst.MAX_QUERY_CHARS:
        raise typer.BadParameter(
            f"longer than {analyst.MAX_QUERY_CHARS} characters", param_hint="QUERY"
        )
    try:
        values = json.loads(params) if params is not None else {}
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"not JSON: {exc.msg}", param_hint="--params") from exc
    if not isinstance(values, dict):
        raise typer.BadParameter("must be a JSON object", param_hint="--params")
    # JSON keeps every value whole; a table or CSV wants dates as dates.
    shape: Shape = "json" if output is OutputFormat.JSON else "table"

    async def work(
        session: GraphSession, settings: Settings
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        return await session.read_only(
            text,
            values,
            timeout_s=settings.cypher_timeout_s,
            max_rows=settings.cypher_max_rows,
            max_bytes=settings.cypher_max_bytes,
            shape=shape,
        )

    try:
        columns, rows, truncated = _run(work)
    except ReadOnlyQueryError as exc:
        err_console.print(f"Query refused: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    if output is OutputFormat.JSON:
        rows_out = [[row[c] for c in columns] for row in rows]
        result = {"columns": columns, "rows": rows_out, "truncated": truncated}
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
    elif output is OutputFormat.CSV:
        for chunk in tabular.csv_chunks(columns, rows):
            sys.stdout.write(chunk)
    else:
        _print_table(columns, rows)
    if truncated:
        err_console.print(
            f"Only the first {len(rows)} rows: the result is longer than CYPHER_MAX_ROWS or "
            "CYPHER_MAX_BYTES allow."
        )


class ExportKind(StrEnum):
    PEOPLE = "people"
    RELATIONSHIPS = "relationships"
    PORTFOLIO = "portfolio"
    STAKEHOLDER_MAP = "stakeholder-map"
    DATASET = "dataset"


class ExportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


#: Who the CLI is when it answers through the GraphQL schema (it holds the database's
#: credentials, so it sees everything).
CLI_IDENTITY = LOCAL_DEVELOPER


@app.command("export")
def export_command(
    kind: Annotated[ExportKind, typer.Argument(case_sensitive=False, help="What to export.")],
    output: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="How to print it (dataset: csv, one file per kind, or ndjson).",
        ),
    ] = ExportFormat.CSV,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="dataset: the directory to write the files into."),
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="stakeholder-map: the account's id.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="stakeholder-map: the day (ISO date), default today."),
    ] = None,
) -> None:
    """Print every client person, every relationship or the portfolio with its stored scores,
    one row each; an account's stakeholder map (`stakeholder-map --account ID`, as GET
    /export/accounts/ID/stakeholder-map.csv); or write the whole dataset (`dataset --out DIR`)
    in the formats `stakegraph import` reads, so an import of it reproduces the graph."""
    if kind is ExportKind.DATASET:
        _export_dataset(output, out)
        return
    if kind is ExportKind.STAKEHOLDER_MAP:
        if account is None:
            raise typer.BadParameter(
                "the stakeholder map needs --account ID", param_hint="--account"
            )
        _print_rows(list(STAKEHOLDER_COLUMNS), _stakeholder_rows(account, as_of), output)
        return
    columns = list(PORTFOLIO_COLUMNS if kind is ExportKind.PORTFOLIO else exports.EXPORTS[kind][0])
    streamed = output in (ExportFormat.CSV, ExportFormat.NDJSON)

    async def work(session: GraphSession, settings: Settings) -> list[dict[str, Any]]:
        pages = (
            portfolio_pages(session, AccountFilter(), "NAME")
            if kind is ExportKind.PORTFOLIO
            else exports.export_rows(session, kind.value, date.today())
        )
        rows: list[dict[str, Any]] = []
        header = True
        async for page in pages:
            if streamed:
                # A page at a time, so memory holds one page whatever the portfolio's size.
                _print_rows(columns, page, output, header=header)
                header = False
            else:
                rows.extend(page)
        if streamed and header:
            _print_rows(columns, [], output)
        return rows

    rows = _run(work)
    if not streamed:
        _print_rows(columns, rows, output)


def _stakeholder_rows(account: str, as_of: str | None) -> list[dict[str, Any]]:
    async def work(session: GraphSession, settings: Settings) -> list[dict[str, Any]]:
        config = settings.schema_config()
        context = Context(session, config, CLI_IDENTITY)
        return await stakeholder_sheet(build_schema(config), context, account, as_of)

    try:
        return _run(work)
    except SheetError as exc:
        err_console.print(f"{exc.code}: {exc.message}")
        raise typer.Exit(1) from exc


def _print_rows(
    columns: list[str], rows: list[dict[str, Any]], output: ExportFormat, *, header: bool = True
) -> None:
    if output is ExportFormat.JSON:
        typer.echo(json.dumps(rows, indent=1, ensure_ascii=False, default=tabular.iso))
    elif output is ExportFormat.NDJSON:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, default=tabular.iso))
    elif output is ExportFormat.CSV:
        writer = csv.writer(sys.stdout)
        if header:
            writer.writerow(columns)
        writer.writerows([tabular.csv_cell(row[c]) for c in columns] for row in rows)
        sys.stdout.flush()
    else:
        _print_table(columns, rows)


def _export_dataset(output: ExportFormat, out: Path | None) -> None:
    if out is None:
        raise typer.BadParameter("the dataset export needs --out DIR", param_hint="--out")
    if output not in (ExportFormat.CSV, ExportFormat.NDJSON):
        raise typer.BadParameter("the dataset exports as csv or ndjson", param_hint="--format")
    fmt = DatasetFormat(output.value)
    out.mkdir(parents=True, exist_ok=True)

    async def work(session: GraphSession, settings: Settings) -> tuple[list[Path], int]:
        counts = await exports.dataset_counts(session)
        with Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("exporting", total=sum(counts.values()))

            def advanced(kind: str, n: int) -> None:
                progress.update(task, advance=n, description=kind)

            paths = await write_dataset(session, out, fmt, date.today(), advanced)
        return paths, sum(counts.values())

    started = time.perf_counter()
    paths, total = _run(work)
    seconds = time.perf_counter() - started
    console.print(
        f"{total} records in {len(paths)} files under {out} in {seconds:.1f} s "
        f"({total / max(seconds, 1e-9):,.0f} records/s)"
    )


if __name__ == "__main__":
    app()
