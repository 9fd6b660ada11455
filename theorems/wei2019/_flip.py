"""Shared sampling loop of Lemmas B.4 and B.5: the smallest constant in |difference| <= c/d^a.

For each d, draw x from D and z from the cube, compute the two flip differences,
record the sample maximum of d^a |difference| (the smallest constant consistent with
the data) and the tail frequency at a reference constant with its Clopper-Pearson
interval around the exact binomial probability; fit the log-log slope of the
constants where the asymptotics apply (d >= 100), and the exponential rate at which
the exact tail at the reference constant decays in d (the 1 - exp(-Omega(d)) part).
"""
from __future__ import annotations

import numpy as np

from numerics.data import hypercube, wei2019_D
from numerics.stats import binomial_ci, loglog_slope


def pair_angle(A, B):
    """Angle between rows a_i, b_i: theta = 2 atan2(|a^ - b^|, |a^ + b^|) of the unit rows
    (stable for all angles), with the row norms |a_i|, |b_i|."""
    na, nb = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    Ah, Bh = A / na[:, None], B / nb[:, None]
    theta = 2 * np.arctan2(np.linalg.norm(Ah - Bh, axis=1), np.linalg.norm(Ah + Bh, axis=1))
    return theta, na, nb


def tail_decay_rate(rows):
    """-slope of log(exact tail probability) against d: > 0 means exp(-Omega(d)) decay."""
    pts = [(r["d"], r["exact probability"]) for r in rows if r["exact probability"] > 0]
    if len(pts) < 3:
        return float("nan")
    return float(-np.polyfit([p[0] for p in pts], np.log([p[1] for p in pts]), 1)[0])


def flip_differences(X, Z, kernel_pairs):
    """The two differences of Lemmas B.4/B.5 for each pair (x_i, z_i).

    With k = ``kernel_pairs`` (row-wise kernel values k(a_i, b_i)) and
    z^(j, s) the point with coordinate j set to s, the other of the first two
    set to 0 and the rest z: |k(x, z^(j,+1)) + k(x, z^(j,-1)) - 2 k(x~, z^(1,+1))|
    for j = 1, 2, where x~ = (0, 1, x_{-2}).
    """
    n = len(X)
    col = lambda s: np.full((n, 1), s)  # noqa: E731
    zero = np.zeros((n, 1))
    first = lambda s: np.hstack([col(s), zero, Z])  # noqa: E731
    second = lambda s: np.hstack([zero, col(s), Z])  # noqa: E731
    tilde = kernel_pairs(np.hstack([zero, col(1.0), X[:, 2:]]), first(1.0))
    d1 = kernel_pairs(X, first(1.0)) + kernel_pairs(X, first(-1.0)) - 2 * tilde
    d2 = kernel_pairs(X, second(1.0)) + kernel_pairs(X, second(-1.0)) - 2 * tilde
    return np.abs(d1), np.abs(d2)


def flip_constants(ctx, rate_exponent, samples, kernel_pairs, exact_tail, reference_c,
                   on_sample=None):
    """(dims, N, c_hat, rows, fit) for the lemma whose kernel is ``kernel_pairs``."""
    dims = ctx.pick([20, 50, 100, 200, 500, 1000, 2000],
                    [20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000])
    N = samples or ctx.pick(300, 2000)
    rows, c_hat = [], []
    for dim in dims:
        seed = int(ctx.rng.integers(2**31))
        X, _ = wei2019_D(N, dim, seed=seed)
        Z = hypercube(N, dim - 2, seed=seed + 1)
        d1, d2 = flip_differences(X, Z, kernel_pairs)
        if on_sample is not None:
            on_sample(X, Z)
        scaled = dim ** rate_exponent * np.maximum(d1, d2)
        c_hat.append(float(scaled.max()))
        # tail at the reference constant, only for the nontrivial case x1 = ±1
        first = np.abs(X[:, 0]) == 1
        k = int((dim * d1[first] > reference_c).sum())
        lo, hi = binomial_ci(k, int(first.sum()), level=0.99)
        p_exact = exact_tail(dim, reference_c)
        rows.append({"d": dim, "samples": N, "max d^a |diff|": c_hat[-1],
                     "median d^a |diff|": float(np.median(scaled)),
                     f"freq d|diff| > {reference_c}": k / max(1, int(first.sum())),
                     "99% CI": [lo, hi], "exact probability": p_exact,
                     "exact in CI": bool(lo - 1e-12 <= p_exact <= hi + 1e-12)})
    # below d = 100 the sample maximum still feels |nu| up to ~sqrt(2 log N / d)
    big = np.array(dims) >= 100
    fit = loglog_slope(np.array(dims, float)[big], np.array(c_hat)[big], seed=ctx.seed)
    return dims, N, c_hat, rows, fit
