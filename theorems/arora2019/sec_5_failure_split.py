"""arora2019, Section 5: how Theorem 5.1 spends its failure probability delta.

Statement (our words). Three things can go wrong: lambda_min(H_inf) < lambda_0 (the sample),
a bad initialisation (Lemmas 5.3, 5.4), and a bad sample for the Rademacher bound (Theorem B.1,
not in the text). Each is allotted delta/3, so by the union bound the theorem holds with
probability at least 1 - delta.

Checks
------
* ``union_bound`` (symbolic): the allotted levels sum to delta; the non-degeneracy level in
  Theorem 5.1's hypothesis, (lambda_0, delta/3, n), is the one allotted; spending delta/3 on
  the Rademacher bound costs 3 sqrt(log(6/delta)/(2n)), which is O(sqrt(log(n/(lambda_0 delta))/n))
  because lambda_0 <= lambda_min(H_inf) <= tr(H_inf)/n = 1/2 for unit inputs (sympy: diag 1/2),
  so that the printed O-term absorbs the split.
"""
from __future__ import annotations

import sympy as sp

from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.sec_5_failure_split", paper="arora2019",
    label="Section 5, failure-probability accounting", section="5", kind="claim",
    statement=(
        "Theorem 5.1's delta is split as delta/3 for non-degeneracy, delta/3 for the initialisation "
        "and delta/3 for the sample (Rademacher bound), totalling delta by the union bound."),
    depends_on=["arora2019.thm_5_1"],
)

PAPER_LEVELS = ("delta/3", "delta/3", "delta/3")      # non-degeneracy, initialisation, sample
THEOREM_NONDEGENERACY = "delta/3"                     # as in Theorem 5.1's hypothesis


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def union_bound(ctx, levels=PAPER_LEVELS, hypothesis=THEOREM_NONDEGENERACY):
    """Sum of allotted levels = delta; hypothesis matches; the confidence cost fits the O-term."""
    delta, n, lam0 = sp.symbols("delta n lambda_0", positive=True)
    parts = [sp.sympify(s, locals={"delta": delta}) for s in levels]
    total = sp.simplify(sum(parts) - delta)
    matches = sp.simplify(parts[0] - sp.sympify(hypothesis, locals={"delta": delta})) == 0
    # diagonal of H_inf at unit inputs: u (pi - arccos u)/(2 pi) at u = 1
    u = sp.Symbol("u")
    diag = sp.simplify((u * (sp.pi - sp.acos(u)) / (2 * sp.pi)).subs(u, 1))
    # the cost at level delta_s: 3 sqrt(log(2/delta_s)/(2n)); its square over log(n/(lambda_0 delta))/n
    cost_ratio = (9 * sp.log(2 / parts[2]) / 2) / sp.log(n / (lam0 * delta))
    worst = max(float(cost_ratio.subs({n: nn, lam0: sp.Rational(1, 2), delta: dd}))
                for nn in (1, 10, 10 ** 6) for dd in (sp.Rational(99, 100), sp.Rational(1, 10 ** 9)))
    observed = {"sum of levels - delta": str(total), "non-degeneracy level matches hypothesis": matches,
                "H_inf diagonal (unit inputs)": str(diag),
                "max (confidence cost / O-term)^2 at lambda_0 = 1/2": worst}
    expected = "levels sum to delta; hypothesis uses the allotted level"
    if total != 0 and sp.simplify(total).is_positive is not False:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"the three levels sum to delta + {total}: the union bound gives "
                                "failure probability above delta")
    if not matches:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details="the non-degeneracy level allotted differs from Theorem 5.1's hypothesis")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details="delta/3 + delta/3 + delta/3 = delta; Theorem 5.1 assumes "
                            "(lambda_0, delta/3, n)-non-degeneracy; diag(H_inf) = 1/2 gives lambda_0 <= 1/2, "
                            f"so the Rademacher term at level delta/3 is at most {worst:.2f}^(1/2) times "
                            "sqrt(log(n/(lambda_0 delta))/n) on the grid: absorbed by the O-term.")


CLAIM.plant("union_bound", "delta/2 for the sample (sum 7 delta/6)", levels=("delta/3", "delta/3", "delta/2"))
CLAIM.plant("union_bound", "hypothesis (lambda_0, delta/2, n)", hypothesis="delta/2")
