"""The pure parts of the peer benchmark (bench/peer.py, bench/report.py): how the peer's answer
is put in Stakegraph's order, what counts as a difference, the rendered type definitions, and
the two sections of docs/benchmarks.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench import peer, report
from scoring.config import ScoringConfig


def _peer_person(pid: str, name: str, manager: str | None, roles: list[str]) -> dict[str, Any]:
    return {
        "node": {
            "id": pid,
            "name": name,
            "title": None,
            "department": "IT",
            "seniority": "VP",
            "managersConnection": {"edges": [{"node": {"id": manager}}] if manager else []},
            "buyingRolesConnection": {"edges": [{"properties": {"role": r}} for r in roles]},
            "owners": [{"teamMemberId": "tm-1", "name": "Ann", "strength": "STRONG"}],
        }
    }


def _sg_node(pid: str, name: str, parent: str | None, roles: list[str]) -> dict[str, Any]:
    return {
        "personId": pid,
        "parentId": parent,
        "roles": roles,
        "owners": [{"teamMemberId": "tm-1", "name": "Ann", "strength": "STRONG"}],
        "person": {"name": name, "title": None, "department": "IT", "seniority": "VP"},
    }


def _peer_body(people: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": {"accounts": [{"employeesConnection": {"edges": people}}]}}


def _sg_body(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": {"account": {"orgChart": {"nodes": nodes}}}}


def test_the_peers_people_by_name_are_put_breadth_first_from_their_managers() -> None:
    # By name: Ada (reports to Zoe), Bob (to Ada), Cy (to Zoe), Zoe (the top).
    by_name = [
        _peer_person("a", "Ada", "z", ["USER", "CHAMPION"]),
        _peer_person("b", "Bob", "a", []),
        _peer_person("c", "Cy", "z", []),
        _peer_person("z", "Zoe", None, ["DECISION_MAKER"]),
    ]
    chart = peer.chart_of_peer(_peer_body(by_name))
    assert [row[0] for row in chart] == ["z", "a", "c", "b"]
    assert chart[1][1:3] == ("z", ("CHAMPION", "USER"))
    stakegraph = [
        _sg_node("z", "Zoe", None, ["DECISION_MAKER"]),
        _sg_node("a", "Ada", "z", ["CHAMPION", "USER"]),
        _sg_node("c", "Cy", "z", []),
        _sg_node("b", "Bob", "a", []),
    ]
    assert peer.chart_of_stakegraph(_sg_body(stakegraph)) == chart


def test_a_different_manager_or_strength_is_a_difference() -> None:
    base = [_peer_person("z", "Zoe", None, []), _peer_person("a", "Ada", "z", [])]
    other = [_peer_person("z", "Zoe", None, []), _peer_person("a", "Ada", None, [])]
    assert peer.chart_of_peer(_peer_body(base)) != peer.chart_of_peer(_peer_body(other))
    weaker = _peer_person("a", "Ada", "z", [])
    weaker["node"]["owners"][0]["strength"] = "WEAK"
    assert peer.chart_of_peer(_peer_body(base)) != peer.chart_of_peer(_peer_body([base[0], weaker]))


def test_an_answer_with_errors_is_never_compared() -> None:
    with pytest.raises(AssertionError, match="the query failed"):
        peer.chart_of_peer({"errors": [{"message": "boom"}], "data": None})


def test_instants_compare_at_microseconds_whatever_the_notation() -> None:
    assert peer._instant("2026-12-01T10:00:00.123456789Z") == peer._instant(
        "2026-12-01T10:00:00.123456+00:00"
    )
    assert peer._instant("2026-12-01T10:00:00.1Z") != peer._instant("2026-12-01T10:00:00.2Z")


def test_the_type_definitions_take_the_scoring_configuration() -> None:
    text = peer.type_definitions(ScoringConfig())
    assert "__" not in text.replace("__typename", "")
    cfg = ScoringConfig().strength
    assert f"WHEN 'IN_PERSON' THEN {float(cfg.channel_weights['IN_PERSON'])!r}" in text
    # Divisions in Cypher are by a float: integer division would floor the decay.
    assert f"/ {float(cfg.half_life_days)!r})" in text


def test_each_script_keeps_the_others_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "REPORT", tmp_path / "benchmarks.md")
    report.write_peer("# Peer\n\nfirst\n")
    report.write_main("# Benchmarks\n\nmain one\n")
    report.write_peer("# Peer\n\nsecond\n")
    report.write_main("# Benchmarks\n\nmain two\n")
    text = report.REPORT.read_text()
    assert text.startswith("# Benchmarks\n\nmain two\n")
    assert text.count(report.PEER_MARKER) == 1
    assert text.endswith(report.PEER_MARKER + "\n\n# Peer\n\nsecond\n")
    assert "first" not in text and "main one" not in text


def test_a_slow_query_at_many_clients_runs_by_count() -> None:
    # Fast: the given duration.
    assert peer.span_for(8, 0.01, 3.0, 30.0) == peer.Span(3.0)
    # Each of 8 clients three answers of 0.5 s: 12 s.
    assert peer.span_for(8, 0.5, 3.0, 30.0) == peer.Span(12.0)
    # 32 clients at 3 s an answer would need 288 s: a count instead, one answer per client.
    assert peer.span_for(32, 3.0, 3.0, 30.0) == peer.Span(30.0, amount=32)
    assert peer.span_for(8, 2.0, 3.0, 30.0) == peer.Span(30.0, amount=15)


def test_the_stakeholder_maps_compare_by_person_whatever_the_order() -> None:
    owners = [{"teamMemberId": "tm-1", "name": "Ann", "strength": "WEAK"}]
    sg = {
        "data": {
            "account": {
                "stakeholderMap": [
                    {
                        "person": {"personId": pid, "name": pid, "title": None, "seniority": "VP"},
                        "roles": ["USER", "CHAMPION"] if pid == "p-1" else [],
                        "perception": "NEUTRAL",
                        "lastTouchpoint": "2026-11-01",
                        "relationships": owners,
                    }
                    for pid in ("p-2", "p-1")
                ]
            }
        }
    }

    def peer_node(pid: str, perception: str) -> dict[str, Any]:
        roles = ["CHAMPION", "USER"] if pid == "p-1" else []
        return {
            "node": {
                "id": pid,
                "name": pid,
                "title": None,
                "seniority": "VP",
                "perception": perception,
                "lastTouchpoint": "2026-11-01",
                "buyingRolesConnection": {"edges": [{"properties": {"role": r}} for r in roles]},
                "owners": owners,
            }
        }

    same = _peer_body([peer_node("p-1", "NEUTRAL"), peer_node("p-2", "NEUTRAL")])
    assert peer.stakeholders_of_stakegraph(sg) == peer.stakeholders_of_peer(same)
    other = _peer_body([peer_node("p-1", "NEUTRAL"), peer_node("p-2", "NEGATIVE")])
    assert peer.stakeholders_of_stakegraph(sg) != peer.stakeholders_of_peer(other)


def test_a_refused_write_is_never_taken_for_an_answer() -> None:
    refused = {"data": {"logTouchpoint": {"touchpoint": None, "userErrors": [{"code": "X"}]}}}
    with pytest.raises(AssertionError, match="refused"):
        peer.logged_of_stakegraph(refused)
    logged = {
        "touchpoint": {
            "date": "2026-12-01",
            "channel": "VIDEO",
            "kind": "OPERATIONAL",
            "summary": "s",
            "teamMemberIds": ["tm-1"],
            "personIds": ["p-1"],
        },
        "userErrors": [],
    }
    created = {
        "date": "2026-12-01",
        "channel": "VIDEO",
        "kind": "OPERATIONAL",
        "summary": "s",
        "teamMembers": [{"id": "tm-1"}],
        "people": [{"id": "p-1"}],
    }
    assert peer.logged_of_stakegraph({"data": {"logTouchpoint": logged}}) == peer.logged_of_peer(
        {"data": {"createTouchpoints": {"touchpoints": [created]}}}
    )


def test_either_sides_page_gives_its_end_cursor() -> None:
    body = {"data": {"accountsConnection": {"totalCount": 7, "pageInfo": {"endCursor": "c"}}}}
    assert peer.end_cursor(body) == ("c", 7)


def test_the_plot_is_a_png_of_every_query(tmp_path: Path) -> None:
    the_cases = peer.cases(date(2026, 12, 1), 2000, 300, ("tm-1", "p-1"))
    cells = {
        (c.key, n, system): peer.Cell([peer.Run(rps=10.0 * n, p50=1.0, p99=2.0)])
        for c in the_cases
        for n in (1, 8)
        for system in ("stakegraph", "peer")
    }
    sizes = peer.Sizes(accounts=1, people=1, touchpoints=1, relationships=1)
    outcome = peer.Outcome(sizes, the_cases, (1, 8), 1.0, 1.0, 1, cells, {}, {})
    peer.plot(outcome, tmp_path / "plot.png")
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "benchmarks-peer.png" in peer.render(outcome)


def test_three_scripts_keep_each_others_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "REPORT", tmp_path / "benchmarks.md")
    report.write_main("# Benchmarks\n\nmain\n")
    report.write_peer("# Peer\n\npeer\n")
    report.write_import("## Import\n\nfirst\n")
    report.write_import("## Import\n\nsecond\n")
    text = report.REPORT.read_text()
    main, rest = text.split(report.IMPORT_MARKER)
    imported, peer_part = rest.split(report.PEER_MARKER)
    assert main == "# Benchmarks\n\nmain\n\n"
    assert imported == "\n\n## Import\n\nsecond\n\n"
    assert peer_part == "\n\n# Peer\n\npeer\n"


def test_the_targets_table_judges_each_row_from_the_runs() -> None:
    the_cases = [c for c in peer.cases(date(2026, 12, 1), 2000, 300) if c.key in {
        "chart-medium", "scores-cached"}]  # fmt: skip

    def run(rps: float, p50: float, p99: float) -> peer.Cell:
        return peer.Cell([peer.Run(rps=rps, p50=p50, p99=p99)])

    cells = {
        # The chart: above the peer at 1 client, below it at 8; its tail 4x at 8 clients; 1.2x
        # its floor at one client; the floor 0.5x the peer's p50.
        ("chart-medium", 1, "stakegraph"): run(12.0, 12.0, 20.0),
        ("chart-medium", 1, "peer"): run(10.0, 20.0, 30.0),
        ("chart-medium", 1, "floor"): run(20.0, 10.0, 12.0),
        ("chart-medium", 8, "stakegraph"): run(9.0, 100.0, 400.0),
        ("chart-medium", 8, "peer"): run(10.0, 80.0, 100.0),
        # The hits: 6x and 4x the peer.
        ("scores-cached", 1, "stakegraph"): run(600.0, 1.0, 2.0),
        ("scores-cached", 1, "peer"): run(100.0, 5.0, 9.0),
        ("scores-cached", 8, "stakegraph"): run(800.0, 9.0, 18.0),
        ("scores-cached", 8, "peer"): run(200.0, 30.0, 40.0),
    }
    sizes = peer.Sizes(accounts=1, people=1, touchpoints=1, relationships=1)
    outcome = peer.Outcome(sizes, the_cases, (1, 8), 1.0, 1.0, 1, cells, {}, {})
    rows = {
        tuple(cell.strip() for cell in line.strip("|").split("|"))
        for line in peer.targets(outcome)
        if line.startswith("| ") and "---" not in line and not line.startswith("| target")
    }
    chart, hits = "org chart, 300 people", "one account's stored scores, repeated (cache hits)"
    assert rows == {
        ("throughput >= 1x the peer at 1, 8 clients (the lowest)", chart, "0.90x", "no"),
        ("p99 <= 3x p50 at 8 clients", chart, "4.00x", "no"),
        ("p50 at 1 client <= 1.3x its own Cypher floor", chart, "1.20x", "yes"),
        ("the org chart's Cypher floor p50 <= 1x the peer's p50 at 1 client", chart, "0.50x",
         "yes"),
        ("throughput >= 5x the peer at 1, 8 clients (the lowest)", hits, "4.00x", "no"),
        ("p99 <= 3x p50 at 8 clients", hits, "2.00x", "yes"),
    }  # fmt: skip
    assert "(3 of 6 met;" in peer.targets(outcome)[0]
