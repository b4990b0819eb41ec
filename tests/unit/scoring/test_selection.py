"""scoring/selection.py: the key-account matrix; expected values are worked out by hand."""

from __future__ import annotations

import scoring
from tests.unit.scoring.builders import account


def test_key_account_matrix() -> None:
    facts = account(
        [],
        [],
        [],
        [],
        annual_revenue=250_000.0,
        expansion_potential=3,
        icp_fit=2,
        strategic_value=1,
        risk_cost_to_serve=1,
    )
    a = scoring.assess_key_account(facts)
    # revenue 2x2=4, expansion 3x3=9, icp 3x2=6, strategic 2x1=2, risk 2x(3-1)=4 → 25 ≥ 24.
    assert a.total == 25 and a.max_total == 36 and a.qualifies and a.complete
    incomplete = account([], [], [], [], annual_revenue=2e6, expansion_potential=3)
    b = scoring.assess_key_account(incomplete)
    assert not b.complete and not b.qualifies
