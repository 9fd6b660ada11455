"""arora2019, Theorem 3.3 (informal version of Theorem 5.1): a data-dependent generalisation bound.

Statement (our words). Whatever the 1-Lipschitz loss, the generalisation error
of the GD-trained two-layer net is at most sqrt(2 y^T (H_inf)^-1 y / n)   (4),
a quantity computed from the training data alone and free of the width m. We
read "generalisation error" as the population loss, as the formal Theorem 5.1
bounds it and as Figure 2 plots it (test loss); under the other reading (test
minus training loss) the constant loss below would not be a counterexample.

Against the formal Theorem 5.1. The formal statement bounds the population
loss L_D(f) = E l(f(x), y) (the paper's "generalisation error", as in Figure
2) only for losses with values in [0, 1], 1-Lipschitz in the first argument
and with l(y, y) = 0; it adds O(sqrt(log(n/(lambda_0 delta))/n)), holds with
probability 1 - delta over a (lambda_0, delta/3, n)-non-degenerate sample and
the initialisation, and needs kappa = O(lambda_0 delta/n),
m >= kappa^-2 poly(n, 1/lambda_0, 1/delta) and k >= Omega(log(n/delta)/(eta lambda_0)).

Checks
------
* ``informal_vs_formal`` (numeric): (i) a counterexample to the statement as
  printed: n = 200 unit inputs in d = 5 with labels y = x_1 (|y| <= 1); (4)
  computed from the kernel engine is well below 1, while the constant loss
  l = 1 (1-Lipschitz, in [0, 1], but l(y, y) = 1) gives every predictor
  population loss 1. (ii) the corrected (formal) statement on the MNIST
  stand-in (digits 0 vs 1, 200 training points, 5 random splits): the
  predictor that GD on the net approaches for kappa -> 0, m -> infinity,
  k -> infinity, f(x) = H_inf(x, X) H_inf^-1 y, has test ramp loss
  min(1, |f - y|) and test 0-1 error below (4) in every split (the extra
  O(.) term is not needed here).
* ``trained_nets`` (empirical, full tier): the same splits with nets of
  width 1024 trained by the engine (kappa = 0.01, eta = 1/lambda_max, 1000
  steps); test losses against (4).
"""
from __future__ import annotations

import numpy as np
import torch

from numerics.data import digits_two_class, sphere
from numerics.kernels import h_inf
from numerics.nets import init_two_layer, train
from verify import Claim, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.thm_3_3", paper="arora2019", label="Theorem 3.3", section="3.3", kind="theorem",
    statement=("Informally, for every 1-Lipschitz loss the GD-trained net's generalisation error is "
               "at most sqrt(2 y^T H_inf^-1 y / n), a width-free quantity computed from the data."),
    depends_on=["arora2019.thm_5_1"],
)

CORRECTED = ("(Theorem 5.1) for a loss l: R x R -> [0, 1], 1-Lipschitz in its first argument with "
             "l(y, y) = 0, data from a (lambda_0, delta/3, n)-non-degenerate distribution, "
             "kappa = O(lambda_0 delta/n), m >= kappa^-2 poly(n, 1/lambda_0, 1/delta) and "
             "k >= Omega(log(n/delta)/(eta lambda_0)) GD steps: with probability >= 1 - delta, "
             "L_D(f_{W(k),a}) <= sqrt(2 y^T H_inf^-1 y / n) + O(sqrt(log(n/(lambda_0 delta))/n))")


def complexity(H, y, n_inside_root=True):
    """Equation (4) as printed: sqrt(2 y^T H^-1 y / n) (or sqrt(2 y^T H^-1 y)/n for a plant)."""
    q = float(y @ np.linalg.solve(H, y))
    n = len(y)
    return float(np.sqrt(2 * q / n)) if n_inside_root else float(np.sqrt(2 * q) / n)


def digit_splits(ctx, splits, n_train, classes=(0, 1)):
    X, y = digits_two_class(classes)
    for _ in range(splits):
        idx = ctx.rng.permutation(len(y))
        yield X[idx[:n_train]], y[idx[:n_train]], X[idx[n_train:]], y[idx[n_train:]]


def split_losses(f, y):
    return float(np.minimum(1.0, np.abs(f - y)).mean()), float((np.sign(f) != y).mean())


PAPER_LOSS_CLASS = "1-Lipschitz"
LOSS_CLASSES = ("1-Lipschitz", "[0,1]-valued, l(y,y)=0")


