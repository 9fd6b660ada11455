"""arora2019, equation (1): the random initialisation.

Statement (our words). Every hidden weight vector starts as an independent
Gaussian w_r(0) ~ N(0, kappa^2 I) and every output weight as an independent
fair sign a_r in {-1, +1}; kappa in (0, 1] sets the scale.

Consequences used later (Theorem 3.1's Phi(W(0)) = O(n/delta), the small-kappa
regime of Theorem 4.1): the initial outputs u_i(0) have mean 0 and
covariance E u_i(0) u_j(0) = kappa^2 E_g[relu(g^T x_i) relu(g^T x_j)]
= kappa^2 k1(x_i, x_j)/2 with k1 the degree-1 arc-cosine kernel; on the
diagonal, kappa^2/2 for unit inputs.

Checks
------
``initial_distribution`` (statistical): many nets drawn by the engine's
``init_two_layer`` at kappa = 0.3 and 1: the variance of the first-layer
entries against kappa^2 (chi-square interval), their mean against 0, the
second layer's values (exactly +-1) and its fraction of +1 (Clopper-Pearson
interval around 1/2); and the empirical covariance of u(0) on 6 unit inputs
against kappa^2 k1/2 from the kernel engine's closed form, each entry within
its Bonferroni-corrected 99.9% normal band.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch
from scipy import stats

from numerics.data import sphere
from numerics.kernels import arccos_kernel
from numerics.nets import init_two_layer
from numerics.stats import binomial_ci
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.eq_1", paper="arora2019", label="Equation (1)", section="3.1", kind="assumption",
    statement=("At initialisation w_r(0) ~ N(0, kappa^2 I) and a_r uniform on {-1, +1}, all "
               "independent, with 0 < kappa <= 1."),
)

PAPER_W_VARIANCE = "kappa**2"
PAPER_SIGNS = (-1.0, 1.0)
LEVEL = 0.999


@CLAIM.check(method="statistical", tier="quick", established="confirmed")
def initial_distribution(ctx, w_variance=PAPER_W_VARIANCE, signs=PAPER_SIGNS):
    """The engine's initial law and the covariance of u(0) against the printed law."""
    n, d, m, nets = 6, 5, 256, ctx.pick(400, 2000)
    X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
    rows, failures = [], []
    tests = 0
    for kappa in (0.3, 1.0):
        var_printed = float(sp.sympify(w_variance).subs(sp.Symbol("kappa"), kappa))
        batch = init_two_layer(nets, m, d, kappa=kappa, second_layer="sign", scale="1/sqrt(m)",
                               seed=int(ctx.rng.integers(2**31)))
        U, a = batch.U.numpy(), batch.w.numpy()
        N = U.size
        s2 = float(U.var(ddof=1))
        alpha = 1 - LEVEL
        lo = s2 * (N - 1) / stats.chi2.ppf(1 - alpha / 2, N - 1)
        hi = s2 * (N - 1) / stats.chi2.ppf(alpha / 2, N - 1)
        mean_z = float(U.mean() / np.sqrt(s2 / N))
        values_ok = bool(np.isin(a, signs).all())
        k_plus = int((a == max(signs)).sum())
        p_lo, p_hi = binomial_ci(k_plus, a.size, level=LEVEL)
        # covariance of the initial outputs against kappa^2 k1/2
        u0 = batch.forward(torch.as_tensor(X)).numpy()              # (nets, n)
        prod = u0[:, :, None] * u0[:, None, :]
        emp, se = prod.mean(0), prod.std(0, ddof=1) / np.sqrt(nets)
        target = var_printed * arccos_kernel(X, degree=1) / 2
        tests += 4
        zc = stats.norm.ppf(1 - alpha / (2 * n * n))
        zmax = float(np.abs((emp - target) / se).max())
        rows.append({"kappa": kappa, "printed Var w": var_printed,
                     f"Var w {LEVEL:.1%} CI": [lo, hi], "mean z-score": mean_z,
                     "a in {-1,+1}": values_ok, "P(a=+1) CI": [p_lo, p_hi],
                     "E u_i u_j: max |z|": zmax, "z crit": float(zc),
                     "E u_i(0)^2 (mean of diagonal)": float(np.diag(emp).mean()),
                     "printed E u_i^2": var_printed / 2})
        if not lo <= var_printed <= hi:
            failures.append(f"kappa = {kappa}: Var of w entries CI [{lo:.4g}, {hi:.4g}] excludes "
                            f"{var_printed:.4g}")
        if abs(mean_z) > stats.norm.ppf(1 - alpha / 2):
            failures.append(f"kappa = {kappa}: mean of w entries is not 0 (z = {mean_z:.2f})")
        if not values_ok or not p_lo <= 0.5 <= p_hi:
            failures.append(f"kappa = {kappa}: second layer is not a fair sign")
        if zmax > zc:
            failures.append(f"kappa = {kappa}: covariance of u(0) off kappa^2 k1/2 (|z| = {zmax:.2f})")
    expected = f"w_r(0) ~ N(0, {w_variance} I), a_r ~ unif{set(signs)}; E u(0)u(0)^T = Var(w) k1/2"
    if failures:
        return Evidence(verdict="refuted", expected=expected, observed=failures, table=rows,
                        details="; ".join(failures))
    return Evidence(verdict="confirmed", expected=expected, table=rows,
                    observed={"all tests pass": tests},
                    tolerance=f"{LEVEL:.1%} intervals (Bonferroni over the covariance entries)",
                    details=f"{nets} nets of width {m} per kappa: the engine draws the printed law "
                            "and the initial outputs have covariance kappa^2 k1/2 (kappa^2/2 on "
                            "the diagonal).")


CLAIM.plant("initial_distribution", "variance kappa instead of kappa^2 (std/variance mix-up)",
            w_variance="kappa")
CLAIM.plant("initial_distribution", "second layer uniform on {0, 1}", signs=(0.0, 1.0))
