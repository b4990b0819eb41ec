"""A token bucket of cost per caller, as Shopify's GraphQL API limits its clients.

Each caller's bucket holds up to ``capacity`` points and refills at ``restore_per_s``. A
request takes its requested cost up front and settles with its actual cost after; a request
whose cost is more than the bucket holds is refused with the time until it would fit. Buckets live
in the process (several processes each limit on their own).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: Callers remembered; the least recently seen (whose buckets have refilled the longest) go.
MAX_CALLERS = 10_000


@dataclass(frozen=True, slots=True)
class ThrottleState:
    maximum: int
    available: int
    restore_per_s: float

    def seconds_until(self, cost: int) -> int:
        """Whole seconds until ``cost`` points are available (at least 1 when not yet)."""
        missing = cost - self.available
        return 0 if missing <= 0 else max(1, math.ceil(missing / self.restore_per_s))

    def seconds_until_full(self) -> int:
        return self.seconds_until(self.maximum)


@dataclass(frozen=True, slots=True)
class Grant:
    allowed: bool
    state: ThrottleState


class CostThrottle:
    def __init__(
        self, capacity: int, restore_per_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.restore_per_s = restore_per_s
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _level(self, caller: str) -> float:
        now = self._clock()
        level, at = self._buckets.get(caller, (float(self.capacity), now))
        level = min(float(self.capacity), level + (now - at) * self.restore_per_s)
        self._buckets[caller] = (level, now)
        self._buckets.move_to_end(caller)
        if len(self._buckets) > MAX_CALLERS:
            self._buckets.popitem(last=False)
        return level

    def _state(self, level: float) -> ThrottleState:
        return ThrottleState(self.capacity, math.floor(level), self.restore_per_s)

    def state(self, caller: str) -> ThrottleState:
        return self._state(self._level(caller))

    def take(self, caller: str, cost: int) -> Grant:
        level = self._level(caller)
        if cost > level:
            return Grant(False, self._state(level))
        level -= cost
        self._buckets[caller] = (level, self._clock())
        return Grant(True, self._state(level))

    def settle(self, caller: str, taken: int, used: int) -> ThrottleState:
        """After the request: give back what it did not use, or take what it used beyond its
        estimate (an unpaged list longer than the default page), down to one bucket of debt."""
        level = self._level(caller) + taken - used
        level = max(-float(self.capacity), min(float(self.capacity), level))
        self._buckets[caller] = (level, self._clock())
        return self._state(level)
