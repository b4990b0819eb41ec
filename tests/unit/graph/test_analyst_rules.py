"""The rules on analyst Cypher plans, step by step (the server side is in the integration tests)."""

from graph.analyst import refusal


def test_plain_reads_and_schema_procedures_pass() -> None:
    plan = [
        ("ProduceResults", "n"),
        ("Filter", "n.tier = $tier"),
        ("NodeByLabelScan", "n:Account"),
        ("ProcedureCall", "db.labels() :: (label :: STRING)"),
        ("ShowIndexes", "name, type"),
    ]
    assert refusal(plan) is None


def test_load_csv_anywhere_in_the_plan_is_refused() -> None:
    why = refusal([("ProduceResults", "row"), ("Apply", ""), ("LoadCSV", "line")])
    assert why is not None and "LOAD CSV" in why


def test_unlisted_procedures_are_refused_by_name() -> None:
    why = refusal([("ProcedureCall", "dbms.listConfig() :: (name :: STRING)")])
    assert why is not None and "dbms.listConfig" in why
    assert refusal([("ProcedureCall", "db.labelsX() :: (x :: STRING)")]) is not None


def test_server_commands_other_than_schema_listings_are_refused() -> None:
    assert refusal([("ShowTransactions", "")]) is not None
    assert refusal([("TerminateTransactions", "")]) is not None
    assert refusal([("ShowSettings", "")]) is not None
    assert refusal([("ShowConstraints", "")]) is None


def test_administration_commands_and_non_read_queries_are_refused() -> None:
    # SHOW USERS / SHOW DATABASES plan as one step on the system database, of type "s".
    why = refusal([("AdministrationCommand", "")], "s")
    assert why is not None and "administration" in why
    assert refusal([("AdministrationCommand", "")], "r") is not None
    assert refusal([("ProduceResults", ""), ("ProcedureCall", "db.labels()")], "s") is not None
    assert refusal([("ProduceResults", "")], "r") is None


def test_syntax_errors_are_located_in_the_analysts_query() -> None:
    from graph.analyst import located

    planned = (
        "Invalid input 'RETURN': expected ... (line 1, column 18 (offset: 17))\n"
        '"EXPLAIN MATCH (n RETURN n"\n'
        "                  ^"
    )
    assert located(planned) == (
        "Invalid input 'RETURN': expected ... (line 1, column 10 (offset: 9))\n"
        '"MATCH (n RETURN n"\n'
        "          ^"
    )
    # Past the first line only the offset moves.
    assert located("x (line 3, column 4 (offset: 40))") == "x (line 3, column 4 (offset: 32))"
