"""Confidence intervals and scaling-law fits for statistical and empirical checks.

Paper-agnostic helpers behind the verdicts of DESIGN.md ("What makes a verdict
honest"):

* :func:`binomial_ci` -- an interval for a success probability (e.g. "with
  probability at least 1 - delta" claims, counted over seeds);
* :func:`mean_ci` -- a t interval for a mean over seeds;
* :func:`loglog_slope` / :func:`exponent_consistent` -- a scaling law
  ``y ~ C x^p`` fitted over a range of sizes, with a bootstrap interval for
  ``p`` that the verdict compares with the predicted exponent;
* :func:`smallest_consistent_constant` -- for a bound ``stat <= C * rate(size)``
  with a hidden constant, the smallest ``C`` the data allow and whether it
  stays bounded as the size grows.

All functions return plain floats / numpy values and are deterministic given
their ``seed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from scipy import stats as _st

__all__ = [
    "binomial_ci",
    "mean_ci",
    "LogLogFit",
    "loglog_slope",
    "exponent_consistent",
    "ConstantFit",
    "smallest_consistent_constant",
]


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level}")


# ---------------------------------------------------------------------------
# Proportions and means
# ---------------------------------------------------------------------------


def binomial_ci(k: int, n: int, level: float = 0.95, method: str = "clopper-pearson") -> tuple[float, float]:
    """Two-sided confidence interval for a binomial proportion.

    Parameters
    ----------
    k : int
        Number of successes, ``0 <= k <= n``.
    n : int
        Number of trials, ``n >= 1``.
    level : float
        Confidence level ``1 - alpha``.
    method : {"clopper-pearson", "wilson"}
        ``"clopper-pearson"``: the exact interval
        ``[Beta(alpha/2; k, n-k+1), Beta(1-alpha/2; k+1, n-k)]`` (quantiles of
        the beta distribution), with ``lo = 0`` at ``k = 0`` and ``hi = 1`` at
        ``k = n``; its coverage is at least ``level`` for every ``p``.
        ``"wilson"``: the score interval (coverage close to ``level`` on
        average, not guaranteed).

    Returns
    -------
    (lo, hi) : tuple of float
    """
    _check_level(level)
    k, n = int(k), int(n)
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"need n >= 1 and 0 <= k <= n, got k={k}, n={n}")
    alpha = 1.0 - level
    if method == "clopper-pearson":
        lo = 0.0 if k == 0 else float(_st.beta.ppf(alpha / 2, k, n - k + 1))
        hi = 1.0 if k == n else float(_st.beta.ppf(1 - alpha / 2, k + 1, n - k))
        return lo, hi
    if method == "wilson":
        z = float(_st.norm.ppf(1 - alpha / 2))
        p = k / n
        denom = 1.0 + z * z / n
        center = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        return max(0.0, center - half), min(1.0, center + half)
    raise ValueError(f"method must be 'clopper-pearson' or 'wilson', got {method!r}")


def mean_ci(samples: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided Student-t confidence interval.

    ``mean +- t_{1-alpha/2, n-1} * s / sqrt(n)`` with ``s`` the sample
    standard deviation (``ddof=1``); exact for normal samples, approximate
    otherwise.

    Parameters
    ----------
    samples : array-like of float, at least 2 finite values
    level : float

    Returns
    -------
    (mean, lo, hi) : tuple of float
    """
    _check_level(level)
    x = np.asarray(samples, dtype=float).ravel()
    if x.size < 2:
        raise ValueError("mean_ci needs at least 2 samples")
    if not np.all(np.isfinite(x)):
        raise ValueError("mean_ci got non-finite samples")
    mean = float(x.mean())
    half = float(_st.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return mean, mean - half, mean + half


# ---------------------------------------------------------------------------
# Scaling laws
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LogLogFit:
    """Least-squares fit ``log y = intercept + slope * log x``.

    Attributes
    ----------
    slope, intercept : float
        Point estimates on all points (natural logarithms).
    lo, hi : float
        Percentile bootstrap interval for ``slope`` at ``level``.
    level : float
    n_points : int
    n_boot : int
        Bootstrap resamples used (resamples with a single distinct ``x`` are
        redrawn, so this equals the request).
    """

    slope: float
    intercept: float
    lo: float
    hi: float
    level: float
    n_points: int
    n_boot: int

    @property
    def constant(self) -> float:
        """``C = exp(intercept)`` in ``y ~ C x^slope``."""
        return float(np.exp(self.intercept))


def _ols(lx: np.ndarray, ly: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the least-squares line through ``(lx, ly)``."""
    mx, my = lx.mean(), ly.mean()
    sxx = ((lx - mx) ** 2).sum()
    slope = ((lx - mx) * (ly - my)).sum() / sxx
    return float(slope), float(my - slope * mx)


def loglog_slope(
    x: Sequence[float],
    y: Sequence[float],
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> LogLogFit:
    """Fit the exponent ``p`` of ``y ~ C x^p`` with a bootstrap interval.

    The slope of the least-squares line through ``(log x_i, log y_i)``; the
    interval is the percentile interval of the slopes refitted on ``n_boot``
    resamples of the points drawn with replacement (pairs bootstrap, so
    repeated measurements at one size are welcome).  With few distinct sizes
    the interval is rough; report it with the number of points.

    Parameters
    ----------
    x, y : array-like, positive, same length (at least 3 points, 2 distinct x)
    n_boot : int
    level : float
    seed : int
        Seed of the bootstrap generator (numpy ``default_rng``).

    Returns
    -------
    LogLogFit
    """
    _check_level(level)
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in length: {x.size} vs {y.size}")
    if x.size < 3:
        raise ValueError("loglog_slope needs at least 3 points")
    if np.any(x <= 0) or np.any(y <= 0) or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("loglog_slope needs finite positive x and y")
    lx, ly = np.log(x), np.log(y)
    if np.unique(lx).size < 2:
        raise ValueError("loglog_slope needs at least 2 distinct x")
    slope, intercept = _ols(lx, ly)
    rng = np.random.default_rng(seed)
    boot = np.empty(int(n_boot))
    filled = 0
    while filled < n_boot:
        idx = rng.integers(0, lx.size, size=(int(n_boot) - filled, lx.size))
        bx, by = lx[idx], ly[idx]
        mx = bx.mean(1, keepdims=True)
        sxx = ((bx - mx) ** 2).sum(1)
        ok = sxx > 1e-12 * max(1.0, float(np.ptp(lx)) ** 2)
        s = ((bx - mx) * (by - by.mean(1, keepdims=True))).sum(1)[ok] / sxx[ok]
        boot[filled : filled + s.size] = s
        filled += s.size
    alpha = 1.0 - level
    lo, hi = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    return LogLogFit(slope, intercept, float(lo), float(hi), level, int(x.size), int(n_boot))


def exponent_consistent(fit: LogLogFit, predicted: float) -> bool:
    """Whether the predicted exponent lies in the fit's interval ``[lo, hi]``."""
    return bool(fit.lo <= predicted <= fit.hi)


# ---------------------------------------------------------------------------
# Hidden constants
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConstantFit:
    """The smallest ``C`` with ``value <= C * rate(size)`` on the data, and its trend.

    Attributes
    ----------
    C : float
        ``max_k value_k / rate(size_k)``: the smallest constant consistent
        with every observation (a lower bound on any valid hidden constant).
    argmax_size : float
        The size at which the maximum ratio occurs.
    sizes, ratios : ndarray
        ``value_k / rate(size_k)`` per observation.
    trend : LogLogFit or None
        Fit of ``log ratio`` against ``log size`` over the positive ratios:
        the exponent by which the needed constant grows with the size.
        ``None`` if fewer than 3 positive ratios or 2 distinct sizes.
    """

    C: float
    argmax_size: float
    sizes: np.ndarray
    ratios: np.ndarray
    trend: LogLogFit | None

    @property
    def bounded(self) -> bool | None:
        """Whether the data are consistent with a constant that stays bounded.

        ``True`` when the trend interval reaches zero or below (no significant
        growth of the needed constant with the size), ``False`` when the
        whole interval is positive (the constant grows: the stated rate is
        too fast); ``None`` without a trend.
        """
        if self.trend is None:
            return None
        return bool(self.trend.lo <= 0.0)


def smallest_consistent_constant(
    sizes: Sequence[float],
    values: Sequence[float],
    rate: Callable[[float], float],
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> ConstantFit:
    """Smallest constant ``C`` with ``value <= C * rate(size)`` on all data, and its trend.

    For a claim ``statistic = O(rate(size))`` or ``<= c * rate(size)`` with
    an unspecified constant: ``C = max_k value_k / rate(size_k)`` is what the
    evidence requires, and the constant is confirmed only if the ratio stays
    bounded as the size grows (DESIGN.md), judged by the log-log slope of
    the ratio against the size with a bootstrap interval
    (:func:`loglog_slope`).

    Parameters
    ----------
    sizes : array-like of positive float
        The size parameter of each observation (repeats allowed).
    values : array-like of float
        The statistic of each observation.
    rate : callable
        ``rate(size) > 0``, called on each size (a float).
    n_boot, level, seed
        Passed to :func:`loglog_slope` for the trend.

    Returns
    -------
    ConstantFit
    """
    s = np.asarray(sizes, dtype=float).ravel()
    v = np.asarray(values, dtype=float).ravel()
    if s.shape != v.shape or s.size == 0:
        raise ValueError("sizes and values must be non-empty and of equal length")
    r = np.array([float(rate(float(si))) for si in s])
    if np.any(~np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("rate(size) must be finite and positive")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite")
    ratios = v / r
    k = int(np.argmax(ratios))
    pos = ratios > 0
    trend = None
    if pos.sum() >= 3 and np.unique(s[pos]).size >= 2:
        trend = loglog_slope(s[pos], ratios[pos], n_boot=n_boot, level=level, seed=seed)
    return ConstantFit(float(ratios[k]), float(s[k]), s, ratios, trend)