@CLAIM.check(method="numeric", tier="quick", established="corrected")
def informal_vs_formal(ctx, n_inside_root=True, loss_class=PAPER_LOSS_CLASS):
    """Counterexample to the informal statement; the formal one on the digits stand-in.

    ``loss_class``: "1-Lipschitz" (as printed) admits the constant loss l = 1, whose population
    loss is 1; "[0,1]-valued, l(y,y)=0" (Theorem 5.1's class) excludes it (l(y, y) = 1).
    """
    if loss_class not in LOSS_CLASSES:
        raise ValueError(f"loss_class must be one of {LOSS_CLASSES}")
    # (i) the statement as printed, with the constant loss l = 1
    n = 200
    X = sphere(n, 5, seed=int(ctx.rng.integers(2**31)))
    y = X[:, 0].copy()
    bound_lin = complexity(h_inf(X), y, n_inside_root)
    const_loss_population = 1.0
    # (ii) the formal statement on digits 0 vs 1, kernel-limit predictor
    rows = []
    for Xtr, ytr, Xte, yte in digit_splits(ctx, 5, 200):
        H = h_inf(Xtr)
        alpha = np.linalg.solve(H, ytr)
        f = h_inf(Xte, Xtr) @ alpha
        ramp, err = split_losses(f, yte)
        rows.append({"bound (4)": complexity(H, ytr, n_inside_root), "test ramp loss": ramp,
                     "test 0-1 error": err, "train residual": float(np.abs(H @ alpha - ytr).max())})
    holds = all(r["test ramp loss"] <= r["bound (4)"] and r["test 0-1 error"] <= r["bound (4)"]
                for r in rows)
    observed = {"(4) for y = x_1, n = 200": bound_lin,
                "population loss of l = 1 (any predictor)": const_loss_population,
                "digits: max test ramp loss": max(r["test ramp loss"] for r in rows),
                "digits: min bound (4)": min(r["bound (4)"] for r in rows)}
    expected = f"population loss <= sqrt(2 y^T H_inf^-1 y / n) for every {loss_class} loss"
    if not holds:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="even for a bounded loss with l(y, y) = 0 the bound fails on digits, "
                                "for the predictor GD approaches")
    errata = [Erratum(
        kind="missing condition",
        says="for any 1-Lipschitz loss function, the generalization error ... is at most (4)",
        correct="only for losses with values in [0, 1] and l(y, y) = 0, with an extra "
                "O(sqrt(log(n/(lambda_0 delta))/n)), with probability 1 - delta, under Theorem 5.1's "
                "conditions on kappa, m and the number of steps",
        evidence=f"l = 1 is 1-Lipschitz and [0,1]-valued; for y = x_1 on 200 unit inputs (4) = "
                 f"{bound_lin:.3f} < 1 = its population loss")]
    constant_loss_admitted = loss_class == "1-Lipschitz"
    if constant_loss_admitted and bound_lin < const_loss_population:
        return Evidence(
            verdict="corrected", expected=expected, observed=observed, table=rows, errata=errata,
            corrected=CORRECTED,
            details=f"as printed the statement fails for l = 1: (4) = {bound_lin:.3f} while every "
                    "predictor has population loss 1. With Theorem 5.1's conditions (bounded l, "
                    "l(y, y) = 0) the bound holds on the digits stand-in in all 5 splits for the "
                    "infinite-width, small-kappa, converged predictor H_inf(x, X) H_inf^-1 y, even "
                    "without the O(.) term (test ramp loss "
                    f"<= {observed['digits: max test ramp loss']:.3f} vs (4) >= "
                    f"{observed['digits: min bound (4)']:.3f}).")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    details=("no counterexample: the bound exceeds 1 here" if constant_loss_admitted
                             else "for losses with values in [0, 1] and l(y, y) = 0 the constant "
                                  "loss is excluded, and the bound holds on the digits stand-in in "
                                  "all 5 splits"))


@CLAIM.check(method="empirical", tier="full", established="confirmed", time_limit=900)
def trained_nets(ctx, n_inside_root=True):
    """Test losses of trained nets on digits splits against (4)."""
    rows = []
    m, kappa, steps = 1024, 0.01, 1000
    for Xtr, ytr, Xte, yte in digit_splits(ctx, 3, 200):
        H = h_inf(Xtr)
        lam = np.linalg.eigvalsh(H)
        eta = 1.0 / lam[-1]
        batch = init_two_layer(1, m, Xtr.shape[1], kappa=kappa, second_layer="sign",
                               scale="1/sqrt(m)", seed=[int(ctx.rng.integers(2**31))])
        hist = train(batch, torch.as_tensor(Xtr), torch.as_tensor(ytr), loss="square", lr=eta,
                     steps=steps, train_layers="first", record=("loss",), device=ctx.device)
        f = hist.batch.forward(torch.as_tensor(Xte).to(hist.batch.U)).cpu().numpy()[0]
        ramp, err = split_losses(f, yte)
        rows.append({"bound (4)": complexity(H, ytr, n_inside_root), "test ramp loss": ramp,
                     "test 0-1 error": err, "final training loss": float(hist.loss[-1, 0]),
                     "initial training loss": float(hist.loss[0, 0])})
    holds = all(r["test ramp loss"] <= r["bound (4)"] for r in rows)
    expected = "test ramp loss and 0-1 error of trained nets <= (4)"
    if holds:
        return Evidence(verdict="confirmed", expected=expected, table=rows,
                        details=f"width {m}, kappa = {kappa}, eta = 1/lambda_max, {steps} steps, digits "
                                "0 vs 1 with 200 training points: the bound holds in every split.")
    return Evidence(verdict="refuted", expected=expected, table=rows,
                    details="a trained net's test loss exceeds (4)")


CLAIM.plant("informal_vs_formal", "n outside the square root: sqrt(2 y^T H^-1 y)/n",
            n_inside_root=False)
CLAIM.plant("informal_vs_formal", "corrected statement: losses in [0, 1] with l(y, y) = 0",
            expect="confirmed", loss_class="[0,1]-valued, l(y,y)=0")
CLAIM.plant("trained_nets", "n outside the square root: sqrt(2 y^T H^-1 y)/n", n_inside_root=False)
