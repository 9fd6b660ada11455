"""wei2019, Section 2: four ReLU neurons are enough to fit D.

Statement (our words). The features [x^T e1]_+, [-x^T e1]_+, [x^T e2]_+ and
[-x^T e2]_+ suffice for D: with output weights (+1, +1, -1, -1) they give
f(x) = |x1| - |x2|, which equals the label y on every point of the support
(y = +1 has |x1| = 1, x2 = 0; y = -1 has x1 = 0, |x2| = 1), whatever the
noise coordinates; so a width-4 net separates D with margin 1 (and fits it
exactly in the regression sense). With fewer of these features, or with
noise directions instead, no output layer separates D.

Checks
------
* ``linear_separability`` (optimization): the features depend only on
  (x1, x2) for the printed directions, so D's support collapses to four
  feature vectors; for the printed directions (and for the plants) we
  enumerate the support for d = 4..9 and solve the LP max_w min_i y_i f(x_i)
  subject to |w_j| <= 1 (HiGHS via scipy); the claim holds iff the optimum is
  positive. For the printed four it is 1, attained by w = (1, 1, -1, -1).
* ``exact_fit`` (symbolic): sympy evaluates sum_j w_j [u_j^T x]_+ with the
  printed neurons and w = (1, 1, -1, -1) on the four (y, x1, x2) patterns
  with symbolic noise coordinates and checks f = y exactly, for every d.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.optimize import linprog

from numerics.data import wei2019_D_support
from verify import Claim, Evidence

CLAIM = Claim(
    id="wei2019.sec_2_four_neurons", paper="wei2019",
    label="Section 2 (four neurons suffice for D)", section="2", kind="remark",
    statement=(
        "ReLU units along +-e1 and +-e2 suffice for D: a width-4 net made of these four units "
        "classifies every point of D correctly with margin 1 (1/8 after normalisation)."),
    depends_on=["wei2019.sec_B2_width4_network"],
)

# neurons as (coordinate, sign): [sign * x^T e_coord]_+
PAPER_NEURONS = [[0, 1.0], [0, -1.0], [1, 1.0], [1, -1.0]]
PAPER_WEIGHTS = [1, 1, -1, -1]
PATTERNS = [(1, 1, 0), (1, -1, 0), (-1, 0, 1), (-1, 0, -1)]


def features(X, neurons):
    U = np.zeros((len(neurons), X.shape[1]))
    for j, (coord, sign) in enumerate(neurons):
        U[j, int(coord)] = sign
    return np.maximum(X @ U.T, 0.0)


def max_margin(F, y):
    """max_{|w|_inf <= 1} min_i y_i w^T F_i by linear programming (variables w, t)."""
    m = F.shape[1]
    c = np.zeros(m + 1)
    c[-1] = -1.0                                       # maximise t
    A = np.hstack([-(y[:, None] * F), np.ones((len(y), 1))])   # t - y_i w.F_i <= 0
    res = linprog(c, A_ub=A, b_ub=np.zeros(len(y)), bounds=[(-1, 1)] * m + [(None, None)],
                  method="highs")
    if res.status != 0:
        raise RuntimeError(f"LP failed: {res.message}")
    return float(-res.fun), res.x[:m]


@CLAIM.check(method="optimization", tier="quick", established="confirmed")
def linear_separability(ctx, neurons=PAPER_NEURONS):
    """Best margin of an output layer on the given features, over the whole support of D."""
    rows = []
    for d in range(4, 10):
        X, y = wei2019_D_support(d)
        F = features(X, neurons)
        distinct = np.unique(np.hstack([F, y[:, None]]), axis=0)   # distinct (features, label)
        gamma, w = max_margin(distinct[:, :-1], distinct[:, -1])
        rows.append({"d": d, "support": len(y), "LP margin (|w|_inf <= 1)": gamma,
                     "w": np.round(w, 9).tolist()})
    gam = min(r["LP margin (|w|_inf <= 1)"] for r in rows)
    expected = f"some output layer on {len(neurons)} neurons {neurons} separates D"
    observed = {"min over d of the optimal margin": gam, "optimal w (d = 9)": rows[-1]["w"]}
    if gam <= 1e-9:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details=f"no output layer on these features separates D (LP optimum "
                                f"{gam:.3g}): some support point always has y f <= 0")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="LP optimum > 1e-9",
                    details=f"LP over the whole support, d = 4..9: optimum margin {gam:.6g} with "
                            f"|w_j| <= 1, attained by w = {rows[-1]['w']}; the four features "
                            "separate D with margin 1 (normalised: 1/8 with ||Theta||_F^2 = 8).")


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def exact_fit(ctx, neurons=PAPER_NEURONS, weights=PAPER_WEIGHTS):
    """sum_j w_j [u_j^T x]_+ = y on the four patterns, with symbolic noise coordinates."""
    noise = sp.symbols("x3:7", real=True)
    out = []
    for y, x1, x2 in PATTERNS:
        x = [sp.Integer(x1), sp.Integer(x2), *noise]
        f = sum(sp.Integer(int(w)) * sp.Max(0, sp.Integer(int(s)) * x[int(c)])
                for (c, s), w in zip(neurons, weights))
        out.append((y, x1, x2, sp.expand(f)))
    bad = [(y, x1, x2, str(f)) for y, x1, x2, f in out if sp.expand(f - y) != 0]
    expected = "f(x) = y on every support point, for every d"
    observed = {f"(y, x1, x2) = ({y}, {x1}, {x2})": str(f) for y, x1, x2, f in out}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"f differs from y on patterns {bad}")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details="exact: with the printed neurons and output weights (1, 1, -1, -1), "
                            "f = |x1| - |x2| = y on each of the four patterns and does not depend "
                            "on the noise coordinates, so y f = 1 on all of supp(D) for every d: "
                            "zero classification error and zero squared error.")


CLAIM.plant("linear_separability", "three neurons: [-x^T e2]_+ dropped",
            neurons=[[0, 1.0], [0, -1.0], [1, 1.0]])
CLAIM.plant("linear_separability", "neurons along e1, e2 and two noise coordinates",
            neurons=[[0, 1.0], [1, 1.0], [2, 1.0], [3, 1.0]])
CLAIM.plant("exact_fit", "second-layer weights all +1", weights=[1, 1, 1, 1])
CLAIM.plant("exact_fit", "neuron [-x^T e1]_+ replaced by [x^T e2]_+",
            neurons=[[0, 1.0], [1, 1.0], [1, 1.0], [1, -1.0]])
