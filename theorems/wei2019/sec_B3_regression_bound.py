"""wei2019, Section B.3: the regularized net's generalization bound in the regression setting.

Statement (our words). On D the width-4 net of the proof of Theorem 2.1
reproduces the labels exactly (f(x) = y on every support point, not only
y f(x) > 0), and its parameters have norm O(1). Hence the minimum-norm
interpolating net Theta_{*,m} (the lam -> 0 limit of Theorem B.10, any
m >= 4) has norm O(1), and norm-based Rademacher bounds (Golowich et al.)
for the truncated squared loss l(yhat, y) = min((y - yhat)^2, 1) give test
loss O~(sqrt((d log n + log(1/delta))/n)), the same rate as the
classification bound of Theorem 2.1.

Checks
------
* ``witness_interpolates`` (numeric, exact): enumerate supp(D) for
  d = 3..10; the witness must satisfy f(x) = y exactly (regression fit, not
  only correct signs), with ||Theta||_F^2 = 8 and path norm 4, independent
  of d; hence ||Theta_{*,m}||_F^2 <= 8 for every sample and every m >= 4.
* ``rate_consistency`` (symbolic): an explicit version of the argument:
  every net with ||Theta||_F^2 <= R^2 = 8 has ||W1||_F ||W2||_F <= R^2/2 = 4
  after rebalancing, so Golowich et al. (Theorem 1, depth 2) give empirical
  Rademacher complexity <= 4 C (sqrt(2 log(2) 2) + 1)/sqrt(n) with
  C = sqrt(d-1); the truncated squared loss is 2-Lipschitz in yhat and
  bounded by 1, so (contraction + the standard bounded-loss bound) the test
  loss of an interpolating net is <= 4 Rad + 3 sqrt(log(2/delta)/(2n)). sympy
  compares this explicit bound with the printed rate: the ratio must stay
  bounded (up to polylog factors) as d, n, 1/delta -> infinity, and the
  printed rate is compared with the classification bound of B.2
  (sqrt(d/n) + sqrt(log log(16 d)/n) + sqrt(log(1/delta)/n)).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from numerics.data import wei2019_D_support
from theorems.wei2019.sec_B2_width4_network import PAPER_WITNESS, net_output, witness_net
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.sec_B3_regression_bound", paper="wei2019", label="B.3 regression generalization bound",
    section="B.3", kind="claim",
    statement=(
        "The width-4 witness of Theorem 2.1 fits D exactly as a regression function (f = y on the "
        "support) with O(1) norm, so Golowich et al.'s norm-based bounds give the minimum-norm "
        "interpolating net a truncated-squared-loss test error O~(sqrt((d log n + log(1/delta))/n)), "
        "the same rate as the classification bound."),
    depends_on=["wei2019.thm_B10", "wei2019.sec_B2_width4_network", "wei2019.lemma_D3"],
)

PAPER_RATE = "sqrt((d*log(n) + log(1/delta))/n)"
R2_WITNESS = 8          # ||Theta||_F^2 of the witness (exact, witness_interpolates)


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def witness_interpolates(ctx, witness=PAPER_WITNESS):
    """f(x) = y exactly on supp(D), d = 3..10, and the witness's norms."""
    rows, worst = [], 0.0
    for d in range(3, 11):
        X, y = wei2019_D_support(d)
        U, w = witness_net(witness, d)
        f = net_output(U, w, X)
        err = float(np.abs(f - y).max())
        worst = max(worst, err)
        trunc = float(np.minimum((y - f) ** 2, 1).mean())
        rows.append({"d": d, "support": len(y), "max |f - y|": err,
                     "truncated squared loss on supp(D)": trunc,
                     "||Theta||_F^2": float((U ** 2).sum() + (w ** 2).sum()),
                     "path norm": float((np.abs(w) * np.linalg.norm(U, axis=1)).sum())})
    norms = {r["||Theta||_F^2"] for r in rows}
    observed = {"max |f - y| over d = 3..10": worst, "||Theta||_F^2": sorted(norms)}
    expected = "f(x) = y on all of supp(D), ||Theta|| = O(1)"
    if worst > 1e-12 or len(norms) != 1:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="the witness does not interpolate the labels (or its norm moves)")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="exact (1e-12)",
                    constants=[Constant(name="||Theta_(*,m)||_F^2 on any sample of D (m >= 4)",
                                        where="B.3", stated="O(1)", found="<= 8 (the witness)",
                                        how="exact enumeration of supp(D), d = 3..10",
                                        certified=True, sharp=True)],
                    details="exact: f = y on every support point for d = 3..10 (its population "
                            "truncated squared loss is 0), ||Theta||_F^2 = 8, path norm 4; the "
                            "min-norm interpolant of any sample therefore has ||Theta||_F^2 <= 8 "
                            "(8 is attained on supp(D), d = 3: thm_B10).")


def _sym():
    return sp.symbols("d n delta", positive=True)


