"""One home's random source: numpy's ``Generator`` for vectors, Python's ``random`` for scalars.

Scalar draws through numpy cost microseconds each, which dominates generating thousands of
homes; this class offers the numpy method names used here, answering scalars from a
``random.Random`` seeded from the home's numpy generator (so everything stays deterministic).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

import numpy as np


class Rand:
    """Deterministic random draws for one home (seeded by ``[seed, index]``)."""

    def __init__(self, key: Sequence[int]) -> None:
        self.np = np.random.default_rng(list(key))
        self.py = random.Random(int(self.np.integers(0, 2**63 - 1)))

    def random(self) -> float:
        """Uniform in [0, 1)."""
        return self.py.random()

    def integers(self, low: int, high: int | None = None, size: int | None = None) -> Any:
        """Integers in [low, high) like numpy's (a list for ``size``)."""
        if high is None:
            low, high = 0, low
        span, rnd = high - low, self.py.random
        if size is not None:
            return [low + int(rnd() * span) for _ in range(size)]
        return low + int(rnd() * span)

    def choice(self, a: int | Sequence[Any], size: int | None = None, replace: bool = True,
               p: Sequence[float] | None = None) -> Any:
        """Like numpy's ``choice`` for an int range or a sequence (indices returned for an int)."""
        items = range(a) if isinstance(a, int) else a
        if size is None:
            if p is None:
                return items[int(self.py.random() * len(items))]
            u = self.py.random() * sum(p)
            for item, weight in zip(items, p, strict=False):
                u -= weight
                if u < 0:
                    return item
            return items[len(p) - 1]
        if not replace:
            return self.py.sample(list(items), size)
        return self.py.choices(items, weights=p, k=size)

    def exponential(self, scale: float) -> float:
        """Exponential with mean ``scale``."""
        return self.py.expovariate(1.0 / scale)

    def lognormal(self, mean: float, sigma: float) -> float:
        """Log-normal with the given log-mean and log-sigma."""
        return self.py.lognormvariate(mean, sigma)

    def gamma(self, shape: float, scale: float) -> float:
        """Gamma variate."""
        return self.py.gammavariate(shape, scale)

    def poisson(self, lam: Any) -> Any:
        """Poisson counts: arrays from numpy, a scalar (small mean) by Knuth's method."""
        if isinstance(lam, (int, float)):
            limit, count, product = math.exp(-lam), 0, self.py.random()
            while product > limit:
                count += 1
                product *= self.py.random()
            return count
        return self.np.poisson(lam)
