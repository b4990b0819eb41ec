"""Risk flags for scores past the levels an account manager set (``ThresholdConfig``)."""

from __future__ import annotations

from scoring.config import ThresholdConfig
from scoring.results import RiskFlag
from scoring.vocabulary import RiskFlagCode, Severity


def _past(
    code: RiskFlagCode, what: str, value: float, level: float | None, below: bool, setting: str
) -> RiskFlag | None:
    if level is None or not (value < level if below else value > level):
        return None
    side, sign = ("below", "<") if below else ("above", ">")
    return RiskFlag(
        code,
        Severity.MEDIUM,
        f"{what} is {value:g}, {side} the threshold of {level:g} set for this portfolio.",
        (),
        (f"{what.lower()} {value:g} {sign} {level:g} (SCORING thresholds.{setting})",),
    )


def threshold_flags(
    breadth: float, dependency: float, executive: float, config: ThresholdConfig
) -> tuple[RiskFlag, ...]:
    """One flag per score past its threshold: strictly under a ``_below`` level, strictly
    over an ``_above`` one; a threshold left unset raises nothing."""
    found = (
        _past(
            RiskFlagCode.BREADTH_BELOW_THRESHOLD,
            "Relationship breadth",
            breadth,
            config.breadth_below,
            True,
            "breadth_below",
        ),
        _past(
            RiskFlagCode.DEPENDENCY_ABOVE_THRESHOLD,
            "Champion dependency",
            dependency,
            config.dependency_above,
            False,
            "dependency_above",
        ),
        _past(
            RiskFlagCode.EXECUTIVE_ACCESS_BELOW_THRESHOLD,
            "Executive access",
            executive,
            config.executive_below,
            True,
            "executive_below",
        ),
    )
    return tuple(flag for flag in found if flag is not None)
