"""arora2019, Example 6.3: the cosine target cos(beta^T x) - 1.

Statement (our words). With b = ||beta||, cos(beta^T x) - 1 = sum_{j>=1} (-1)^j (beta^T x)^(2j)/(2j)!,
and the paper concludes from Corollary 6.2 that M_g = O(sum_j j b^(2j)/(2j)!) = O(b sinh b).

What is true. The series and the closed form sum_j j b^(2j)/(2j)! = (b/2) sinh b are right, but
(13) bounds sqrt(y^T H^-1 y), not y^T H^-1 y: it gives sqrt(M_g) <= 3 sum_j 2j b^(2j)/(2j)! =
3 b sinh b, i.e. M_g <= 9 b^2 sinh^2 b. The printed M_g = O(b sinh b) is false as a bound with
a universal constant: on data from the sphere S^(d-1) the supremum of y^T H^-1 y over data sets
(the squared RKHS norm of g, computed exactly by Funk-Hecke) divided by b sinh b grows with b
and d without bound (for each fixed d it is polynomial in b, so a d-dependent constant would do).

Checks
------
* ``series`` (symbolic): sympy's series of cos z - 1 against the printed coefficients; the
  closed form of sum_j j z^(2j)/(2j)!; the bound obtained from (13).
* ``sphere_supremum`` (numeric): lower bounds on sup_data y^T H^-1 y on S^(d-1) (a truncated
  Funk-Hecke sum whose terms two independent quadratures agree on), d in {10, 30, 60},
  b in {2, 4, 8}; the constant needed for M_g <= C b sinh b at b = 8 (lower bound) is compared
  with the constant that suffices at b = 2 in every d (the dimension-free RKHS bound
  sum_j b^(4j)/((2j)!)^2/a_2j); a growth by more than a factor 3 (declared level) refutes a
  universal C; the ratio to (b sinh b)^2 must stay below 9 (the corrected statement, from
  (13)); finite-n data (d = 3) must lie below the exact supremum, and every Funk-Hecke lower
  bound below the dimension-free upper bound.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from numerics.data import sphere
from theorems.arora2019._common import one_blas_thread
from theorems.arora2019._sec6 import (interpolation_norm, power_series_norm_sq, sphere_norm_sq,
                                      sphere_norm_sq_lower)
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.example_6_3", paper="arora2019", label="Example 6.3", section="6", kind="example",
    statement=(
        "For g(x) = cos(beta^T x) - 1, the Taylor series sum_{j>=1} (-1)^j (beta^T x)^(2j)/(2j)! and "
        "Corollary 6.2 give, per the paper, M_g = O(sum_j j ||beta||^(2j)/(2j)!) = "
        "O(||beta|| sinh ||beta||)."),
    depends_on=["arora2019.cor_6_2", "arora2019.sec_6_sample_complexity"],
)

z, b = sp.symbols("z b", positive=True)
j = sp.Symbol("j", integer=True, positive=True)
PAPER_COEFF = "(-1)**j/factorial(2*j)"            # coefficient of z^(2j) in cos z - 1
PAPER_SUM = "b*sinh(b)"                           # M_g = O(this)
PAPER_POWER_OF_MG = 1                             # M_g = O(sum)^1 as printed (2 after (13))


@CLAIM.check(method="symbolic", tier="quick", established="proved")
@one_blas_thread
def series(ctx, coeff=PAPER_COEFF, closed="b*sinh(b)/2"):
    """cos z - 1 series; sum_j j z^(2j)/(2j)! = (z/2) sinh z; the bound from (13)."""
    c = sp.sympify(coeff, locals={"j": j})
    s = sp.series(sp.cos(z) - 1, z, 0, 21).removeO()
    wrong = [jj for jj in range(1, 11) if sp.simplify(s.coeff(z, 2 * jj) - c.subs(j, jj)) != 0]
    wrong += [f"odd {k}" for k in range(1, 21, 2) if s.coeff(z, k) != 0]
    total = sp.summation(j * b ** (2 * j) / sp.factorial(2 * j), (j, 1, sp.oo))
    gap = sp.simplify((total - sp.sympify(closed, locals={"b": b})).rewrite(sp.exp))
    # (13) with p_j = 2j, |alpha_j| = 1/(2j)!, ||beta|| = b: 3 sum 2j b^(2j)/(2j)! = 6 * closed
    from13 = sp.simplify(3 * 2 * total)
    observed = {"series coefficients wrong at j": wrong, "sum_j j b^(2j)/(2j)!": str(sp.simplify(total)),
                "closed form gap": str(gap), "bound on sqrt(M_g) from (13)": str(from13),
                "bound on M_g from (13)": str(sp.simplify(from13 ** 2))}
    if wrong or gap != 0:
        return Evidence(verdict="refuted", expected=f"coefficients {coeff}, sum = {closed}",
                        observed=observed, details=f"mismatch: {wrong or gap}")
    return Evidence(verdict="proved", expected=f"coefficients {coeff}, sum = {closed}", observed=observed,
                    details="series to z^20 and the closed form (sympy summation) agree; (13) gives "
                            "sqrt(M_g) <= 3 b sinh b, i.e. M_g <= 9 b^2 sinh(b)^2.")


@CLAIM.check(method="numeric", tier="quick", established="corrected")
@one_blas_thread
def sphere_supremum(ctx, mg_power=PAPER_POWER_OF_MG, rate=PAPER_SUM):
    """sup over data of y^T H^-1 y against (b sinh b)^mg_power, over b and d."""
    dims = ctx.pick([10, 30, 60], [3, 10, 30, 60, 100])
    bs = ctx.pick([2.0, 4.0, 8.0], [1.0, 2.0, 4.0, 6.0, 8.0, 10.0])
    f_rate = sp.lambdify(b, sp.sympify(rate, locals={"b": b}))
    corrected_rate = lambda bb: (bb * math.sinh(bb)) ** 2   # noqa: E731 - what (13) gives for M_g
    rows, best = [], {}
    for d in dims:
        for bb in bs:
            v, terms, last, stopped = sphere_norm_sq_lower(lambda t, bb=bb: np.cos(bb * t) - 1, d,
                                                           range(0, int(2 * bb) + 30, 2))
            r1 = v / f_rate(bb) ** mg_power
            r2 = v / corrected_rate(bb)
            rows.append({"d": d, "b": bb, "sup_data y^T H^-1 y >=": v, "degrees used": last,
                         f"ratio to ({rate})^{mg_power}": r1, "ratio to (b sinh b)^2": r2})
            best[bb] = max(best.get(bb, 0.0), r1)
    # dimension-free upper bound on sup_data y^T H^-1 y (any d): sum_j b^(4j)/((2j)!)^2 / a_2j
    upper = {bb: power_series_norm_sq({2 * jj: 1 / math.factorial(2 * jj) for jj in range(1, 60)}, bb)
             for bb in bs}
    below_upper = all(r["sup_data y^T H^-1 y >="] <= upper[r["b"]] * (1 + 1e-9) for r in rows)
    # finite data at d = 3 must stay below the exact supremum (validates the Funk-Hecke values)
    X = sphere(ctx.pick(400, 1500), 3, seed=int(ctx.rng.integers(2**31)))
    u = np.array([1.0, 0.0, 0.0])
    finite_ok, finite_rows = True, []
    for bb in (1.0, 2.0):
        data = interpolation_norm(X, np.cos(bb * (X @ u)) - 1) ** 2
        exact, _ = sphere_norm_sq(lambda t, bb=bb: np.cos(bb * t) - 1, 3, range(0, 40, 2))
        finite_ok &= data <= exact * (1 + 1e-6)
        finite_rows.append({"b": bb, "d": 3, "data y^T H^-1 y": data, "exact sup": exact})
    need = [best[bb] for bb in bs]
    need0_max = upper[bs[0]] / f_rate(bs[0]) ** mg_power     # the needed C at b = bs[0], any d
    growth = need[-1] / need0_max                             # a certified lower bound on the growth
    worst2 = max(r["ratio to (b sinh b)^2"] for r in rows)             # lower bound on the sup
    worst2_up = max(upper[bb] / corrected_rate(bb) for bb in bs)       # upper bound, any d
    expected = f"M_g <= C ({rate})^{mg_power} with C universal"
    observed = {f"needed C at b = {bb}": best[bb] for bb in bs}
    observed.update({f"needed C at b = {bs[0]}, upper bound (any d)": need0_max,
                     "growth of needed C over b (lower bound)": growth,
                     "max ratio to (b sinh b)^2 (lower, upper bound)": [worst2, worst2_up],
                     "finite data below the exact sup": bool(finite_ok),
                     "sphere lower bounds below the dimension-free upper bound": below_upper})
    table = rows + finite_rows
    if not (finite_ok and below_upper):
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="finite-data norms exceed the Funk-Hecke value, or a Funk-Hecke lower "
                                "bound exceeds the dimension-free upper bound: quadrature trouble")
    # declared level: a universal constant may vary over b in [2, 8] by at most a factor 3
    if growth <= 3:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        details=f"the needed constant stays bounded (growth {growth:.3g})")
    corrected = "M_g = O(||beta||^2 sinh^2 ||beta||) (from (13): M_g <= 9 ||beta||^2 sinh^2 ||beta||)"
    if worst2 > 9:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        details="even the corrected rate (b sinh b)^2 of (13) fails")
    return Evidence(
        verdict="corrected", expected=expected, observed=observed, table=table, corrected=corrected,
        errata=[Erratum(kind="wrong exponent",
                        says="M_g = O(sum_j j ||beta||^(2j)/(2j)!) = O(||beta|| sinh ||beta||)",
                        correct=corrected + "; for fixed d the data norm is only polynomial in "
                                "||beta||, so O(b sinh b) holds with a d-dependent constant",
                        evidence=f"exact sup over data on S^(d-1), d up to {dims[-1]}: the ratio to "
                                 f"b sinh b needs C >= {need[-1]:.3g} at b = {bs[-1]}, while "
                                 f"C = {need0_max:.3g} suffices at b = {bs[0]} in every d; the need "
                                 "grows with d; (13) bounds sqrt(M_g), the square was dropped")],
        constants=[Constant(name="M_g / (b sinh b)^2", where="Example 6.3", stated="(printed O(b sinh b))",
                            found=f"sup over data and d in [{worst2:.4f}, {worst2_up:.4f}] for b in "
                                  f"{bs} (9 from (13))",
                            how="Funk-Hecke lower bounds (cross-validated quadratures, d <= "
                                f"{dims[-1]}); dimension-free RKHS upper bound", sharp=False)],
        details=f"the constant needed for M_g <= C ({rate})^{mg_power} is at most {need0_max:.3g} at "
                f"b = {bs[0]} in every d (dimension-free RKHS bound) but at least {need[-1]:.3g} at "
                f"b = {bs[-1]} (Funk-Hecke lower bound, d <= {dims[-1]}): a factor >= {growth:.3g} "
                f"(> 3, the declared level) over b in [{bs[0]:g}, {bs[-1]:g}]: no universal C; the "
                f"corrected rate (b sinh b)^2 holds with ratio <= {worst2_up:.3f} <= 9 "
                "(dimension-free bound).")


CLAIM.plant("series", "coefficient (-1)^j/(2j)! replaced by (-1)^j/(2j)", coeff="(-1)**j/(2*j)")
CLAIM.plant("series", "closed form b sinh(b) (factor 2)", closed="b*sinh(b)")
CLAIM.plant("sphere_supremum", "M_g = O(b^2) (polynomial rate)", rate="b**2")
CLAIM.plant("sphere_supremum", "corrected statement: M_g = O((b sinh b)^2)", expect="confirmed",
            mg_power=2)
CLAIM.plant("sphere_supremum", "corrected statement written as M_g = O(b^2 sinh^2 b)",
            expect="confirmed", rate="b**2*sinh(b)**2")
