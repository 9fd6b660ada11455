"""wei2019, Theorem B.1: with n <~ d^2 samples every NTK predictor keeps a constant test error.

Statement (our words). Let D be the distribution of Section 2 (signal in the
first two coordinates, d - 2 random signs). For n at most a constant times
d^2, with probability 1 - exp(-Omega(sqrt n)) over the sample, no kernel
predictor f(x) = sum_i beta_i K(x_i, x) (K the two-layer NTK, any positive
mixture tau1 K1 + tau2 (K1 + K2), any beta) has test error below a constant:
Pr[y f(x) <= 0] = Omega(1).

A theorem about every beta cannot be checked exhaustively; we test the two
canonical predictors of the RKHS (the minimum-norm interpolant beta = K^-1 y
and the hard-margin SVM), for three initialisation scales (r_w, r_u) =
(1, 1), (0, 1), (1, 0.1) (tau1/tau2 = 1, 0, 100), on fresh test samples.

Checks
------
* ``kernel_error_floor`` (empirical): n = d^2/4 samples for d = 8..32
  (quick) or 8..64 (full, 3 samples per d); the six predictors' test errors
  on 2000-4000 fresh points with Clopper-Pearson intervals. The Omega(1) claim
  is tested as: every lower 95% bound stays above the declared floor 0.2 and
  the errors show no decay in d (bootstrap interval of the log-log slope of
  the error against d not below -0.2). A wrong exponent (n = d^2.5/4, a plant)
  makes the errors fall towards 0 as d grows. The full tier also scans
  n = c d^2 for c = 1/8, 1/4, 1/2, 1 and plots the error against n/d^2: the
  curves for different d collapse, i.e. the kernel's sample size is set by
  d^2.
* ``kernel_vs_l1_svm`` (optimization, full): on the same samples
  (n = d^2/2, d = 8, 12, 16) the l1-SVM of (B.15) (column generation over
  the sphere, HiGHS; lower/upper bracket reported), i.e. the infinite-width
  weakly-regularized net of Proposition B.11, against the six kernel
  predictors: the kernel errors stay above the floor while the l1-SVM's test
  error is small once n >= 6 d.
"""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from numerics.data import wei2019_D
from numerics.stats import binomial_ci, loglog_slope
from theorems.wei2019._kernel_vs_net import kernel_test_errors
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="wei2019.thm_B1", paper="wei2019", label="Theorem B.1", section="B.1", kind="theorem",
    statement=(
        "For D and n at most a constant times d^2, with probability 1 - exp(-Omega(sqrt n)) over "
        "the sample, every kernel predictor sum_i beta_i K(x_i, .) with the two-layer NTK K "
        "misclassifies a constant fraction of fresh points from D."),
    depends_on=["wei2019.lemma_B2", "wei2019.lemma_B3"],
)

SCALES = [(1.0, 1.0), (0.0, 1.0), (1.0, 0.1)]
PAPER_SAMPLE_EXPONENT = 2.0      # n <~ d^2
SAMPLE_CONSTANT = 0.25           # our choice of the implicit constant: n = d^2 / 4
FLOOR = 0.2                      # declared Omega(1) level tested (chance is 1/2)
DECAY = -0.2                     # an error ~ d^s with s below this is decaying


def _predictor_rows(d, n, rng, n_test):
    X, y = wei2019_D(n, d, seed=int(rng.integers(2**31)))
    Xt, yt = wei2019_D(n_test, d, seed=int(rng.integers(2**31)))
    res = kernel_test_errors(X, y, Xt, yt, SCALES)
    rows = []
    for (r_w, r_u), v in res.items():
        for pred in ("interpolant", "svm"):
            k = int(round(v[pred] * n_test))
            lo, hi = binomial_ci(k, n_test, level=0.95)
            rows.append({"d": d, "n": n, "n/d^2": n / d ** 2, "(r_w, r_u)": (r_w, r_u),
                         "predictor": pred, "test error": v[pred], "95% CI": [lo, hi]})
    return rows, (X, y, Xt, yt)


