"""The cost bucket: takes up front, settles after, refills with time (a fake clock)."""

from __future__ import annotations

from schema.throttle import CostThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refuses_what_it_cannot_pay_and_says_when_it_could() -> None:
    clock = Clock()
    throttle = CostThrottle(capacity=1000, restore_per_s=100, clock=clock)
    assert throttle.take("a", 900).allowed
    refused = throttle.take("a", 300)
    assert not refused.allowed
    assert refused.state.available == 100
    assert refused.state.seconds_until(300) == 2
    clock.now += 2
    assert throttle.take("a", 300).allowed


def test_callers_have_their_own_buckets() -> None:
    throttle = CostThrottle(capacity=10, restore_per_s=1, clock=Clock())
    assert throttle.take("a", 10).allowed
    assert not throttle.take("a", 1).allowed
    assert throttle.take("b", 10).allowed


def test_settling_gives_back_the_unused_and_takes_the_overrun() -> None:
    clock = Clock()
    throttle = CostThrottle(capacity=1000, restore_per_s=10, clock=clock)
    throttle.take("a", 500)
    assert throttle.settle("a", taken=500, used=100).available == 900
    throttle.take("a", 100)
    # used far more than estimated: the bucket goes into debt, at most one bucket deep
    assert throttle.settle("a", taken=100, used=5000).available == -1000
    assert not throttle.take("a", 1).allowed
    clock.now += 200
    assert throttle.state("a").available == 1000