@CLAIM.check(method="symbolic", tier="quick", established="confirmed")
def rate_consistency(ctx, rate=PAPER_RATE):
    """The explicit Golowich-based bound against the printed O~ rate and the classification bound."""
    d, n, delta = _sym()
    L = sp.Symbol("L", positive=True)                       # stands for log(n) (polylog slack)
    q = 2
    C = sp.sqrt(d - 1)
    rad = sp.Rational(R2_WITNESS, 2) * C * (sp.sqrt(2 * sp.log(2) * q) + 1) / sp.sqrt(n)
    lip = 2
    explicit = 2 * lip * rad + 3 * sp.sqrt(sp.log(2 / delta) / (2 * n))
    printed = sp.sympify(rate, locals={"d": d, "n": n, "delta": delta})
    ratio = explicit / printed
    # limits along each direction (others fixed at moderate values)
    lim_d = sp.limit(ratio.subs({n: 100, delta: sp.Rational(1, 100)}), d, sp.oo)
    lim_n = sp.limit(ratio.subs({d: 10, delta: sp.Rational(1, 100)}), n, sp.oo)
    lim_delta = sp.limit(ratio.subs({d: 10, n: 100}), delta, 0, "+")
    # polylog slack: the ratio may grow at most like a power of log n; test the printed rate
    # multiplied by log(n)^2 / log(d+n) style slack by checking polynomial growth in d and n
    grow_d = sp.limit(sp.log(ratio.subs({n: 100, delta: sp.Rational(1, 100)})) / sp.log(d), d, sp.oo)
    grow_n = sp.limit(sp.log(ratio.subs({d: 10, delta: sp.Rational(1, 100)})) / sp.log(n), n, sp.oo)
    # numeric supremum on a wide grid
    f = sp.lambdify((d, n, delta), ratio, "numpy")
    D, N, DL = np.meshgrid(np.geomspace(3, 1e8, 40), np.geomspace(2, 1e14, 40),
                           np.geomspace(1e-30, 0.5, 20), indexing="ij")
    sup = float(np.nanmax(f(D, N, DL)))
    # classification bound of B.2 (delta kept) against the printed regression rate
    classif = sp.sqrt(d / n) + sp.sqrt(sp.log(sp.log(16 * d)) / n) + sp.sqrt(sp.log(1 / delta) / n)
    cr = printed / classif
    cf = sp.lambdify((d, n, delta), cr, "numpy")
    crv = cf(D, N, DL)
    c_over_sqrtlog = crv / np.sqrt(np.log(N))
    observed = {"explicit bound": str(explicit), "explicit / printed": str(ratio),
                "limit d -> oo": str(lim_d), "limit n -> oo": str(lim_n),
                "limit delta -> 0": str(lim_delta),
                "polynomial growth exponent in d, in n": [str(grow_d), str(grow_n)],
                "sup of explicit/printed on the grid": sup,
                "printed / classification bound: range": [float(crv.min()), float(crv.max())],
                "printed / (classification * sqrt(log n)): range":
                    [float(c_over_sqrtlog.min()), float(c_over_sqrtlog.max())]}
    expected = f"test truncated squared loss <= O~({rate})"
    bounded = all(v.is_finite for v in (lim_d, lim_n, lim_delta)) and grow_d == 0 and grow_n <= 0
    if not bounded:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=(f"the explicit bound outgrows the printed rate polynomially "
                                 f"(exponents {grow_d} in d, {grow_n} in n): more than a polylog "
                                 "factor"))
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed,
        constants=[Constant(name="constant in O~(sqrt((d log n + log(1/delta))/n))", where="B.3",
                            stated="O~ (unspecified)",
                            found=f"<= {sup:.4g} (sup over d in [3, 1e8], n in [2, 1e14], "
                                  f"delta in [1e-30, 1/2]); first term 16 (sqrt(4 log 2) + 1) = "
                                  f"{float(16 * (sp.sqrt(4 * sp.log(2)) + 1)):.4g} x sqrt((d-1)/n)",
                            how="Golowich et al. Thm 1 (depth 2) + contraction (Lipschitz 2) + "
                                "bounded-loss uniform bound, ||Theta||_F^2 <= 8",
                            certified=False)],
        errata=[Erratum(
            kind="loose", says=f"B.3: test loss O~({rate})",
            correct=("the same argument gives O(sqrt(d/n) + sqrt(log(1/delta)/n)) without the log n: "
                     "the norm bound ||Theta||_F^2 <= 8 is known in advance (no union bound over norm "
                     "scales is needed), so the rate matches the classification bound of Theorem 2.1 "
                     "up to its log log(16 d) term; the printed log n is harmless slack"),
            evidence=(f"sympy: explicit/printed -> {lim_d} (d -> oo), {lim_n} (n -> oo); "
                      f"printed/classification in [{crv.min():.3g}, {crv.max():.3g}] on the grid, "
                      f"within [{c_over_sqrtlog.min():.3g}, {c_over_sqrtlog.max():.3g}] x sqrt(log n)"))],
        details=(f"the explicit bound {explicit} is at most {sup:.4g} times the printed rate on the "
                 "whole grid and its ratio has finite limits in every direction (no polynomial "
                 "growth in d or n), so the printed O~ rate holds; it exceeds the classification "
                 "bound of B.2 only by a sqrt(log n) factor (hidden by O~), so 'same as the "
                 "classification upper bound' is right up to logs."))


CLAIM.plant("witness_interpolates", "the e2 neurons with weight -1/2 (f = -1/2 on negatives)",
            witness=[[0, 1.0, 1.0], [0, -1.0, 1.0], [1, 1.0, -0.5], [1, -1.0, -0.5]])
CLAIM.plant("rate_consistency", "rate without d: O~(sqrt(log(1/delta)/n))",
            rate="sqrt((log(n) + log(1/delta))/n)")
