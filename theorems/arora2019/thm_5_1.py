"""arora2019, Theorem 5.1: a width-free generalisation bound for the GD solution.

Statement (our words). For n i.i.d. samples of a (lambda_0, delta/3, n)-non-degenerate
distribution, small initialisation kappa = O(lambda_0 delta/n), width m >= kappa^-2 poly(n,
1/lambda_0, 1/delta) and k >= Omega(log(n/delta)/(eta lambda_0)) GD steps, every loss
l: R x R -> [0, 1], 1-Lipschitz in its first argument with l(y, y) = 0, satisfies, with
probability 1 - delta,

    L_D(f_W(k)) <= sqrt(2 y^T H_inf^-1 y / n) + O(sqrt(log(n/(lambda_0 delta))/n)).      (9)

Checks
------
* ``leading_term`` (symbolic): the route of Section 5.1 with the standard Rademacher bound
  (Appendix B is not in the text; we use L_D <= L_S + 2 R_S(l o F) + 3 sqrt(log(2/delta')/(2n))
  and Talagrand's contraction R_S(l o F) <= R_S(F)): Lemma 5.4's leading term B/sqrt(2n) with
  Lemma 5.3's B = sqrt(y^T H^-1 y) gives 2 B/sqrt(2n) = sqrt(2 y^T H^-1 y/n), the printed leading
  term; the kappa-term of Lemma 5.3 under kappa = O(lambda_0 delta/n) and the confidence term
  are O(1/sqrt(n)) and O(sqrt(log(1/delta)/n)), inside the printed O-term (lambda_0 <= 1/2).
* ``bound_vs_test_kernel_limit`` (empirical, quick): the bound's leading term against the test
  loss min(1, |f(x) - y|) of the converged infinite-width GD predictor f(x) = H(x, X) H^-1 y on
  the digits stand-in (two classes, six random-label fractions, seeds) and on sphere data with a
  linear target y = beta^T x (|y| <= 1). The bound must lie above a 95% Hoeffding upper
  confidence bound of the test loss in every run; we report the looseness and the smallest
  constant of the O-term consistent with the data.
* ``bound_vs_test_trained`` (empirical, full): the same with trained networks of width 512
  (setting in ``_sec5.py`` / fig_2.py).
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from numerics.data import sphere
from numerics.kernels import h_inf
from theorems.arora2019._common import one_blas_thread
from theorems.arora2019._sec5 import complexity, sweep_kernel, train_nets
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="arora2019.thm_5_1", paper="arora2019", label="Theorem 5.1", section="5", kind="theorem",
    statement=(
        "With small initialisation, large width and enough GD steps, for any [0,1]-valued loss "
        "1-Lipschitz in the prediction with l(y,y) = 0, the trained net's population loss is at most "
        "sqrt(2 y^T H_inf^-1 y/n) + O(sqrt(log(n/(lambda_0 delta))/n)) with probability 1 - delta."),
    depends_on=["arora2019.lemma_5_3", "arora2019.lemma_5_4", "arora2019.thm_3_1",
                "arora2019.def_5_1", "arora2019.sec_5_1_rademacher_combination"],
)

PAPER_LEADING = "sqrt(2*q/n)"         # q = y^T H_inf^-1 y
ALPHA = 0.05                           # one-sided level of the Hoeffding bounds on test losses


def leading(expr, q, n):
    qs, ns = sp.symbols("q n", positive=True)
    return float(sp.sympify(expr, locals={"q": qs, "n": ns}).subs({qs: q, ns: n}))


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def leading_term(ctx, printed=PAPER_LEADING):
    """2 x Lemma 5.4's B/sqrt(2n) at B = sqrt(q) against the printed leading term."""
    q, n, lam0, delta, kappa, c = sp.symbols("q n lambda_0 delta kappa c", positive=True)
    B = sp.sqrt(q)
    rademacher = B / sp.sqrt(2 * n)                           # Lemma 5.4, m -> infinity
    derived = sp.simplify(2 * rademacher)                     # 2 R_S(F) in the Rademacher bound
    gap = sp.simplify(derived - sp.sympify(printed, locals={"q": q, "n": n}))
    # kappa-term of Lemma 5.3, O(n kappa/(lambda_0 delta)), at kappa = c lambda_0 delta/n
    kappa_term = sp.simplify(2 * (n * kappa / (lam0 * delta)).subs(kappa, c * lam0 * delta / n) / sp.sqrt(2 * n))
    conf = 3 * sp.sqrt(sp.log(2 / (delta / 3)) / (2 * n))    # Rademacher bound at level delta/3
    # both are O(sqrt(log(n/(lambda_0 delta))/n)): ratios bounded when lambda_0 <= 1/2, delta < 1
    target = sp.sqrt(sp.log(n / (lam0 * delta)) / n)
    r1 = sp.simplify(kappa_term / target)                      # = sqrt(2) c / sqrt(log(n/(l0 d)))
    r2 = sp.simplify((conf / target) ** 2)
    grid = [(nn, l0, dd) for nn in (2, 10, 10 ** 6) for l0 in (sp.Rational(1, 2), sp.Rational(1, 10 ** 6))
            for dd in (sp.Rational(99, 100), sp.Rational(1, 10 ** 6))]
    r1_max = max(float(r1.subs({n: a, lam0: b, delta: d, c: 1})) for a, b, d in grid)
    r2_max = max(float(r2.subs({n: a, lam0: b, delta: d})) for a, b, d in grid)
    observed = {"2 R_S": str(derived), "derived - printed": str(gap),
                "kappa term / target (c = 1), max on grid": r1_max,
                "(confidence term / target)^2, max on grid": r2_max}
    if gap != 0:
        return Evidence(verdict="refuted", expected=f"leading term {printed}", observed=observed,
                        details=f"the Section 5.1 route gives {derived}, not {printed}")
    return Evidence(verdict="proved", expected=f"leading term {printed}", observed=observed,
                    details="2 B/sqrt(2n) with B = sqrt(y^T H^-1 y) is exactly sqrt(2 y^T H^-1 y/n) "
                            "(sympy); with kappa = c lambda_0 delta/n Lemma 5.3's kappa-term adds "
                            "sqrt(2) c/sqrt(n) and the confidence term 3 sqrt(log(6/delta)/(2n)), both "
                            "bounded multiples of sqrt(log(n/(lambda_0 delta))/n) since lambda_0 <= 1/2 "
                            "(trace H_inf = n/2) makes n/(lambda_0 delta) >= 2/delta.")


