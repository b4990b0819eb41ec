"""Benchmark of ``stakegraph import``: rows/s and peak RSS on a generated CSV portfolio, against
the raw batched-UNWIND rate of the same records measured in the same run.

    python -m bench.import_bench                       # 100k people, batch sizes compared
    python -m bench.import_bench --people 1000000 --batches 2000

Writes ``accounts.csv`` and ``people.csv`` (each person with an employer and, but for the first
of each account, a manager: three records a row), then for each batch size imports them into an
empty database with the command (a child process: its peak RSS is the command's), imports them
again (every record unchanged), and writes the same records with plain UNWIND statements and no
checks. Without NEO4J_URI it starts its own Neo4j instance (``bench``).
"""

from __future__ import annotations

import asyncio
import csv
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typer

from api.graph_access import open_graph
from api.settings import Settings
from bench import report
from graph.importer import wipe
from scripts import neo4jctl

SENIORITY = ("C_LEVEL", "VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR")

RAW_PEOPLE = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id}) SET p += row.props
"""
RAW_EMPLOYMENTS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id}), (a:Account {id: row.accountId})
CREATE (p)-[:EMPLOYED_AT {since: null}]->(a)
"""
RAW_LINES = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id}), (m:Person {id: row.managerId})
CREATE (p)-[:REPORTS_TO {since: date()}]->(m)
"""
RAW_ACCOUNTS = """
UNWIND $rows AS row
MERGE (a:Account {id: row.id}) SET a.name = row.name, a.tier = row.tier
"""


def write_files(folder: Path, people: int, per_account: int) -> int:
    """The CSV files; returns how many records they hold."""
    accounts = max(1, people // per_account)
    with (folder / "accounts.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "tier"])
        for a in range(accounts):
            out.writerow([f"acc-{a:06d}", f"Account {a}", 1 + a % 4])
    with (folder / "people.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            ["id", "name", "email", "title", "department", "seniority", "accountId", "managerId"]
        )
        for i in range(people):
            a, k = divmod(i, per_account)
            manager = f"p-{a * per_account + (k - 1) // 5:07d}" if k else ""
            out.writerow(
                [
                    f"p-{i:07d}",
                    f"Person {i}",
                    f"person{i}@acc{a}.example",
                    "Analyst",
                    ("Finance", "IT", "Operations", "Sales")[i % 4],
                    SENIORITY[min(k, 4)],
                    f"acc-{a:06d}",
                    manager,
                ]
            )
    lines = people - accounts
    return accounts + 2 * people + lines


def import_once(folder: Path, batch: int) -> tuple[float, float, str]:
    """Run the command; (seconds, its peak RSS in MiB, its verdict and rate line)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "import", "--batch", str(batch), str(folder)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "120"},
        )
        # wait4 gives this child's own resource use (ru_maxrss in KiB on Linux).
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    if child.returncode != 0:
        raise RuntimeError(text[-3000:])
    lines = text.strip().splitlines()
    # The re-import's verdict when it has one ("Nothing changed: ..."), else the rate line.
    verdict = next((line for line in lines if line.startswith("Nothing changed")), None)
    return seconds, usage.ru_maxrss / 1024, f"{verdict} {lines[-1]}" if verdict else lines[-1]


async def _wipe() -> None:
    async with open_graph(Settings()) as graph:
        await wipe(graph.session())


async def raw_rate(folder: Path, batch: int) -> float:
    """Seconds to write the files' records with bare UNWIND statements."""
    async with open_graph(Settings(), timeout_s=3600.0) as graph:
        session = graph.session()
        await wipe(session)
        started = time.perf_counter()
        for path, statements in (
            (folder / "accounts.csv", [RAW_ACCOUNTS]),
            (folder / "people.csv", [RAW_PEOPLE, RAW_EMPLOYMENTS, RAW_LINES]),
        ):
            for statement in statements:
                with path.open(newline="") as f:
                    rows: list[dict[str, object]] = []
                    for row in csv.DictReader(f):
                        if statement is RAW_LINES and not row["managerId"]:
                            continue
                        rows.append(_raw_row(row))
                        if len(rows) == batch:
                            await session.write(statement, {"rows": rows})
                            rows = []
                    if rows:
                        await session.write(statement, {"rows": rows})
        return time.perf_counter() - started


def _raw_row(row: dict[str, str]) -> dict[str, object]:
    if "tier" in row:
        return {"id": row["id"], "name": row["name"], "tier": int(row["tier"])}
    props = {k: row[k] for k in ("name", "email", "title", "department", "seniority")}
    return {**row, "props": props}


def render(
    people: int,
    records: int,
    mib: float,
    raw: float,
    rows: list[tuple[int, float, float, float, str]],
) -> str:
    """The section of docs/benchmarks.md: each batch size's rates as a share of raw."""
    load = os.getloadavg()
    lines = [
        "## `stakegraph import` against raw batched UNWIND",
        "",
        "Written by `make bench-import` (bench/import_bench.py). A generated CSV portfolio"
        f" ({people:,} people rows, {records:,} records: accounts, people, their employments and"
        f" reporting lines; {mib:.1f} MiB) imported into an empty database by the command (a"
        " child process, so its peak RSS is the command's own), then imported again (every"
        " record unchanged); the baseline is the same records written by bare UNWIND statements"
        " in batches of 5,000 with no checks, no external ids and no score refresh, measured in"
        " the same run (the faster of two runs).",
        "",
        f"- when: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine:"
        f" {platform.machine()}, {os.cpu_count()} cores; load average"
        f" {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end",
        f"- raw batched UNWIND: {records / raw:,.0f} records/s",
        "",
        "| batch | import records/s | share of raw (target >= 50 %) | re-import records/s |"
        " peak RSS MiB | the re-import's summary |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for batch, first, again, peak, last in rows:
        lines.append(
            f"| {batch:,} | {records / first:,.0f} | {raw / first * 100:.0f} % |"
            f" {records / again:,.0f} | {peak:.0f} | {last.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def main(
    people: int = typer.Option(100_000, help="People in the generated files."),
    per_account: int = typer.Option(100, help="People per account."),
    batches: str = typer.Option("500,1000,2000,5000", help="Batch sizes to compare."),
) -> None:
    """Measure the import at each batch size, print the figures and write them into
    docs/benchmarks.md."""
    started_here = False
    if not os.environ.get("NEO4J_URI"):
        os.environ.update(neo4jctl.start("bench", heap="2g", pagecache="1g"))
        started_here = True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            records = write_files(folder, people, per_account)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
            print(f"{records:,} records from {people:,} CSV rows ({size:.1f} MiB)")
            # The first run warms the server (JIT, query plans); the second is the baseline.
            raw = min(asyncio.run(raw_rate(folder, 5000)) for _ in range(2))
            print(f"raw batched UNWIND (no checks): {records / raw:,.0f} records/s")
            rows = []
            for batch in (int(b) for b in batches.split(",")):
                asyncio.run(_wipe())
                first, peak, _ = import_once(folder, batch)
                again, peak_again, last = import_once(folder, batch)
                rows.append((batch, first, again, max(peak, peak_again), last))
                print(
                    f"batch {batch}: first import {records / first:,.0f} records/s "
                    f"({raw / first * 100:.0f}% of raw), re-import "
                    f"{records / again:,.0f} records/s, peak RSS {max(peak, peak_again):.0f} MiB"
                    f" [{last}]"
                )
            report.write_import(render(people, records, size, raw, rows))
    finally:
        if started_here:
            neo4jctl.stop("bench")


if __name__ == "__main__":
    typer.run(main)
