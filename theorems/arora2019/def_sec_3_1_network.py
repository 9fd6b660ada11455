"""arora2019, Section 3.1: the two-layer ReLU network with 1/sqrt(m) output scaling.

Statement (our words). The model has m hidden ReLU units and output

    f_{W,a}(x) = m^(-1/2) sum_{r=1}^m a_r max(w_r^T x, 0),

with W = (w_1, ..., w_m) in R^{d x m} (trained) and a in R^m (kept at its
random initial value).

Checks
------
* ``forward_pass`` (numeric): the printed formula in numpy with W stored as a
  d x m matrix of columns w_r, against the training engine's batched forward
  pass (``numerics.nets``, which stores the w_r as rows), for several widths.
* ``output_scale`` (statistical): what the 1/sqrt(m) buys: at the
  initialisation (1) the output variance E f(x)^2 = kappa^2/2 does not
  depend on m. We estimate it over many random nets for m from 4 to 4096
  and fit its log-log slope in m with a bootstrap interval: the printed
  scaling predicts 0, an output scaled by 1/m predicts -1. Each width's mean
  is also held to kappa^2/2 (exact for every m: the cross terms vanish since
  E a_r a_s = 0), within its Bonferroni-corrected 99.9% normal band.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch
from scipy import stats

from numerics.data import sphere
from numerics.nets import init_two_layer
from numerics.stats import loglog_slope
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.def_sec_3_1_network", paper="arora2019", label="Section 3.1, two-layer network",
    section="3.1", kind="definition",
    statement=("The network is f_{W,a}(x) = m^(-1/2) sum_r a_r max(w_r^T x, 0) with trained "
               "first-layer weights W in R^{d x m} and a fixed second layer a in R^m."),
)

PAPER_SCALE = "1/sqrt(m)"
PAPER_ACTIVATION = "Max(z, 0)"
z = sp.Symbol("z", real=True)


def printed_forward(W, a, X, scale=PAPER_SCALE, activation=PAPER_ACTIVATION):
    """f(x_i) for rows x_i of X, W in R^{d x m} (columns w_r)."""
    m = W.shape[1]
    sigma = sp.lambdify(z, sp.sympify(activation, locals={"z": z}), "numpy")
    s = float(sp.sympify(scale).subs(sp.Symbol("m"), m))
    return s * (sigma(X @ W) @ a)


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def forward_pass(ctx, scale=PAPER_SCALE, activation=PAPER_ACTIVATION):
    """numpy implementation of the printed f against the engine's forward pass."""
    rows, worst = [], 0.0
    for (n, d, m) in [(6, 3, 1), (10, 8, 37), (20, 16, 1000)]:
        X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
        batch = init_two_layer(2, m, d, kappa=0.7, second_layer="sign", scale="1/sqrt(m)",
                               seed=int(ctx.rng.integers(2**31)))
        eng = batch.forward(torch.as_tensor(X)).numpy()
        gap = 0.0
        for b in range(batch.B):
            W = batch.U[b].numpy().T                   # (d, m): columns w_r
            mine = printed_forward(W, batch.w[b].numpy(), X, scale, activation)
            gap = max(gap, float(np.abs(mine - eng[b]).max() / max(np.abs(eng[b]).max(), 1e-300)))
        worst = max(worst, gap)
        rows.append({"n": n, "d": d, "m": m, "max rel gap": gap})
    expected = f"f(x) = ({scale}) sum_r a_r {activation.replace('z', 'w_r^T x')}"
    if worst > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed={"max rel gap": worst},
                        table=rows, details="the printed network differs from the engine's")
    return Evidence(verdict="confirmed", expected=expected, observed={"max rel gap": worst},
                    table=rows, tolerance=1e-12,
                    details="identical outputs up to rounding (engine rows u_j = columns w_r).")


@CLAIM.check(method="statistical", tier="quick", established="confirmed")
def output_scale(ctx, scale=PAPER_SCALE):
    """E f(x)^2 at initialisation is kappa^2/2 for every m: log-log slope in m near 0."""
    kappa, nets = 0.5, ctx.pick(400, 2000)
    widths = [4, 16, 64, 256, 1024, 4096]
    z_crit = float(stats.norm.ppf(1 - 0.001 / (2 * len(widths))))    # 99.9%, Bonferroni
    ms, second = [], []
    table, off_level = [], []
    for m in widths:
        # for a unit input, w_r^T x ~ N(0, kappa^2) independently over r under (1)
        pre = kappa * ctx.rng.standard_normal((nets, m))
        a = ctx.rng.choice([-1.0, 1.0], size=(nets, m))
        s = float(sp.sympify(scale).subs(sp.Symbol("m"), m))
        f = s * (np.maximum(pre, 0.0) * a).sum(1)        # printed output, one per net
        f2 = f ** 2
        # split the nets into 20 groups so each width contributes 20 bootstrap points
        groups = f2.reshape(20, -1).mean(1)
        ms += [m] * len(groups)
        second += groups.tolist()
        se = float(f2.std(ddof=1) / np.sqrt(nets))
        z = (float(f2.mean()) - kappa ** 2 / 2) / se
        table.append({"m": m, "mean f^2": float(f2.mean()), "stderr": se, "z vs kappa^2/2": z})
        if abs(z) > z_crit:
            off_level.append(m)
    fit = loglog_slope(np.array(ms, float), np.array(second), seed=ctx.seed)
    expected = f"E f(x)^2 independent of m (= kappa^2/2 = {kappa ** 2 / 2}) under the {scale} scaling"
    observed = {"slope of E f^2 in m": [fit.slope, fit.lo, fit.hi],
                "widths with mean f^2 off kappa^2/2": off_level}
    if fit.lo <= 0.0 <= fit.hi and not off_level:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        interval=[fit.lo, fit.hi], tolerance=f"|z| <= {z_crit:.2f}",
                        details=f"{nets} random nets per width; the 95% bootstrap interval of the "
                                "slope contains 0 and every width's mean f^2 is within its 99.9% "
                                "(Bonferroni) band of kappa^2/2: the output stays O(1) as the "
                                "width grows.")
    return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                    interval=[fit.lo, fit.hi],
                    details=f"the output variance scales like m^{fit.slope:.2f}; widths off "
                            f"kappa^2/2: {off_level}")


CLAIM.plant("forward_pass", "output scale 1/m", scale="1/m")
CLAIM.plant("forward_pass", "activation |z| instead of max(z, 0)", activation="Abs(z)")
CLAIM.plant("output_scale", "output scale 1/m", scale="1/m")
CLAIM.plant("output_scale", "output scale 2/sqrt(m)", scale="2/sqrt(m)")