def _sphere_rows(ctx, ns, n_test=1000, d=10, seeds=3):
    rows = []
    for s in range(seeds):
        beta = ctx.rng.standard_normal(d)
        beta /= np.linalg.norm(beta)
        Xte = sphere(n_test, d, seed=int(ctx.rng.integers(2**31)))
        for n in ns:
            X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
            y = X @ beta
            H = h_inf(X)
            f = h_inf(Xte, X) @ np.linalg.solve(H, y)
            rows.append({"data": f"sphere d={d}, y = beta^T x", "level": None, "seed": s, "n": n,
                         "n_test": n_test, "measure": complexity(X, y),
                         "lambda_0": float(np.linalg.eigvalsh(H)[0]),
                         "l1 clipped": float(np.minimum(1, np.abs(f - Xte @ beta)).mean())})
    return rows


def _compare(ctx, rows, printed, loss_key, what):
    """Bound (printed leading term) against Hoeffding bounds of the measured test loss."""
    table, below, violated = [], 0, []
    need_c, loose = 0.0, []
    for r in rows:
        q = r["measure"] ** 2 * r["n"] / 2                  # y^T H^-1 y
        bound = leading(printed, q, r["n"])
        h = math.sqrt(math.log(1 / ALPHA) / (2 * r["n_test"]))
        ucb, lcb = r[loss_key] + h, r[loss_key] - h
        if bound < lcb:
            violated.append(r)
        if bound >= ucb:
            below += 1
        # smallest c in bound + c sqrt(log(n/(lambda_0 delta))/n) >= ucb (delta = 0.05)
        o = math.sqrt(math.log(r["n"] / (r["lambda_0"] * 0.05)) / r["n"])
        need_c = max(need_c, (ucb - bound) / o)
        if r[loss_key] > 0:
            loose.append(bound / r[loss_key])
        table.append({"data": r.get("data", "digits 0/1"), "p random": r["level"], "seed": r["seed"],
                      "n": r["n"], "bound (leading term)": bound, f"test {loss_key}": r[loss_key],
                      "95% upper": ucb})
    return table, below, violated, need_c, loose


O_TERM_LEVEL = 1.0   # largest O-term constant we accept before calling the leading term wrong


