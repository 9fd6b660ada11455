"""arora2019, Theorem 6.1: labels from a single power of a linear form have a small data norm.

Statement (our words). If every label is y_i = alpha (beta^T x_i)^p with p = 1 or p even,
then, whatever the unit inputs x_i and however many there are,

    sqrt(y^T (H_inf)^-1 y) <= 3 p |alpha| ||beta||_2^p.

Why it holds (our derivation, independent of Appendix E, which is not in the text). The
kernel of H_inf is k(t) = t (pi - arccos t)/(2 pi) = t/4 + t arcsin(t)/(2 pi) =
sum_p a_p t^p with a_1 = 1/4, a_{2l} = binom(2l-2, l-1)/(4^(l-1)(2l-1) 2 pi) and a_p = 0 for
odd p >= 3. The feature map x -> x^{(x)p} of (x^T x')^p gives
(beta^T x)^p = <beta^{(x)p}, x^{(x)p}>, so the RKHS norm of g is at most
|alpha| ||beta||^p / sqrt(a_p); and y^T H^-1 y is the squared norm of the least-norm
interpolant of the data, hence at most ||g||^2. So Theorem 6.1 holds with the constant
1/sqrt(a_p) in place of 3p, and 3p >= 1/sqrt(a_p) for every admissible p.

Checks
------
* ``power_series_constant`` (symbolic): sympy's Taylor series of k against the closed form
  of a_p; a_p = 0 for odd p >= 3 (k(t) - t/4 is even); (3p)^2 a_p >= 1 exactly for p = 1 and
  p = 2, 4, ..., 60, and for every even p by a symbolic induction (central binomial bound).
  A constant C(p) < 2 is refuted exactly by the antipodal pair {u, -u} (H_inf = I/2), whose
  data norm is 2 |alpha| ||beta||^p in every dimension; 2 <= C(p) < 1/sqrt(a_p) is left to
  ``sphere_data`` (inconclusive here).
* ``sphere_data`` (numeric): x uniform on S^(d-1), d in {2, 5, 10}, growing n, random alpha,
  beta: every ratio sqrt(y^T H^-1 y)/(|alpha| ||beta||^p) must stay below 3p; we report the
  smallest constant consistent with the data per p, the exact supremum over data sets on
  S^(d-1) (Funk-Hecke, see _sec6.py), which the finite-n values must approach from below,
  and the dimension-free sharp value 1/sqrt(a_p).
* ``odd_powers_excluded`` (numeric): the restriction to p = 1 or even p is necessary: for
  p = 3 the ratio grows without bound in n (the degree-3 spherical harmonic of (beta^T x)^3
  has kernel eigenvalue exactly 0), exceeding 3p = 9 at moderate n.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from numerics.data import sphere
from numerics.stats import loglog_slope
from theorems.arora2019._sec6 import (KERNEL, T, interpolation_norm, kernel_coefficient,
                                      monomial_sphere_norm, rkhs_bound)
from theorems.arora2019._common import one_blas_thread
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.thm_6_1", paper="arora2019", label="Theorem 6.1", section="6", kind="theorem",
    statement=(
        "For labels y_i = alpha (beta^T x_i)^p with p = 1 or p even, the data norm "
        "sqrt(y^T H_inf^-1 y) is at most 3 p |alpha| ||beta||^p, for any unit inputs and any n."),
    depends_on=["arora2019.eq_3"],
)

PAPER_CONSTANT = "3*p"          # C(p) in sqrt(y^T H^-1 y) <= C(p) |alpha| ||beta||^p
PAPER_POWERS = (1, 2, 4, 6)      # p = 1 or p = 2l (the powers we test)
p_sym = sp.Symbol("p", positive=True, integer=True)


def constant(expr: str, p: int) -> float:
    return float(sp.sympify(expr, locals={"p": p_sym}).subs(p_sym, p))


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
@one_blas_thread
def power_series_constant(ctx, constant_expr=PAPER_CONSTANT, max_p=60):
    """(C(p))^2 a_p >= 1 for p = 1 and all even p, with a_p the kernel's Taylor coefficients."""
    series = sp.expand(sp.series(KERNEL, T, 0, 14).removeO())
    l = sp.Symbol("l", positive=True, integer=True)
    wrong = []
    for q in range(1, 14):
        closed = kernel_coefficient(q)          # 1/4, binom(2l-2,l-1)/(4^(l-1)(2l-1)2pi), or 0
        if sp.simplify(series.coeff(T, q) - closed) != 0:
            wrong.append(f"t^{q}: series {series.coeff(T, q)}, closed form {closed}")
    # k(t) = t/4 + t arcsin(t)/(2 pi) (pi - arccos t = pi/2 + arcsin t); t arcsin t is even
    asin_part = T * sp.asin(T) / (2 * sp.pi)
    odd_part = sp.simplify(asin_part.subs(T, -T) - asin_part)
    ident = sp.simplify(KERNEL.rewrite(sp.asin) - T / 4 - asin_part)
    C = lambda q: sp.sympify(constant_expr, locals={"p": p_sym}).subs(p_sym, q)  # noqa: E731
    fails, table = [], []
    PI_UP, PI_LO = sp.Rational(31416, 10000), sp.Rational(31415, 10000)   # PI_LO < pi < PI_UP
    for q in [1] + list(range(2, max_p + 1, 2)):
        a = kernel_coefficient(q)
        r = sp.simplify(C(q) ** 2 * a * (1 if q == 1 else sp.pi))      # C^2 a_p = r (q = 1), r/pi
        ok = (r >= 1) if q == 1 else (r >= PI_UP)
        undecided = q != 1 and not ok and r > PI_LO
        table.append({"p": q, "a_p": str(a), "1/sqrt(a_p)": float(1 / sp.sqrt(a)),
                      "C(p)": float(C(q)), "C(p)^2 a_p": float(C(q) ** 2 * a)})
        if not ok:
            fails.append(q if not undecided else f"{q} (undecided)")
    # every even p: binom(2j,j) >= 4^j/(2 sqrt j) (j >= 1) by induction: ratio of consecutive
    # terms 2(2j+1)/(j+1) >= 4 sqrt(j/(j+1)) <=> (2j+1)^2 >= 4j(j+1)
    j = sp.Symbol("j", positive=True)
    induction = sp.expand((2 * j + 1) ** 2 - 4 * j * (j + 1))          # = 1 > 0
    # then a_{2l} >= 1/(4 pi sqrt(l-1)(2l-1)) >= 1/(8 pi l^(3/2)) for l >= 2 (and
    # a_2 = 1/(2 pi) >= 1/(8 pi) directly), so
    # C(2l)^2 a_{2l} >= C(2l)^2/(8 pi l^(3/2)); with C = 3p this is 9 sqrt(l)/(2 pi) >= 1:
    # >= 1 at l = 1 and increasing on [1, oo) (sympy's is_increasing, exact)
    general = sp.simplify(C(2 * l) ** 2 / (8 * sp.pi * l ** sp.Rational(3, 2)))
    lr = sp.Symbol("l_real", positive=True)
    general_ok = bool(general.subs(l, 1) >= 1) and \
        bool(sp.is_increasing(general.subs(l, lr), sp.Interval(1, sp.oo), lr))
    # a lower bound valid in every d: the antipodal pair {u, -u}, beta = u, alpha = 1
    H2 = sp.Matrix([[KERNEL.subs(T, 1), KERNEL.subs(T, -1)], [KERNEL.subs(T, -1), KERNEL.subs(T, 1)]])
    pair_of = lambda q: sp.sqrt((sp.Matrix([[1, (-1) ** q]]) * H2.inv() * sp.Matrix([1, (-1) ** q]))[0])  # noqa: E731
    pair = pair_of(1)
    below = [q for q in [1] + list(range(2, max_p + 1, 2)) if C(q) < pair_of(q)]
    observed = {"Taylor coefficients match closed form": not wrong,
                "sqrt(y^T H^-1 y) on {u, -u}": str(pair), "p with C(p) below it": below,
                "k(t) - t/4 - t asin(t)/(2 pi)": str(ident), "odd part of t asin t": str(odd_part),
                "induction polynomial": str(induction),
                "C(2l)^2/(8 pi l^1.5)": str(general), "p with C(p)^2 a_p < 1": fails}
    consts = [Constant(name=f"sharp C({r['p']})", where="Theorem 6.1",
                       stated=f"3p = {3 * r['p']}", found=f"1/sqrt(a_p) = {r['1/sqrt(a_p)']:.4f}",
                       how="exact Taylor coefficient: an upper bound for all data and d; sharp as "
                           "d -> inf (for p = 1 attained in every d by {u, -u}; for p >= 2 the exact sphere "
                           "suprema grow towards it with d, sphere_data, not certified)",
                       certified=True, sharp=True)
              for r in table if r["p"] in (1, 2, 4, 6, 8)]
    if wrong or ident != 0 or odd_part != 0 or induction != 1:
        return Evidence(verdict="inconclusive", expected="kernel series as derived",
                        observed=observed, details="; ".join(wrong) or "series identity failed")
    if below:
        return Evidence(verdict="refuted", expected=f"C(p) = {constant_expr} >= 1/sqrt(a_p)",
                        observed=observed, table=table,
                        details=f"the data set {{u, -u}} (H_inf = I/2, exact) gives sqrt(y^T H^-1 y) "
                                f"= {pair} |alpha| ||beta||^p > C(p) |alpha| ||beta||^p at "
                                f"p = {below[:5]}")
    if fails or not general_ok:
        return Evidence(verdict="inconclusive", expected=f"C(p) = {constant_expr} >= 1/sqrt(a_p)",
                        observed=observed, table=table,
                        details=f"C(p)^2 a_p < 1 at p = {fails[:5]}: the RKHS argument does not "
                                "give this constant (see sphere_data for measured ratios)")
    errata = [Erratum(
        kind="loose", says="sqrt(y^T H^-1 y) <= 3 p |alpha| ||beta||^p",
        correct="sqrt(y^T H^-1 y) <= |alpha| ||beta||^p / sqrt(a_p): 2 for p = 1 (sharp), "
                "sqrt(2 pi) = 2.51 for p = 2, sqrt(12 pi) = 6.14 for p = 4, and "
                "O(p^(3/4)) in general, with a_p the Taylor coefficient of the kernel",
        evidence="exact series of t (pi - arccos t)/(2 pi); the constants are sharp as the "
                 "dimension grows (sphere_data)")]
    return Evidence(verdict="proved", expected=f"C(p) = {constant_expr} >= 1/sqrt(a_p) for p = 1, 2, 4, ...",
                    observed=observed, table=table, constants=consts, errata=errata,
                    details="a_1 = 1/4 and a_{2l} = binom(2l-2,l-1)/(4^(l-1)(2l-1)2pi) (sympy series "
                            "to t^13); C(p)^2 a_p >= 1 exactly for p <= " f"{max_p}" " and, through "
                            "binom(2j,j) >= 4^j/(2 sqrt j) (induction), for every even p: C(2l)^2 a_{2l} >= "
                            f"{general} >= 1 at l = 1 and increasing in l (sympy); together with "
                            "y^T H^-1 y <= ||g||_RKHS^2 this proves the theorem. For odd p >= 3, "
                            "a_p = 0 and the argument gives nothing (see odd_powers_excluded).")


