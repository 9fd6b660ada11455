"""arora2019, equation (2): the training objective, half the sum of squared residuals.

Statement (our words). The first layer is trained by GD on

    Phi(W) = 1/2 sum_{i=1}^n (y_i - f_{W,a}(x_i))^2,

a sum over samples (not a mean) with the factor 1/2, the second layer fixed.

Checks
------
* ``consistent_with_update`` (symbolic): the normalisation matters for the
  rest of the paper: the GD update (Section 3.1), equation (5) and the
  linear dynamics (7) all carry the residual as (u_i - y_i) with coefficient
  exactly 1, and Section 3.4 restates Phi = ||y - u||^2/2. sympy
  differentiates the printed Phi (coefficient c, optional 1/n) with respect
  to the outputs u_i and compares with (u_i - y_i); the restatement is
  compared with the printed sum.
* ``engine_objective`` (numeric): the objective of the training engine
  (``numerics.nets.objective``, ``loss="square"``) against the printed sum
  evaluated in numpy on an independently computed forward pass.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from numerics.data import sphere
from numerics.nets import init_two_layer, objective
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.eq_2", paper="arora2019", label="Equation (2)", section="3.1", kind="definition",
    statement=("The objective is Phi(W) = (1/2) sum_i (y_i - f_{W,a}(x_i))^2, half the residual sum "
               "of squares on the training set, minimised over W with a held fixed."),
    depends_on=["arora2019.def_sec_3_1_network"],
)

PAPER_COEFF = "1/2"
PAPER_MEAN = False          # a sum over samples, not (1/n) times it


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def consistent_with_update(ctx, coeff=PAPER_COEFF, mean=PAPER_MEAN):
    """d Phi / d u_i of the printed Phi against the (u_i - y_i) used by (5), (6), (7)."""
    n = 4
    nn = sp.Symbol("n", positive=True)
    u = sp.symbols(f"u0:{n}", real=True)
    y = sp.symbols(f"y0:{n}", real=True)
    c = sp.sympify(coeff)
    phi = c * sum((y[i] - u[i]) ** 2 for i in range(n)) / (nn if mean else 1)
    grads = [sp.simplify(sp.diff(phi, u[i]) - (u[i] - y[i])) for i in range(n)]
    restated = sp.simplify(phi - sp.Rational(1, 2) * sum((y[i] - u[i]) ** 2 for i in range(n)))
    expected = "dPhi/du_i = u_i - y_i (as in (5) and the GD update); Phi = ||y - u||^2/2"
    observed = {"dPhi/du_i - (u_i - y_i)": [str(g) for g in grads],
                "Phi - ||y-u||^2/2": str(restated)}
    if any(g != 0 for g in grads) or restated != 0:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"with Phi = {coeff} {'mean' if mean else 'sum'} of squares, the "
                                "gradient in u is not the residual u - y the update rule uses")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details="the factor 1/2 and the sum (not the mean) are exactly what make the "
                            "residual enter (5), the update and (7) with coefficient 1.")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def engine_objective(ctx, coeff=PAPER_COEFF, mean=PAPER_MEAN):
    """The engine's square-loss objective against the printed sum on a numpy forward pass."""
    rows, worst = [], 0.0
    c = float(sp.sympify(coeff))
    for (n, d, m, kappa) in [(5, 3, 10, 1.0), (20, 10, 300, 0.1)]:
        X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
        y = ctx.rng.uniform(-1, 1, size=n)
        batch = init_two_layer(3, m, d, kappa=kappa, second_layer="sign", scale="1/sqrt(m)",
                               seed=int(ctx.rng.integers(2**31)))
        eng = objective(batch, torch.as_tensor(X), torch.as_tensor(y), loss="square").numpy()
        U, a = batch.U.numpy(), batch.w.numpy()
        f = np.einsum("bmd,nd->bnm", U, X).clip(min=0) @ a[..., None] / np.sqrt(m)
        printed = c * ((y[None, :] - f[..., 0]) ** 2).sum(1) / (n if mean else 1)
        rel = float(np.abs(eng - printed).max() / np.abs(printed).max())
        worst = max(worst, rel)
        rows.append({"n": n, "m": m, "kappa": kappa, "engine": eng.tolist(),
                     "printed": printed.tolist(), "max rel gap": rel})
    expected = f"Phi = {coeff} {'(1/n) ' if mean else ''}sum_i (y_i - f(x_i))^2"
    if worst > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed={"max rel gap": worst},
                        table=rows, details="the engine's objective is not the printed Phi")
    return Evidence(verdict="confirmed", expected=expected, observed={"max rel gap": worst},
                    table=rows, tolerance=1e-12,
                    details="the engine trains on exactly the printed objective.")


CLAIM.plant("consistent_with_update", "no factor 1/2", coeff="1")
CLAIM.plant("consistent_with_update", "mean instead of sum", mean=True)
CLAIM.plant("engine_objective", "no factor 1/2", coeff="1")