@CLAIM.check(method="empirical", tier="quick", established="confirmed", time_limit=1200)
def kernel_error_floor(ctx, sample_exponent=PAPER_SAMPLE_EXPONENT):
    """Kernel test errors at n = d^p / 4 stay above a constant floor as d grows."""
    dims = ctx.pick([8, 12, 16, 24, 32], [8, 12, 16, 24, 32, 45, 64])
    seeds = ctx.pick(1, 3)
    n_test = ctx.pick(2000, 4000)
    rows = []
    with threadpool_limits(1):
        for d in dims:
            n = int(SAMPLE_CONSTANT * d ** sample_exponent)
            for _ in range(seeds):
                rows += _predictor_rows(d, n, ctx.rng, n_test)[0]
        scan = []
        if ctx.tier == "full":
            for d in (8, 16, 32):
                for cfac in (0.125, 0.25, 0.5, 1.0):
                    scan += _predictor_rows(d, int(cfac * d * d), ctx.rng, n_test)[0]
    errs = np.array([r["test error"] for r in rows])
    los = np.array([r["95% CI"][0] for r in rows])
    ds = np.array([r["d"] for r in rows], float)
    fit = loglog_slope(ds, np.maximum(errs, 0.5 / n_test), seed=ctx.seed)
    # a sample "fails to learn" when all six predictors have lower CI above the floor
    groups = [rows[i:i + 2 * len(SCALES)] for i in range(0, len(rows), 2 * len(SCALES))]
    held = sum(all(r["95% CI"][0] >= FLOOR for r in g) for g in groups)
    p_lo, p_hi = binomial_ci(held, len(groups), level=0.95)
    if ctx.tier == "full":
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(5.5, 3.6))
        for d in sorted({r["d"] for r in scan}):
            sub = [r for r in scan if r["d"] == d and r["predictor"] == "interpolant"
                   and r["(r_w, r_u)"] == (1.0, 1.0)]
            ax.plot([r["n/d^2"] for r in sub], [r["test error"] for r in sub], "o-", label=f"d={d}")
        ax.axhline(FLOOR, color="k", ls=":", lw=1)
        ax.set_xscale("log")
        ax.set_xlabel("n / d^2")
        ax.set_ylabel("NTK interpolant test error")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(ctx.figure("kernel_error_vs_n_over_d2.png"), dpi=90)
        plt.close(fig)
    observed = {"min test error": float(errs.min()), "min lower 95% bound": float(los.min()),
                "error-vs-d log-log slope": [fit.slope, fit.lo, fit.hi],
                "samples with all six predictors above the floor": f"{held}/{len(groups)}",
                "mean error by d": {int(d): float(errs[ds == d].mean()) for d in dims}}
    expected = (f"test error >= {FLOOR} (Omega(1)) for every predictor at n = "
                f"{SAMPLE_CONSTANT} d^{sample_exponent:g}, not decaying in d")
    table = rows + scan
    if los.min() >= FLOOR and fit.hi > DECAY:
        return Evidence(
            verdict="confirmed", expected=expected, observed=observed, table=table,
            interval=[fit.lo, fit.hi],
            tolerance=f"95% Clopper-Pearson lower bounds vs floor {FLOOR}; slope interval vs {DECAY}",
            constants=[Constant(name="Omega(1) error level", where="Theorem B.1",
                                stated="Omega(1)", found=f">= {los.min():.3f} (95% lower bound; "
                                f"mean {errs.mean():.3f}) at n = d^2/4, d = {dims[0]}..{dims[-1]}",
                                how="6 kernel predictors, fresh test sets", certified=False),
                       Constant(name="probability over the sample", where="Theorem B.1",
                                stated="1 - exp(-Omega(sqrt n))",
                                found=f"{held}/{len(groups)} samples (95% CI [{p_lo:.2f}, {p_hi:.2f}])",
                                how="count over (d, sample)", certified=False)],
            details=(f"at n = d^2/4 all six predictors (interpolant and hard-margin SVM for "
                     f"(r_w, r_u) in {SCALES}) keep test error between {errs.min():.3f} and "
                     f"{errs.max():.3f} for d = {dims[0]}..{dims[-1]}; the error shows no decay "
                     f"in d beyond the declared d^{DECAY} (log-log slope {fit.slope:.3f} "
                     f"[{fit.lo:.3f}, {fit.hi:.3f}])"
                     + ("; the scan over n = c d^2 collapses in n/d^2 (figure)" if scan else "")
                     + "."))
    if fit.hi <= DECAY or los.min() < FLOOR:
        low = [r for r in rows if r["95% CI"][1] < FLOOR]
        return Evidence(verdict="refuted" if (fit.hi <= DECAY and low) else "inconclusive",
                        expected=expected, observed=observed, table=table,
                        interval=[fit.lo, fit.hi],
                        details=(f"the kernel errors decay with d (slope {fit.slope:.2f} "
                                 f"[{fit.lo:.2f}, {fit.hi:.2f}]) and {len(low)} predictor runs are "
                                 f"significantly below {FLOOR}: at n = {SAMPLE_CONSTANT} "
                                 f"d^{sample_exponent:g} the kernel learns D" if low else
                                 "errors near the floor without a clear trend"))
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table)


