"""arora2019, footnote 3: general kappa costs an extra factor 1/kappa^2 in the width.

Statement (our words). Du et al. (2018c) prove Theorem 3.1 for kappa = 1; the
paper asserts that for a general initialisation scale kappa the same proof
goes through when the width requirement is multiplied by 1/kappa^2, i.e.
m = Omega(n^6/(lambda_0^4 kappa^2 delta^3)).

Why kappa enters. In Du et al.'s argument the first layer moves by a
kappa-independent O(1/sqrt(m)) per neuron, while an activation pattern
I_{r,i} flips once the movement exceeds |w_r(0)^T x_i|, a N(0, kappa^2)
variable; the fraction of flipped patterns, which controls how far H(k)
drifts from H(0), is then of order 1/(kappa sqrt(m)). Keeping it fixed
requires m proportional to kappa^-2.

Checks
------
* ``width_factor`` (symbolic, one step): Theorem 3.1's printed width divided
  by Du et al.'s kappa = 1 width (as ji2020 quotes it) is exactly kappa^-2:
  the footnote and the theorem agree as printed, which says nothing yet about
  whether the factor suffices.
* ``flip_scaling`` (empirical): n = 10 unit inputs in d = 5, random +-1
  labels, eta = 1/lambda_max(H_inf), 1.5/(eta lambda_0) GD steps, at most
  300 (the loss along the slowest eigenvector down by about e^-3); on a grid
  of kappa in {1, 1/2, 1/4} and m in {1024, 2048, 4096, 8192} (kappa down to
  1/8 and m up to 65536 in the full tier; only grid points with
  kappa sqrt(m) >= 8, the lazy regime), the fraction F of indicators I_{r,i}
  that differ between W(0) and the end of the run. For each of 4 data sets
  (6 in the full tier) we fit log F = c + a log m + b log kappa by least
  squares; the exponent e = -b/a of the width that keeps F fixed,
  m ~ kappa^e, is averaged over the data sets with a 95% Student-t interval
  (a bootstrap within one data set misses the spread between data sets,
  about 0.2 here); the footnote predicts e = -2. The footnote states a price
  that suffices, so the test is one-sided: refuted only when the whole
  interval lies below the stated exponent (the width must grow faster than
  the footnote allows); otherwise reproduced, the details saying whether the
  interval contains the exponent or lies above it (some slack).
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from numerics.data import sphere
from numerics.kernels import h_inf
from numerics.nets import init_two_layer, train
from numerics.stats import mean_ci
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="arora2019.remark_fn3_kappa", paper="arora2019", label="Footnote 3", section="3.2",
    kind="remark",
    statement=("Extending Du et al.'s kappa = 1 result to a general initialisation scale kappa "
               "multiplies the required width by 1/kappa^2."),
    depends_on=["arora2019.thm_3_1"],
)

PAPER_EXPONENT = -2          # m ~ kappa^-2
n_, lam0, kap, dlt = sp.symbols("n lambda0 kappa delta", positive=True)


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def width_factor(ctx, exponent=PAPER_EXPONENT):
    """Theorem 3.1's width over Du et al.'s (kappa = 1) width."""
    printed = n_ ** 6 / (lam0 ** 4 * kap ** 2 * dlt ** 3)
    du = n_ ** 6 / (lam0 ** 4 * dlt ** 3)                  # ji2020's quotation of Du et al.
    factor = sp.simplify(printed / du)
    gap = sp.simplify(factor - kap ** exponent)
    observed = {"m_3.1 / m_Du": str(factor), "minus kappa^e": str(gap)}
    expected = f"m_3.1 / m_Du = kappa^{exponent}"
    if gap != 0:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details="Theorem 3.1's width is not Du et al.'s times this factor")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details="the printed width of Theorem 3.1 is Du et al.'s (quoted by ji2020 as "
                            "n^6/(lambda0^4 delta^3)) times exactly kappa^-2.")


def flip_fraction(ctx, X, y, eta, steps, m, kappa, seeds):
    batch = init_two_layer(seeds, m, X.shape[1], kappa=kappa, second_layer="sign", scale="1/sqrt(m)",
                           seed=[int(s) for s in ctx.rng.integers(2**31, size=seeds)])
    U0 = batch.U.clone()
    hist = train(batch, torch.as_tensor(X), torch.as_tensor(y), loss="square", lr=eta, steps=steps,
                 train_layers="first", record=("loss",), device=ctx.device)
    Xt = torch.as_tensor(X).to(hist.batch.U)
    U1 = hist.batch.U
    F = ((U0.to(U1) @ Xt.T >= 0) != (U1 @ Xt.T >= 0)).double().mean((1, 2)).cpu().numpy()
    return F, hist.loss[-1] / hist.loss[0]


def exponent_fit(m, kappa, F, n_boot=2000, seed=0):
    """OLS of log F on (1, log m, log kappa) and the bootstrap interval of e = -b/a."""
    A = np.c_[np.ones(len(F)), np.log(m), np.log(kappa)]
    yv = np.log(F)
    coef = np.linalg.lstsq(A, yv, rcond=None)[0]
    rng = np.random.default_rng(seed)
    es = []
    while len(es) < n_boot:
        idx = rng.integers(0, len(F), size=len(F))
        if np.linalg.matrix_rank(A[idx]) < 3:
            continue
        c = np.linalg.lstsq(A[idx], yv[idx], rcond=None)[0]
        es.append(-c[2] / c[1])
    lo, hi = np.quantile(es, [0.025, 0.975])
    return coef, -coef[2] / coef[1], float(lo), float(hi)


@CLAIM.check(method="empirical", tier="quick", established="reproduced")
def flip_scaling(ctx, exponent=PAPER_EXPONENT):
    """The width that keeps the flipped-pattern fraction fixed scales like kappa^e."""
    n, d = 10, 5
    kappas = ctx.pick([1.0, 0.5, 0.25], [1.0, 0.5, 0.25, 0.125])
    widths = ctx.pick([1024, 2048, 4096, 8192], [1024, 4096, 16384, 65536])
    seeds = ctx.pick(1, 2)
    data_sets = ctx.pick(4, 6)
    fits, table = [], []
    for ds in range(data_sets):
        X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
        y = ctx.rng.choice([-1.0, 1.0], size=n)
        lam = np.linalg.eigvalsh(h_inf(X))
        eta = 1.0 / lam[-1]
        steps = int(min(np.ceil(1.5 / (eta * lam[0])), 300))   # slowest loss component ~e^-3
        ms, ks, Fs = [], [], []
        for kappa in kappas:
            for m in widths:
                if kappa * np.sqrt(m) < 8:
                    continue
                F, shrink = flip_fraction(ctx, X, y, eta, steps, m, kappa, seeds)
                ms += [m] * seeds
                ks += [kappa] * seeds
                Fs += F.tolist()
                table.append({"data set": ds, "kappa": kappa, "m": m, "kappa^2 m": kappa ** 2 * m,
                              "flipped fraction": F.tolist(), "final/initial loss": shrink.tolist()})
        coef, e, lo_ds, hi_ds = exponent_fit(np.array(ms, float), np.array(ks), np.array(Fs),
                                             n_boot=400, seed=ctx.seed + ds)   # reported only
        fits.append({"data set": ds, "steps": steps, "eta": float(eta), "a (log m)": float(coef[1]),
                     "b (log kappa)": float(coef[2]), "e = -b/a": float(e),
                     "within-data-set bootstrap": [lo_ds, hi_ds]})
    es = [f["e = -b/a"] for f in fits]
    e, lo, hi = mean_ci(es, level=0.95)
    a_mean = float(np.mean([f["a (log m)"] for f in fits]))
    b_mean = float(np.mean([f["b (log kappa)"] for f in fits]))
    observed = {"e = -b/a, mean over data sets with 95% t interval": [e, lo, hi],
                "per data set": fits}
    expected = f"width keeping the flip fraction fixed ~ kappa^{exponent}"
    setting = (f"{data_sets} data sets (n = {n}, d = {d}, random +-1 labels), {seeds} net(s) per "
               "(kappa, m)")
    if hi >= exponent:
        slack = ("contains the stated exponent" if lo <= exponent else
                 "lies above it: the stated factor suffices with some slack on this grid (the "
                 "initial residual ||y - u(0)||, larger at kappa near 1, moves the weights "
                 "further there)")
        return Evidence(
            verdict="reproduced", expected=expected, observed=observed, table=table,
            interval=[lo, hi],
            constants=[Constant(name="flip fraction ~ A / (kappa sqrt(m))",
                                where="footnote 3 (mechanism of the 1/kappa^2 factor)", stated="-",
                                found=f"a = {a_mean:.3f}, b = {b_mean:.3f} (means over data sets)",
                                how="least squares over the (kappa, m) grid, one fit per data set")],
            details=f"log F = c + a log m + b log kappa fitted per data set (mean a = {a_mean:.3f}, "
                    f"b = {b_mean:.3f}): the width that holds F fixed scales like kappa^{e:.2f}; "
                    f"the 95% t interval over data sets [{lo:.2f}, {hi:.2f}] {slack}. {setting}.")
    return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                    interval=[lo, hi],
                    details=f"the width needed scales like kappa^{e:.2f} [{lo:.2f}, {hi:.2f}], "
                            f"faster than kappa^{exponent}: that factor does not suffice. {setting}.")


CLAIM.plant("width_factor", "extra factor 1/kappa instead of 1/kappa^2", exponent=-1)
CLAIM.plant("flip_scaling", "extra factor 1/kappa instead of 1/kappa^2", exponent=-1)
CLAIM.plant("flip_scaling", "no extra factor (width free of kappa)", exponent=0)
