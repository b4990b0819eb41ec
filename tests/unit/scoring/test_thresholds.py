"""Threshold flags: a score strictly past the level set raises its flag; unset levels nothing."""

from __future__ import annotations

from scoring.config import ThresholdConfig
from scoring.thresholds import threshold_flags
from scoring.vocabulary import RiskFlagCode


def codes(breadth: float, dependency: float, executive: float, config: ThresholdConfig) -> set[str]:
    return {f.code for f in threshold_flags(breadth, dependency, executive, config)}


def test_nothing_is_raised_until_a_level_is_set() -> None:
    assert codes(0.0, 100.0, 0.0, ThresholdConfig()) == set()


def test_each_score_is_judged_strictly_against_its_own_level() -> None:
    levels = ThresholdConfig(breadth_below=40, dependency_above=70, executive_below=30)
    assert codes(39.9, 70.1, 29.9, levels) == {
        RiskFlagCode.BREADTH_BELOW_THRESHOLD,
        RiskFlagCode.DEPENDENCY_ABOVE_THRESHOLD,
        RiskFlagCode.EXECUTIVE_ACCESS_BELOW_THRESHOLD,
    }
    # On the level itself: not past it.
    assert codes(40.0, 70.0, 30.0, levels) == set()
    assert codes(55.0, 71.0, 80.0, levels) == {RiskFlagCode.DEPENDENCY_ABOVE_THRESHOLD}


def test_the_evidence_gives_the_score_and_the_level() -> None:
    (flag,) = threshold_flags(32.5, 10.0, 90.0, ThresholdConfig(breadth_below=40))
    assert flag.message == (
        "Relationship breadth is 32.5, below the threshold of 40 set for this portfolio."
    )
    assert flag.evidence == ("relationship breadth 32.5 < 40 (SCORING thresholds.breadth_below)",)
    assert flag.person_ids == ()
