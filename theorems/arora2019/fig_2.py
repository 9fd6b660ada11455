"""arora2019, Figure 2: test error and the complexity measure as labels are randomised.

Statement (our words). GD is run to convergence on two classes of MNIST (or CIFAR) with a
growing fraction p of random labels; the test l1 loss and the test 0-1 error grow with p, and
the measure (10) grows with them. The caption adds that the l1 loss always dominates the 0-1
error.

Stand-in and setting (Appendix A is not in the text, so these are our choices): scikit-learn's
bundled digits, classes 0 and 1, unit-norm rows (MNIST/CIFAR are not available offline);
n = 100 training points per seed (the rest, 260, for testing); p in {0, 0.2, ..., 1} as in
``_sec5.py`` (test labels randomised alike). Quick tier: the m -> infinity, kappa -> 0,
converged-GD limit f(x) = H_inf(x, X) H_inf^-1 y. Full tier: the paper's network, m = 512,
kappa = 0.01, second layer +-1 fixed, eta = 1.5/lambda_max(H_inf), GD until the slowest
eigen-direction has decayed by e^-5 (at most 6000 steps), float32, 3 seeds.

Checks
------
* ``caption_inequality`` (symbolic): |u - y| >= 1{sign(u) != y} for y in {-1, +1}, every u
  (case analysis in sympy), so the mean l1 loss dominates the 0-1 error.
* ``trend_kernel_limit`` (empirical, quick): Spearman correlations (cluster bootstrap over seeds)
  of p with the measure, the test l1 loss and the test 0-1 error, and of the measure with the
  test 0-1 error; all intervals must lie above 0 for the trend to be reproduced. Figure.
* ``trend_trained_nets`` (empirical, full): the same with trained networks. Figure.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from theorems.arora2019._common import one_blas_thread
from theorems.arora2019._sec5 import level_means, spearman_ci, sweep_kernel, train_nets
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.fig_2", paper="arora2019", label="Figure 2", section="5", kind="experiment",
    statement=(
        "With a growing fraction of random labels, GD-trained two-layer nets on two image classes "
        "have growing test l1 loss and 0-1 error, and the measure sqrt(2 y^T H_inf^-1 y/n) grows "
        "along; the l1 loss upper-bounds the 0-1 error."),
    depends_on=["arora2019.eq_10", "arora2019.thm_5_1", "arora2019.cor_5_2"],
)

PAPER_DIRECTION = +1
PAPER_CAPTION_LOSS = "Abs(u - y)"          # the caption's l1 loss, claimed >= 0-1 error


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def caption_inequality(ctx, loss=PAPER_CAPTION_LOSS):
    """loss(u, y) >= 1{sign(u) != y} for y = +-1 and all real u."""
    u = sp.Symbol("u", real=True)
    y = sp.Symbol("y", real=True)
    L = sp.sympify(loss, locals={"u": u, "y": y})
    fails = []
    for yv in (1, -1):
        wrong_side = sp.Interval(-sp.oo, 0) if yv == 1 else sp.Interval(0, sp.oo)  # sign(u) != y (u = 0 counts)
        # on the wrong side we need L >= 1: the minimum of L(u, yv) there
        lval = L.subs(y, yv)
        sol = sp.solve_univariate_inequality(lval < 1, u, relational=False)
        bad = sp.Intersection(sol, wrong_side)
        if bad != sp.EmptySet:
            fails.append((yv, str(bad)))
        # on the right side L >= 0 is needed
        neg = sp.solve_univariate_inequality(lval < 0, u, relational=False)
        if neg != sp.EmptySet:
            fails.append((yv, f"negative on {neg}"))
    if fails:
        return Evidence(verdict="refuted", expected=f"{loss} >= 1{{sign(u) != y}}",
                        observed={"violations": fails},
                        details=f"the loss is below the 0-1 loss at y, u in {fails}")
    return Evidence(verdict="proved", expected=f"{loss} >= 1{{sign(u) != y}}",
                    observed={"violations": []},
                    details="for y = 1 the 0-1 loss is 1 exactly when u <= 0, where |u - 1| >= 1; "
                            "symmetrically for y = -1; elsewhere |u - y| >= 0 (sympy inequality "
                            "solving). Averaging gives l1 loss >= classification error.")


def _trend(ctx, rows, direction, tag, setting):
    pairs = [("level", "measure"), ("level", "l1"), ("level", "0-1"), ("measure", "0-1")]
    cis = {f"{a} vs {b}": spearman_ci(rows, a, b, seed=ctx.seed) for a, b in pairs}
    caption_ok = all(r["l1"] >= r["0-1"] for r in rows)
    means = {k: level_means(rows, k) for k in ("measure", "l1", "0-1")}
    table = [{"p random": p, **{f"{k} mean": means[k][p][0] for k in means},
              **{f"{k} 95% CI": [means[k][p][1], means[k][p][2]] for k in means}}
             for p in sorted(means["measure"])]
    # figure
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(9, 3.4))
    ps = sorted(means["measure"])
    for k, st in (("l1", "o-"), ("0-1", "s-")):
        m = np.array([means[k][p] for p in ps])
        ax[0].errorbar(ps, m[:, 0], yerr=[m[:, 0] - m[:, 1], m[:, 2] - m[:, 0]], fmt=st, label=f"test {k}")
    ax[0].set_xlabel("fraction of random labels p"), ax[0].set_ylabel("test loss"), ax[0].legend()
    m = np.array([means["measure"][p] for p in ps])
    ax[1].errorbar(ps, m[:, 0], yerr=[m[:, 0] - m[:, 1], m[:, 2] - m[:, 0]], fmt="d-", color="C2")
    ax[1].set_xlabel("fraction of random labels p"), ax[1].set_ylabel("sqrt(2 y^T H^-1 y / n)")
    fig.suptitle(f"digits 0/1 stand-in, {tag}", fontsize=9)
    fig.tight_layout()
    fig.savefig(ctx.figure(f"fig2_{tag.split()[0]}.png"), dpi=90)
    plt.close(fig)
    expected = f"measure, test l1 and test 0-1 all {'increase' if direction > 0 else 'decrease'} with p"
    observed = {k: {"spearman": v[0], "95% interval": [v[1], v[2]]} for k, v in cis.items()}
    observed["l1 >= 0-1 in every run"] = caption_ok
    lows = [v[1] for v in cis.values()]
    highs = [v[2] for v in cis.values()]
    if not caption_ok:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="a run has l1 loss below its 0-1 error: impossible, code error")
    increasing, decreasing = min(lows) > 0, max(highs) < 0
    if (increasing and direction > 0) or (decreasing and direction < 0):
        return Evidence(verdict="reproduced", expected=expected, observed=observed, table=table,
                        interval=[min(lows), max(highs)],
                        details=f"all four Spearman intervals exclude 0 ({setting}). Means by p = "
                                f"{', '.join(f'{p:g}' for p in ps)}: " +
                                "; ".join(f"{k}: " + ", ".join(f"{means[k][p][0]:.2f}" for p in ps)
                                          for k in ("measure", "l1", "0-1")) +
                                ". The measure is far above the test losses (see thm_5_1).")
    if increasing or decreasing:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        interval=[min(lows), max(highs)],
                        details=f"the trends go the other way ({setting})")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                    interval=[min(lows), max(highs)], details=f"some interval contains 0 ({setting})")


@CLAIM.check(method="empirical", tier="quick", established="reproduced")
@one_blas_thread
def trend_kernel_limit(ctx, direction=PAPER_DIRECTION):
    """Trends over p for the infinite-width converged-GD predictor."""
    n, seeds = 100, ctx.pick(6, 12)
    rows = sweep_kernel(int(ctx.rng.integers(2**31)), n, seeds)
    return _trend(ctx, rows, direction, "kernel limit (m = inf)",
                  f"n = {n}, {seeds} seeds, kernel-limit predictor")


@CLAIM.check(method="empirical", tier="full", established="reproduced", time_limit=900)
@one_blas_thread
def trend_trained_nets(ctx, direction=PAPER_DIRECTION):
    """Trends over p for trained width-512 networks."""
    n, seeds = 100, 3
    rows, setting = train_nets(int(ctx.rng.integers(2**31)), n, seeds, m=512, kappa=0.01,
                               device=ctx.device)
    ev = _trend(ctx, rows, direction, "trained nets m = 512",
                f"n = {n}, {seeds} seeds, trained nets {setting}")
    ev.observed["max train 0-1 error"] = max(r["train 0-1"] for r in rows)
    ev.observed["max |test 0-1 - kernel-limit 0-1|"] = max(abs(r["0-1"] - r["kernel-limit 0-1"]) for r in rows)
    return ev


CLAIM.plant("caption_inequality", "squared loss scaled by 1/4 dominates the 0-1 error", loss="(u - y)**2/4")
CLAIM.plant("trend_kernel_limit", "errors and measure decrease with p", direction=-1)
