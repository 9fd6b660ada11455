"""arora2019, Section 6: Example 6.4 against the requirement of Allen-Zhu et al. (2018a).

Statement (our words). For phi(z) = z arctan(z/2), the generalisation theorem of Allen-Zhu et
al. would need the series S = sum_{j>=1} (C sqrt(log(1/eps)))^(2j) 2^(1-2j)/(2j-1) to be finite,
for a large constant C and the target error eps; the paper says it is not.

What we check. Only the series: whether S is what Allen-Zhu et al.'s theorem requires is taken
from the text (their paper is not part of the material). With u = C^2 log(1/eps)/4 the terms
are 2 u^j/(2j-1); S = 2 sqrt(u) artanh(sqrt(u)) for u < 1 and S = infinity for u >= 1. So the
requirement fails exactly when eps <= exp(-4/C^2): for every eps < 1/e once C >= 2 ('a large
constant'), and for every eps < 1 as C -> infinity. The coefficients are Example 6.4's
|(-1)^(j-1) 2^(1-2j)/(2j-1)|.

Checks
------
* ``divergence`` (symbolic): ratio-test limit, the closed form for u < 1 (sympy summation,
  checked against partial sums), divergence at u = 1 (terms ~ 1/j), the threshold
  eps* = exp(-4/C^2), and the verdict for the given (C, eps).
"""
from __future__ import annotations

import sympy as sp

from theorems.arora2019._common import one_blas_thread
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.sec_6_allen_zhu_comparison", paper="arora2019",
    label="Section 6, comparison with Allen-Zhu et al. (2018a)", section="6", kind="claim",
    statement=(
        "For Example 6.4 the series sum_j (C sqrt(log(1/eps)))^(2j) 2^(1-2j)/(2j-1), which the "
        "generalisation theorem of Allen-Zhu et al. would need to be finite (C a large constant, "
        "eps the target error), diverges."),
    depends_on=["arora2019.example_6_4"],
)

PAPER_C = 10.0             # 'a large constant'
PAPER_EPS = 0.1            # a target generalisation error
PAPER_CLAIMS_DIVERGENCE = True


@CLAIM.check(method="symbolic", tier="quick", established="proved")
@one_blas_thread
def divergence(ctx, C=PAPER_C, eps=PAPER_EPS, diverges=PAPER_CLAIMS_DIVERGENCE):
    """Exact convergence region of the series and the verdict at (C, eps)."""
    j = sp.Symbol("j", integer=True, positive=True)
    u = sp.Symbol("u", positive=True)
    Cs, e = sp.symbols("C epsilon", positive=True)
    term = (Cs * sp.sqrt(sp.log(1 / e))) ** (2 * j) * 2 ** (1 - 2 * j) / (2 * j - 1)
    ratio = sp.limit(sp.simplify(term.subs(j, j + 1) / term), j, sp.oo)       # -> C^2 log(1/eps)/4
    u_expr = sp.simplify(ratio)
    term_u = 2 * u ** j / (2 * j - 1)
    closed = 2 * sp.sqrt(u) * sp.atanh(sp.sqrt(u))
    partial = float(sum(term_u.subs({u: sp.Rational(1, 2), j: k}) for k in range(1, 80)))
    closed_ok = abs(partial - float(closed.subs(u, sp.Rational(1, 2)))) < 1e-12
    at_one = sp.limit(term_u.subs(u, 1) * j, j, sp.oo)        # terms ~ 1/j at u = 1: diverges
    threshold = sp.exp(-4 / Cs ** 2)                           # u >= 1 <=> eps <= threshold
    u_val = float(u_expr.subs({Cs: C, e: eps}))
    actually_diverges = u_val >= 1
    observed = {"ratio test limit": str(u_expr), "closed form for u < 1": str(closed),
                "partial sum check at u = 1/2": closed_ok, "j * term at u = 1": str(at_one),
                "threshold eps*": str(threshold), "u at (C, eps)": u_val,
                "eps* at this C": float(threshold.subs(Cs, C))}
    expected = f"series {'diverges' if diverges else 'converges'} at C = {C}, eps = {eps}"
    if not closed_ok or at_one != 1:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                        details="closed form or boundary analysis failed")
    if actually_diverges != diverges:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"u = C^2 log(1/eps)/4 = {u_val:.4g}: the series "
                                f"{'diverges' if actually_diverges else 'converges'} "
                                f"(threshold eps* = exp(-4/C^2) = {float(threshold.subs(Cs, C)):.4g})")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details=f"u = C^2 log(1/eps)/4 = {u_val:.4g} >= 1, so the terms do not go to 0 "
                            "(u > 1) or behave like 1/j (u = 1): the series diverges. In general it "
                            "diverges iff eps <= exp(-4/C^2), i.e. for all eps < 1/e when C >= 2; "
                            "for u < 1 it equals 2 sqrt(u) artanh(sqrt(u)).")


CLAIM.plant("divergence", "divergence claimed for a small constant C = 1 at eps = 0.5", C=1.0, eps=0.5)
CLAIM.plant("divergence", "series claimed finite for C = 10, eps = 0.1", diverges=False)
