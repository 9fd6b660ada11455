"""wei2019, equation (2.2): the two-layer ReLU net and its l2-regularised logistic loss.

Statement (our words). A width-m net has hidden weights u_j in R^d and output
weights w_j in R and computes f_NN(x; Theta) = sum_j w_j [u_j^T x]_+. On n
labelled points the objective is the average logistic loss plus lambda times
the squared Frobenius norm of all parameters,

    L_lambda(Theta) = (1/n) sum_i log(1 + exp(-y_i f_NN(x_i; Theta))) + lambda ||Theta||_F^2,

and Theta_lambda denotes a global minimiser. Two structural facts the paper
relies on later (Section 4, B.4): f_NN is positively homogeneous of degree 2
in Theta, and f_NN is unchanged by u_j -> c u_j, w_j -> w_j / c (c > 0), over
which ||Theta||_F^2 is minimised at 2 sum_j |w_j| ||u_j|| (the l1 path norm).
Since L_lambda >= lambda ||Theta||_F^2 and L_lambda is continuous, a global
minimiser exists for lambda > 0.

Checks
------
* ``homogeneity`` (numeric): for random parameters and inputs from D, the
  ratio f(x; c Theta) / f(x; Theta) against c^p with the printed degree p = 2
  (c in {0.5, 2, 3.7}); invariance of f under per-unit rebalancing and the
  AM-GM minimum of ||Theta||_F^2 (scanned over a grid of rescalings) against
  2 sum_j |w_j| ||u_j||.
* ``loss_as_printed`` (numeric): the objective written from (2.2) in numpy
  against the training engine's ``objective(loss="logistic", lam)`` (which
  the net-training modules use), at random Theta, lambda and n; at Theta = 0
  the printed objective is log 2 for every n (a mean, not a sum); and
  coercivity L_lambda(s Theta) >= lambda s^2 ||Theta||_F^2 along rays.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from numerics.data import wei2019_D
from numerics.nets import TwoLayerBatch, objective
from verify import Claim, Evidence

CLAIM = Claim(
    id="wei2019.eq_2_2", paper="wei2019",
    label="equation (2.2) (two-layer ReLU net and regularized logistic loss)", section="2",
    kind="definition",
    statement=(
        "The width-m net computes sum_j w_j [u_j^T x]_+, and it is trained on the mean logistic "
        "loss over the n samples plus lambda times the squared Frobenius norm of (U, w); "
        "Theta_lambda is a global minimiser of this objective."),
    depends_on=[],
)

PAPER_DEGREE = 2            # f_NN(x; c Theta) = c^2 f_NN(x; Theta)
PAPER_MEAN = True           # (1/n) sum_i, not sum_i
PAPER_REG_POWER = 2         # lambda ||Theta||_F^2


def f_nn(U, w, X):
    """sum_j w_j [u_j^T x]_+ for every row x of X (numpy, as printed)."""
    return np.maximum(X @ U.T, 0.0) @ w


def printed_loss(U, w, X, y, lam, mean=True, reg_power=2):
    """(2.2) with the given normalisation and regulariser power."""
    data = np.logaddexp(0.0, -y * f_nn(U, w, X))
    frob = math.sqrt((U ** 2).sum() + (w ** 2).sum())
    return (data.mean() if mean else data.sum()) + lam * frob ** reg_power


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def homogeneity(ctx, degree=PAPER_DEGREE):
    """f(c Theta) = c^degree f(Theta); per-unit rebalancing; AM-GM path-norm identity."""
    d, m, n = 10, 6, 50
    X, _ = wei2019_D(n, d, seed=int(ctx.rng.integers(2**31)))
    U = ctx.rng.standard_normal((m, d))
    w = ctx.rng.standard_normal(m)
    f = f_nn(U, w, X)
    worst = 0.0
    for c in (0.5, 2.0, 3.7):
        fc = f_nn(c * U, c * w, X)
        worst = max(worst, float(np.abs(fc - c ** degree * f).max() / np.abs(f).max()))
    a = np.exp(ctx.rng.uniform(-1, 1, size=m))
    rebal = float(np.abs(f_nn(U * a[:, None], w / a, X) - f).max() / np.abs(f).max())
    grid = np.exp(np.linspace(-3, 3, 20001))
    un, wa = np.linalg.norm(U, axis=1), np.abs(w)
    frob_min = sum(float(np.min(grid ** 2 * u ** 2 + v ** 2 / grid ** 2)) for u, v in zip(un, wa))
    path2 = 2 * float((un * wa).sum())
    amgm = abs(frob_min - path2) / path2
    expected = {"f(c Theta)": f"c^{degree} f(Theta)", "rebalancing": "f unchanged",
                "min ||Theta||_F^2 over rebalancing": "2 sum_j |w_j| ||u_j||"}
    observed = {"max relative error of c^degree law": worst,
                "max relative change under rebalancing": rebal,
                "grid minimum vs 2*path norm (relative)": amgm}
    if worst > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"f(c Theta) differs from c^{degree} f(Theta) by a relative "
                                f"{worst:.3g}")
    if rebal > 1e-12 or amgm > 1e-6:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details="rebalancing changes f or the AM-GM minimum is off")
    return Evidence(verdict="confirmed", expected=expected, observed=observed,
                    tolerance="relative 1e-12 (homogeneity); 1e-6 (grid minimum)",
                    details="f_NN is 2-homogeneous in Theta and invariant under per-unit "
                            "rebalancing; min ||Theta||_F^2 over rebalancings equals twice the "
                            "l1 path norm (grid of 20001 rescalings per unit).")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def loss_as_printed(ctx, mean=PAPER_MEAN, reg_power=PAPER_REG_POWER):
    """The printed objective against the training engine; log 2 at Theta = 0; coercivity."""
    rows, worst = [], 0.0
    for n, m, d, lam in ((20, 4, 5, 0.1), (200, 16, 12, 1e-3), (7, 1, 3, 2.0)):
        X, y = wei2019_D(n, d, seed=int(ctx.rng.integers(2**31)))
        U = ctx.rng.standard_normal((m, d))
        w = ctx.rng.standard_normal(m)
        mine = printed_loss(U, w, X, y, lam, mean, reg_power)
        batch = TwoLayerBatch(torch.as_tensor(U[None]), torch.as_tensor(w[None]), 1.0)
        eng = float(objective(batch, torch.as_tensor(X), torch.as_tensor(y),
                              loss="logistic", lam=lam)[0])
        zero = printed_loss(0 * U, 0 * w, X, y, lam, mean, reg_power)
        coerc = min(printed_loss(s * U, s * w, X, y, lam, mean, reg_power)
                    - lam * s ** 2 * ((U ** 2).sum() + (w ** 2).sum()) for s in (1.0, 10.0, 100.0))
        rel = abs(mine - eng) / abs(eng)
        worst = max(worst, rel)
        rows.append({"n": n, "m": m, "d": d, "lambda": lam, "printed": mine, "engine": eng,
                     "relative gap": rel, "at Theta = 0": zero,
                     "min over rays of L - lambda s^2 ||Theta||^2": coerc})
    zeros = [r["at Theta = 0"] for r in rows]
    expected = "L = (1/n) sum log(1 + exp(-y f)) + lambda ||Theta||_F^2; L(0) = log 2"
    observed = {"max relative gap printed vs engine": worst, "L(0) per n": zeros}
    if worst > 1e-10 or max(abs(z - math.log(2)) for z in zeros) > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="the objective as parameterised differs from the mean logistic "
                                "loss plus lambda ||Theta||_F^2 implemented by the training engine, "
                                "or L(0) != log 2")
    if min(r["min over rays of L - lambda s^2 ||Theta||^2"] for r in rows) < 0:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        details="coercivity check failed")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="relative 1e-10",
                    details="the printed objective equals the engine's logistic objective; it is "
                            "log 2 at Theta = 0 for every n and at least lambda ||Theta||_F^2, so "
                            "it is coercive and a global minimiser Theta_lambda exists.")


CLAIM.plant("homogeneity", "f is 1-homogeneous in Theta", degree=1)
CLAIM.plant("loss_as_printed", "sum over samples instead of the mean", mean=False)
CLAIM.plant("loss_as_printed", "regulariser lambda ||Theta||_F (no square)", reg_power=1)