def ratios(ctx, p, d, ns, draws):
    """sqrt(y^T H^-1 y)/(|alpha| ||beta||^p) on fresh sphere data, per n (max over draws)."""
    out = []
    for n in ns:
        best = 0.0
        for _ in range(draws):
            X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
            beta = ctx.rng.standard_normal(d) * ctx.rng.uniform(0.3, 2.0)
            alpha = ctx.rng.uniform(-2, 2)
            y = alpha * (X @ beta) ** p
            best = max(best, interpolation_norm(X, y) / (abs(alpha) * np.linalg.norm(beta) ** p))
        out.append(best)
    return out


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
@one_blas_thread
def sphere_data(ctx, constant_expr=PAPER_CONSTANT, powers=PAPER_POWERS):
    """Measured ratios on sphere data against C(p) and against the exact supremum."""
    dims = ctx.pick([2, 10], [2, 3, 5, 10, 20])
    ns = ctx.pick([60, 250], [100, 200, 400, 800, 1600])
    draws = ctx.pick(1, 3)
    table, over, above_sup = [], [], []
    per_p = {}
    for p in powers:
        for d in dims:
            r = ratios(ctx, p, d, ns, draws)
            sup = monomial_sphere_norm(p, d)
            C = constant(constant_expr, p)
            table.append({"p": p, "d": d, **{f"n={n}": v for n, v in zip(ns, r)},
                          "exact sup on S^(d-1)": sup, "C(p) printed": C,
                          "dimension-free 1/sqrt(a_p)": rkhs_bound(p)})
            per_p[p] = max(per_p.get(p, 0.0), max(r))
            if max(r) > C:
                over.append((p, d, max(r), C))
            if max(r) > sup * (1 + 1e-6):
                above_sup.append((p, d, max(r), sup))
    expected = f"sqrt(y^T H^-1 y) <= {constant_expr} |alpha| ||beta||^p for p in {powers}"
    observed = {f"max ratio p={p}": v for p, v in per_p.items()}
    if over:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        details="ratios above the printed constant: " +
                                "; ".join(f"p={p}, d={d}: {v:.3f} > {c:g}" for p, d, v, c in over))
    if above_sup:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="a finite-n ratio exceeds the Funk-Hecke supremum: the quadrature "
                                f"or the kernel engine is off ({above_sup[:2]})")
    consts = [Constant(name=f"C({p}) consistent with the data", where="Theorem 6.1",
                       stated=f"{constant(constant_expr, p):g}",
                       found=f"max observed {v:.4f}; exact sup over data on S^(d-1), d <= {dims[-1]}: "
                             f"{monomial_sphere_norm(p, dims[-1]):.4f}; d -> inf: {rkhs_bound(p):.4f}",
                       how=f"n up to {ns[-1]}, d in {dims}; Funk-Hecke quadrature for the sup",
                       certified=False, sharp=True) for p, v in per_p.items()]
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                    constants=consts,
                    details="every ratio is below the printed 3p and below the exact supremum on "
                            "the sphere, which the finite-n values approach as n grows; the "
                            "supremum increases with d towards 1/sqrt(a_p). The printed constant "
                            "is loose by a factor 3p sqrt(a_p) (1.5 at p = 1, 2.4 at p = 2).")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
