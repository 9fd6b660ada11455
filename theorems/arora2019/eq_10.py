"""arora2019, equation (10): the data-dependent complexity measure sqrt(2 y^T H_inf^-1 y / n).

Statement (our words). The leading term of the generalisation bound (9) is a function of the
training inputs and labels only (no trained network, no ground-truth model, no width m: the
formula contains none); the paper proposes it as a complexity measure and reports that it is
much larger for random labels than for true labels and grows with the fraction of random labels.

Stand-in data: scikit-learn's bundled 8x8 digits, two classes, unit-norm rows (MNIST/CIFAR are
not available offline); classes (0, 1) as the MNIST stand-in and (3, 5) as a second, harder
pair in place of CIFAR. Random labels as in ``_sec5.py`` (a fraction p of fresh +-1 labels).

Checks
------
* ``corruption_trend`` (numeric): n = 200 training points per seed, 6 seeds, p in
  {0, 0.2, ..., 1}; the Spearman correlation between p and the measure, with a cluster
  bootstrap interval over seeds, must be positive (interval above 0) for the predicted
  direction; and in every seed the measure with p = 1 must exceed the one with true labels.
"""
from __future__ import annotations

import numpy as np

from theorems.arora2019._common import one_blas_thread
from theorems.arora2019._sec5 import LEVELS, complexity, level_means, random_labels, spearman_ci, split
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.eq_10", paper="arora2019", label="Equation (10)", section="5", kind="equation",
    statement=(
        "sqrt(2 y^T H_inf^-1 y / n), the leading term of (9), is computable from the training data "
        "alone and does not involve the width; it separates true from random labels and grows with "
        "the fraction of random labels."),
    depends_on=["arora2019.thm_5_1", "arora2019.eq_3"],
)

PAPER_DIRECTION = +1        # the measure increases with the fraction of random labels


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
@one_blas_thread
def corruption_trend(ctx, direction=PAPER_DIRECTION):
    """Spearman(p, measure) with a seed-bootstrap interval; true vs fully random labels."""
    n, seeds = ctx.pick(200, 300), ctx.pick(6, 12)
    out, table, vacuous_from, trend = {}, [], {}, {}
    for classes in ((0, 1), (3, 5)):
        rows = []
        for s in range(seeds):
            Xtr, ytr, _, _ = split(int(ctx.rng.integers(2**31)), n, classes)
            for p in LEVELS:
                rows.append({"seed": s, "level": p,
                             "measure": complexity(Xtr, random_labels(ytr, p, int(ctx.rng.integers(2**31))))})
        rho, lo, hi = spearman_ci(rows, "level", "measure", seed=ctx.seed)
        gap = [next(r["measure"] for r in rows if r["seed"] == s and r["level"] == 1.0) /
               next(r["measure"] for r in rows if r["seed"] == s and r["level"] == 0.0)
               for s in range(seeds)]
        means = level_means(rows, "measure")
        out[classes] = (rho, lo, hi, min(gap))
        vacuous_from[classes] = min((p for p, v in means.items() if v[0] > 1), default=None)
        trend[classes] = ", ".join(f"{means[p][0]:.2f}" for p in sorted(means))
        for p, (m, a, b) in means.items():
            table.append({"classes": str(classes), "p random": p, "measure mean": m, "95% CI": [a, b]})
    expected = f"measure {'increases' if direction > 0 else 'decreases'} with the fraction p of random labels"
    observed = {f"classes {c}": {"spearman": v[0], "interval": [v[1], v[2]],
                                 "min over seeds of measure(p=1)/measure(p=0)": v[3]}
                for c, v in out.items()}
    increasing = all(v[1] > 0 and v[3] > 1 for v in out.values())
    decreasing = all(v[2] < 0 and v[3] < 1 for v in out.values())
    interval = [min(v[1] for v in out.values()), max(v[2] for v in out.values())]
    if (increasing and direction > 0) or (decreasing and direction < 0):
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        interval=interval,
                        details=f"n = {n} digits per split, {seeds} seeds per class pair; Spearman "
                                "intervals (cluster bootstrap over seeds) lie above 0 and random labels "
                                f"give a measure {min(v[3] for v in out.values()):.1f}x or more that of "
                                "true labels in every seed. Mean measure at p = "
                                f"{', '.join(f'{p:g}' for p in LEVELS)}: " +
                                "; ".join(f"classes {c}: {t}" for c, t in trend.items()) +
                                "; the mean exceeds 1 (the bound is vacuous) from p = " +
                                ", ".join(f"{vacuous_from[c]} for {c}" for c in trend) + ".")
    if increasing or decreasing:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        interval=interval,
                        details=f"the measure {'increases' if increasing else 'decreases'} with p "
                                "(Spearman intervals exclude 0)")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                    interval=interval, details="a Spearman interval contains 0")


CLAIM.plant("corruption_trend", "measure decreases with the fraction of random labels", direction=-1)
