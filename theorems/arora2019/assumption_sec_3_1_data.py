"""arora2019, Section 3.1: the data assumption ||x||_2 = 1, |y| <= 1.

Statement (our words). The n training pairs are i.i.d. from a distribution on
R^d x R under which every input has unit Euclidean norm and every label lies
in [-1, 1].

What can be checked. The assumption is a hypothesis, not an assertion about
the world; what we can check is that every data set the checks of this paper
feed to the theory satisfies it exactly (the digits stand-ins after
normalisation, the true, random and worst-case label vectors of Figure 1),
and that the consequences the paper draws from it hold: diag(H_inf) = 1/2,
so tr(H_inf) = n/2 and lambda_0 <= 1/2 <= ... <= lambda_max <= n/2 (used when
eta = O(lambda_0/n^2) is compared with 1/lambda_max), and ||y||^2 <= n (used in
Phi(W(0)) = O(n/delta)). Raw MNIST/CIFAR pixels are not unit vectors; the
paper's preprocessing is in its Appendix A, which we do not have.

Check
-----
``experiment_data`` (numeric): for digits 0 vs 1 and 3 vs 5, the largest
deviation of ||x_i|| from the stated norm (float64 rounding allowed), the
largest |y_i| of the true labels, of random +-1 labels and of the unit
bottom eigenvector of H_inf against the stated bound, and the diagonal,
trace and extreme eigenvalues of H_inf against ||x||^2/2, n ||x||^2/2.
"""
from __future__ import annotations

import numpy as np
import torch

from numerics.data import digits_two_class
from numerics.kernels import h_inf
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.assumption_sec_3_1_data", paper="arora2019",
    label="Section 3.1, data normalisation", section="3.1", kind="assumption",
    statement=("Training pairs are i.i.d. from a distribution on R^d x R whose inputs have unit "
               "Euclidean norm and whose labels lie in [-1, 1]."),
)

PAPER_X_NORM = 1.0
PAPER_Y_BOUND = 1.0
ROUND = 1e-12


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def experiment_data(ctx, x_norm=PAPER_X_NORM, y_bound=PAPER_Y_BOUND):
    """The stand-in data and constructed labels against ||x|| = 1, |y| <= 1 and its consequences."""
    rows, failures = [], []
    for classes in [(0, 1), (3, 5)]:
        X, y = digits_two_class(classes)
        n = len(y)
        H = h_inf(X)
        lam, V = (t.numpy() for t in torch.linalg.eigh(torch.as_tensor(H)))
        labels = {"true": y, "random": ctx.rng.choice([-1.0, 1.0], size=n), "worst-case": V[:, 0]}
        norm_gap = float(np.abs(np.linalg.norm(X, axis=1) - x_norm).max())
        ymax = {k: float(np.abs(v).max()) for k, v in labels.items()}
        diag_gap = float(np.abs(np.diag(H) - x_norm ** 2 / 2).max())
        row = {"classes": list(classes), "n": n, "max | ||x_i|| - norm |": norm_gap,
               **{f"max |y_i|, {k} labels": v for k, v in ymax.items()},
               "max |H_ii - norm^2/2|": diag_gap, "trace / n": float(np.trace(H) / n),
               "lambda_0": float(lam[0]), "lambda_max": float(lam[-1]), "n/2": n / 2}
        rows.append(row)
        if norm_gap > ROUND:
            failures.append(f"digits {classes}: inputs have norm 1, not {x_norm:g}")
        bad = [k for k, v in ymax.items() if v > y_bound + ROUND]
        if bad:
            failures.append(f"digits {classes}: {', '.join(bad)} labels exceed |y| <= {y_bound:g}")
        if diag_gap > ROUND or not (lam[0] <= x_norm ** 2 / 2 <= lam[-1] <= n * x_norm ** 2 / 2):
            failures.append(f"digits {classes}: H_inf's diagonal or spectrum off norm^2/2")
    expected = f"||x_i|| = {x_norm:g}, |y_i| <= {y_bound:g}; H_ii = {x_norm ** 2 / 2:g}, lambda_max <= n/2"
    if failures:
        return Evidence(verdict="refuted", expected=expected, observed=failures, table=rows,
                        details="; ".join(failures))
    return Evidence(verdict="confirmed", expected=expected, table=rows,
                    observed={"all data sets within the assumption": True}, tolerance=ROUND,
                    details="every input set used here is on the unit sphere to rounding, every label "
                            "vector (true, random, worst-case = unit eigenvector) is within [-1, 1], "
                            "and H_inf has diagonal 1/2, trace n/2 and lambda_0 <= 1/2 <= lambda_max "
                            "<= n/2 as the assumption implies. The i.i.d. part is not testable on a "
                            "fixed data set.")


CLAIM.plant("experiment_data", "inputs of norm 2", x_norm=2.0)
CLAIM.plant("experiment_data", "labels bounded by 1/2", y_bound=0.5)