@one_blas_thread
def odd_powers_excluded(ctx, odd_power_covered=False, p=3):
    """For odd p >= 3 the data norm is unbounded in n: the restriction on p is necessary."""
    d = 2
    ns = ctx.pick([25, 51, 101, 201], [25, 51, 101, 201, 401, 801])
    vals = []
    for n in ns:
        X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
        beta = np.array([1.0, 0.0])
        vals.append(interpolation_norm(X, (X @ beta) ** p))
    fit = loglog_slope(np.array(ns, float), np.array(vals), seed=ctx.seed)
    C = 3 * p
    table = [{"n": n, "sqrt(y^T H^-1 y)": v, "3p": C} for n, v in zip(ns, vals)]
    unbounded = fit.lo > 0.2 and vals[-1] > C
    expected = (f"p = {p} {'is' if odd_power_covered else 'is not'} covered by Theorem 6.1")
    observed = {"slope in n": [fit.slope, fit.lo, fit.hi], "largest value": vals[-1]}
    a_p = kernel_coefficient(p)
    if odd_power_covered and unbounded:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        interval=[fit.lo, fit.hi],
                        details=f"for p = {p} the data norm grows like n^{fit.slope:.2f} and exceeds "
                                f"3p = {C} (a_{p} = {a_p}): the bound cannot cover odd p >= 3")
    if not odd_power_covered and unbounded:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        interval=[fit.lo, fit.hi],
                        details=f"a_{p} = {a_p}: the odd part of the kernel is t/4 only, so the degree-"
                                f"{p} harmonic of (beta^T x)^{p} is not in the RKHS; on the circle the "
                                f"data norm grows like n^{fit.slope:.2f} and passes 3p = {C}. The "
                                "theorem's restriction to p = 1 or even p is necessary.")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                    details="no clear growth at these sizes")


CLAIM.plant("power_series_constant", "constant p instead of 3p", constant_expr="p")
CLAIM.plant("sphere_data", "constant p instead of 3p", constant_expr="p")
CLAIM.plant("sphere_data", "constant 3p/2 (factor 2 off)", constant_expr="3*p/2")
CLAIM.plant("odd_powers_excluded", "theorem extended to p = 3", odd_power_covered=True)