@CLAIM.check(method="optimization", tier="full", established="reproduced", time_limit=1800)
def kernel_vs_l1_svm(ctx, sample_constant=0.5):
    """Same samples: six kernel predictors against the l1-SVM (B.15) over the sphere."""
    from numerics.svm import l1_svm_relu
    dims = [8, 12, 16]
    seeds = 2
    n_test = 4000
    rows = []
    with threadpool_limits(1):
        for d in dims:
            n = int(sample_constant * d * d)
            for _ in range(seeds):
                krows, (X, y, Xt, yt) = _predictor_rows(d, n, ctx.rng, n_test)
                lp = l1_svm_relu(X, y, seed=int(ctx.rng.integers(2**31)), max_rounds=40,
                                 max_seconds=300)
                err = float(np.mean(yt * lp.predict(Xt) <= 0))
                rows.append({"d": d, "n": n, "n/d": n / d, "l1-SVM test error": err,
                             "l1-SVM margin bracket": [lp.lower, lp.upper],
                             "converged": bool(lp.converged),
                             "kernel errors (min, max)": [min(r["test error"] for r in krows),
                                                          max(r["test error"] for r in krows)],
                             "kernel min lower 95%": min(r["95% CI"][0] for r in krows)})
    kmin = min(r["kernel min lower 95%"] for r in rows)
    big = [r for r in rows if r["n/d"] >= 6]
    lp_ok = all(r["l1-SVM test error"] <= 0.05 for r in big)
    observed = {"kernel min lower 95% bound": kmin,
                "l1-SVM test errors": [r["l1-SVM test error"] for r in rows],
                "l1-SVM margin brackets": [r["l1-SVM margin bracket"] for r in rows]}
    expected = f"kernel error >= {FLOOR} at n = d^2/2; the l1-SVM learns (error <= 0.05) for n >= 6 d"
    verdict = "reproduced" if (kmin >= FLOOR and lp_ok) else "inconclusive"
    return Evidence(
        verdict=verdict, expected=expected, observed=observed, table=rows,
        details=(f"on the same samples (n = d^2/2, d = {dims}) the kernel predictors keep errors "
                 f">= {kmin:.3f} (95% lower bound) while the l1-SVM (column generation; margin "
                 f"brackets in the table, a lower bound 1/4 means the width-4 witness is the "
                 f"solution found) has test errors {[round(r['l1-SVM test error'], 3) for r in rows]}"
                 + ("" if verdict == "reproduced" else "; the contrast is not clean") + "."))


CLAIM.plant("kernel_error_floor", "kernel fails for n <~ d^2.5 (exponent off)", sample_exponent=2.5)
