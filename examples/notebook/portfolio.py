"""Pull the portfolio and one account's stakeholder map into pandas and plot the scores.

Runs as a script or cell by cell in a notebook; it uses only the public GraphQL API:

    STAKEGRAPH_URL=http://127.0.0.1:8000 STAKEGRAPH_API_KEY=sgk_... \\
        python examples/notebook/portfolio.py --account acc-northwind --out portfolio.png

(`make run` needs no key on 127.0.0.1.) Writes the plot and prints both tables.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import httpx
import matplotlib

matplotlib.use("Agg")  # no display needed: the plot goes to a file

import matplotlib.pyplot as plt
import pandas as pd

PORTFOLIO = """
query Portfolio($after: String) {
  accounts(first: 100, after: $after, orderBy: {field: NAME, direction: ASC}) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      accountId name tier annualRevenue
      breadthScore dependencyScore executiveScore riskFlagCodes
    } }
  }
}
"""

STAKEHOLDERS = """
query Stakeholders($id: ID!) {
  account(id: $id) {
    name
    stakeholderMap {
      person { personId name title }
      roles seniority department perception isKeyStakeholder bestStrength lastTouchpoint
    }
  }
}
"""


def graphql(http: httpx.Client, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = http.post("/graphql", json={"query": query, "variables": variables})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    data: dict[str, Any] = body["data"]
    return data


def portfolio(http: httpx.Client) -> pd.DataFrame:
    """Every account with its stored scores, one row each (pages of 100)."""
    rows, after = [], None
    while True:
        page = graphql(http, PORTFOLIO, {"after": after})["accounts"]
        for edge in page["edges"]:
            node = edge["node"]
            rows.append(
                {
                    "account": node["accountId"],
                    "name": node["name"],
                    "tier": node["tier"],
                    "revenue": node["annualRevenue"],
                    "breadth": node["breadthScore"],
                    "dependency": node["dependencyScore"],
                    "executive": node["executiveScore"],
                    "flags": ", ".join(node["riskFlagCodes"]),
                }
            )
        if not page["pageInfo"]["hasNextPage"]:
            return pd.DataFrame(rows)
        after = page["pageInfo"]["endCursor"]


def stakeholders(http: httpx.Client, account_id: str) -> pd.DataFrame:
    account = graphql(http, STAKEHOLDERS, {"id": account_id})["account"]
    return pd.DataFrame(
        [
            {
                "person": row["person"]["name"],
                "title": row["person"]["title"],
                "roles": ", ".join(row["roles"]),
                "seniority": row["seniority"],
                "key": row["isKeyStakeholder"],
                "strength": row["bestStrength"],
                "last touchpoint": row["lastTouchpoint"],
            }
            for row in account["stakeholderMap"]
        ]
    )


def plot(accounts: pd.DataFrame, path: Path) -> None:
    """Breadth against champion dependency, one dot per account, sized by tier."""
    figure, axes = plt.subplots(figsize=(8, 6))
    axes.scatter(accounts["breadth"], accounts["dependency"], s=accounts["tier"] * 60, alpha=0.6)
    for row in accounts.itertuples():
        axes.annotate(str(row.name), (row.breadth, row.dependency), fontsize=8)
    axes.set_xlabel("relationship breadth")
    axes.set_ylabel("champion dependency")
    axes.set_title("Portfolio: breadth vs dependency (dot size: tier)")
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--account", default="acc-northwind")
    parser.add_argument("--out", type=Path, default=Path("portfolio.png"))
    args = parser.parse_args()
    headers = {}
    if key := os.environ.get("STAKEGRAPH_API_KEY"):
        headers["Authorization"] = f"Bearer {key}"
    base = os.environ.get("STAKEGRAPH_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        accounts = portfolio(http)
        people = stakeholders(http, args.account)
    plot(accounts, args.out)
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(accounts.to_string(index=False))
        print()
        print(people.to_string(index=False))
    print(f"\nplot: {args.out} ({len(accounts)} accounts)")


if __name__ == "__main__":
    main()