def _verdict(ctx, rows, printed, loss_key, what, setting, note=""):
    table, below, violated, need_c, loose = _compare(ctx, rows, printed, loss_key, what)
    clean = [t for t in table if t["p random"] in (0.0, None)]
    expected = f"test {loss_key} <= {printed} + O(sqrt(log(n/(lambda_0 delta))/n))"
    observed = {"runs": len(table), "runs with bound >= 95% upper bound of test loss": below,
                "runs with bound < 95% lower bound": len(violated),
                "bound / 95% upper bound of the test loss, true labels": [
                    min(t["bound (leading term)"] / t["95% upper"] for t in clean),
                    max(t["bound (leading term)"] / t["95% upper"] for t in clean)],
                "smallest O-term constant needed": max(need_c, 0.0)}
    digits_true = [t["bound (leading term)"] for t in clean if t["data"] == "digits 0/1"]
    table = table[:40]
    if violated and need_c > O_TERM_LEVEL:
        r = violated[0]
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        tolerance=(f"declared level: the O-term's constant is unspecified, so a "
                                   f"leading term that fails is refuted only when the O-term would "
                                   f"need a constant above {O_TERM_LEVEL:g} (one-sided Hoeffding "
                                   f"bounds, level {1 - ALPHA})"),
                        details=f"{len(violated)} runs have the leading term below the 95% lower "
                                f"confidence bound of the test loss (e.g. p = {r['level']}, n = {r['n']}); "
                                f"the O-term would need c >= {need_c:.2f} > {O_TERM_LEVEL:g}. "
                                f"Setting: {setting}.")
    const = Constant(name="c_gen (O-term constant)", where="Theorem 5.1 (9)", stated="unspecified",
                     found=f"{max(need_c, 0.0):.3g} suffices on these runs (the leading term alone "
                           "already bounds the test loss)" if need_c <= 0 else f">= {need_c:.3g}",
                     how="Hoeffding 95% upper bounds of test losses", sharp=False)
    if below == observed["runs"] or need_c <= 0:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        constants=[const], tolerance=f"one-sided Hoeffding bounds, level {1 - ALPHA}",
                        details=f"in all {observed['runs']} runs the leading term alone lies above the "
                                f"95% upper bound of the test {loss_key}, so no O-term constant is needed. "
                                "With random labels the bound exceeds 1 (vacuous); with true labels on the "
                                f"digits it lies in [{min(digits_true):.2f}, {max(digits_true):.2f}]"
                                + note + f". Setting: {setting}.")
    why = (f"the leading term alone fails on {len(violated)} runs, but an O-term constant of "
           f"{need_c:.2f} <= {O_TERM_LEVEL:g} covers them" if violated else
           "some runs are within the confidence band")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                    details=f"{why}. Setting: {setting}.")


@CLAIM.check(method="empirical", tier="quick", established="confirmed")
@one_blas_thread
def bound_vs_test_kernel_limit(ctx, printed=PAPER_LEADING):
    """Leading term of (9) against the test loss of the converged infinite-width predictor."""
    rows = sweep_kernel(int(ctx.rng.integers(2**31)), 100, ctx.pick(4, 10))
    for r in rows:
        r["data"] = "digits 0/1"
    rows += _sphere_rows(ctx, ctx.pick([100, 400], [100, 400, 1600]))
    return _verdict(ctx, rows, printed, "l1 clipped", "kernel", note=(
                    " and at most sqrt(8/n) for the sphere/linear target, where it is non-vacuous but "
                    "loose by the factor reported"), setting=
                    "kernel-limit predictor H(x,X)H^-1 y (m = inf, kappa -> 0, converged GD); digits "
                    "0/1 stand-in n = 100 (260 test), p in {0,...,1}; sphere d = 10, y = beta^T x, "
                    "1000 test points; loss min(1, |f - y|)")


@CLAIM.check(method="empirical", tier="full", established="confirmed", time_limit=900)
@one_blas_thread
def bound_vs_test_trained(ctx, printed=PAPER_LEADING):
    """Leading term of (9) against the test loss of trained width-512 nets."""
    rows, setting = train_nets(int(ctx.rng.integers(2**31)), 100, 3, m=512, kappa=0.01,
                               device=ctx.device)
    for r in rows:
        r["data"] = "digits 0/1"
    return _verdict(ctx, rows, printed, "l1 clipped", "nets",
                    f"trained nets {setting}; digits 0/1 n = 100, loss min(1, |f - y|)")


CLAIM.plant("leading_term", "leading term sqrt(y^T H^-1 y / n) (factor 2 lost)", printed="sqrt(q/n)")
CLAIM.plant("bound_vs_test_kernel_limit", "twice Section 5.1's printed sqrt(q)/(2n): sqrt(q)/n",
            printed="sqrt(q)/n")
