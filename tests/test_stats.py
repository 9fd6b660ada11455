"""Tests of numerics.stats against known values, exact coverage and planted laws."""

import math

import numpy as np
import pytest
from scipy import stats as st

from numerics import stats


# ---------------------------------------------------------------------------
# binomial_ci
# ---------------------------------------------------------------------------


def test_clopper_pearson_closed_forms_at_the_ends():
    lo, hi = stats.binomial_ci(0, 10)
    assert lo == 0.0
    assert hi == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)
    lo, hi = stats.binomial_ci(10, 10)
    assert hi == 1.0
    assert lo == pytest.approx(0.025 ** (1 / 10), rel=1e-12)
    # one-sided level 1 - alpha/2 = 0.995 at k = 0: the "rule of three"-like bound
    assert stats.binomial_ci(0, 100, level=0.99)[1] == pytest.approx(1 - 0.005 ** (1 / 100), rel=1e-12)


def test_clopper_pearson_and_wilson_table_values():
    lo, hi = stats.binomial_ci(5, 10)
    assert (lo, hi) == (pytest.approx(0.187086, abs=1e-6), pytest.approx(0.812914, abs=1e-6))
    lo, hi = stats.binomial_ci(5, 10, method="wilson")
    assert (lo, hi) == (pytest.approx(0.236593, abs=1e-6), pytest.approx(0.763407, abs=1e-6))
    # Wilson is narrower than the exact interval here
    assert hi - lo < 0.812914 - 0.187086


def test_clopper_pearson_exact_coverage_is_at_least_level():
    n, level = 20, 0.9
    ints = [stats.binomial_ci(k, n, level=level) for k in range(n + 1)]
    for p in np.linspace(0.005, 0.995, 199):
        cover = sum(st.binom.pmf(k, n, p) for k, (lo, hi) in enumerate(ints) if lo <= p <= hi)
        assert cover >= level - 1e-12, (p, cover)


def test_binomial_ci_rejects_bad_input():
    with pytest.raises(ValueError):
        stats.binomial_ci(11, 10)
    with pytest.raises(ValueError):
        stats.binomial_ci(1, 10, level=1.0)
    with pytest.raises(ValueError):
        stats.binomial_ci(1, 10, method="wald")


# ---------------------------------------------------------------------------
# mean_ci
# ---------------------------------------------------------------------------


def test_mean_ci_known_value():
    mean, lo, hi = stats.mean_ci([1, 2, 3, 4, 5])
    half = st.t.ppf(0.975, 4) * math.sqrt(2.5) / math.sqrt(5)
    assert mean == 3.0
    assert (lo, hi) == (pytest.approx(3 - half, rel=1e-12), pytest.approx(3 + half, rel=1e-12))
    assert half == pytest.approx(1.963243, abs=1e-6)


def test_mean_ci_coverage_by_simulation():
    rng = np.random.default_rng(0)
    reps, n, mu = 4000, 8, 1.7
    hits = 0
    for _ in range(reps):
        _, lo, hi = stats.mean_ci(rng.normal(mu, 2.0, size=n), level=0.9)
        hits += lo <= mu <= hi
    # 0.9 +- 3.5 binomial standard errors (sd = 0.0047)
    assert abs(hits / reps - 0.9) < 0.017


def test_mean_ci_needs_two_samples():
    with pytest.raises(ValueError):
        stats.mean_ci([1.0])


# ---------------------------------------------------------------------------
# loglog_slope
# ---------------------------------------------------------------------------


def test_loglog_slope_recovers_planted_exponent_two():
    rng = np.random.default_rng(1)
    x = np.repeat(np.geomspace(10, 1000, 8), 3)
    y = 3.0 * x**2 * np.exp(rng.normal(0, 0.1, size=x.size))
    fit = stats.loglog_slope(x, y, n_boot=2000, seed=0)
    assert fit.lo <= 2.0 <= fit.hi
    assert fit.hi - fit.lo < 0.2
    assert stats.exponent_consistent(fit, 2.0)
    assert not stats.exponent_consistent(fit, 1.0)
    assert fit.constant == pytest.approx(3.0, rel=0.3)
    # deterministic given the seed
    assert stats.loglog_slope(x, y, n_boot=2000, seed=0) == fit


def test_loglog_slope_exact_power_law_has_zero_width():
    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    fit = stats.loglog_slope(x, 5 * x**-0.5, n_boot=200)
    assert fit.slope == pytest.approx(-0.5, abs=1e-12)
    assert fit.lo == pytest.approx(-0.5, abs=1e-9) and fit.hi == pytest.approx(-0.5, abs=1e-9)
    assert fit.constant == pytest.approx(5.0, rel=1e-12)


def test_loglog_slope_rejects_nonpositive_values():
    with pytest.raises(ValueError):
        stats.loglog_slope([1, 2, 3], [1.0, 0.0, 2.0])
    with pytest.raises(ValueError):
        stats.loglog_slope([2, 2, 2], [1.0, 2.0, 3.0])


# ---------------------------------------------------------------------------
# smallest_consistent_constant
# ---------------------------------------------------------------------------


def test_smallest_constant_for_a_correct_rate_is_bounded():
    rng = np.random.default_rng(2)
    m = np.repeat([64, 256, 1024, 4096, 16384], 4).astype(float)
    values = 2.5 / np.sqrt(m) * rng.uniform(0.6, 1.0, size=m.size)
    fit = stats.smallest_consistent_constant(m, values, lambda s: s**-0.5)
    assert fit.C == pytest.approx(np.max(values * np.sqrt(m)), rel=1e-12)
    assert fit.C <= 2.5
    assert np.all(values <= fit.C * m**-0.5 * (1 + 1e-12))
    assert fit.bounded is True


def test_smallest_constant_for_a_too_fast_rate_grows():
    m = np.array([64, 256, 1024, 4096, 16384], dtype=float)
    values = m**-0.25  # claimed rate 1/sqrt(m) is too optimistic
    fit = stats.smallest_consistent_constant(m, values, lambda s: 1 / math.sqrt(s))
    assert fit.argmax_size == 16384
    assert fit.trend.slope == pytest.approx(0.25, abs=1e-9)
    assert fit.bounded is False


def test_smallest_constant_without_a_trend():
    fit = stats.smallest_consistent_constant([10, 20], [1.0, 1.0], lambda s: 1.0)
    assert fit.C == 1.0 and fit.trend is None and fit.bounded is None
