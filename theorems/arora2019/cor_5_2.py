"""arora2019, Corollary 5.2: the same bound for the classification error.

Statement (our words). Under Theorem 5.1's assumptions, with labels in {-1, +1}, the population
0-1 error Pr[sign(f_W(k)(x)) != y] also satisfies (9), with probability 1 - delta.

Route (Appendix D is not in the text; this is the standard one). The ramp loss
l(u, y) = min(1, max(0, 1 - u y)) takes values in [0, 1], is 1-Lipschitz in u for |y| = 1,
vanishes at u = y, and dominates 1{sign(u) != y} (sign(0) = 0 counts as an error). Theorem 5.1
for l then bounds the 0-1 error.

Checks
------
* ``ramp_loss`` (symbolic): the four properties of the ramp loss, by case analysis in sympy.
* ``error_vs_bound_kernel_limit`` (empirical, quick): the leading term of (9) against a 95%
  Hoeffding upper bound of the test 0-1 error of the converged infinite-width predictor on the
  digits stand-in, six random-label fractions, several seeds.
* ``error_vs_bound_trained`` (empirical, full): the same with trained width-512 networks.
"""
from __future__ import annotations

import math

import sympy as sp

from theorems.arora2019._common import one_blas_thread
from theorems.arora2019._sec5 import sweep_kernel, train_nets
from theorems.arora2019.thm_5_1 import PAPER_LEADING, _verdict
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.cor_5_2", paper="arora2019", label="Corollary 5.2", section="5", kind="corollary",
    statement=(
        "With +-1 labels, the trained net's population classification error obeys the bound (9) of "
        "Theorem 5.1, with probability 1 - delta."),
    depends_on=["arora2019.thm_5_1"],
)

PAPER_SURROGATE = "Min(1, Max(0, 1 - u*y))"     # the loss through which Theorem 5.1 is applied


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def ramp_loss(ctx, loss=PAPER_SURROGATE):
    """[0,1]-valued, 1-Lipschitz in u, l(y, y) = 0, and >= 1{sign(u) != y}, for y = +-1."""
    u = sp.Symbol("u", real=True)
    y = sp.Symbol("y", real=True)
    L = sp.sympify(loss, locals={"u": u, "y": y})
    problems = []
    for yv in (1, -1):
        l = sp.piecewise_fold(L.subs(y, yv).rewrite(sp.Piecewise))
        pieces = l.args if isinstance(l, sp.Piecewise) else [(l, True)]
        covered = sp.EmptySet
        wrong = sp.Interval(-sp.oo, 0) if yv == 1 else sp.Interval(0, sp.oo)   # sign(u) != y
        for expr, cond in pieces:
            dom = (sp.S.Reals if cond is sp.true else cond.as_set()) - covered
            covered = covered | dom
            if dom == sp.EmptySet:
                continue
            if sp.degree(sp.expand(expr), u) > 1:
                problems.append(f"non-linear piece {expr}")
                continue
            slope = sp.diff(expr, u)
            if abs(slope) > 1:
                problems.append(f"slope {slope} on {dom} (y = {yv})")
            for iv in (dom.args if isinstance(dom, sp.Union) else [dom]):
                ends = [sp.limit(expr, u, e, "+" if e == iv.inf else "-") if e.is_infinite else expr.subs(u, e)
                        for e in (iv.inf, iv.sup)]
                if any(v < 0 or v > 1 for v in ends):
                    problems.append(f"values {ends} outside [0, 1] on {iv} (y = {yv})")
                bad = sp.Intersection(iv, wrong)
                if bad != sp.EmptySet:
                    vals = [expr.subs(u, e) for e in (bad.inf, bad.sup) if e.is_finite] + \
                           [sp.limit(expr, u, e) for e in (bad.inf, bad.sup) if e.is_infinite]
                    if any(v < 1 for v in vals):
                        problems.append(f"below the 0-1 loss on {bad} (y = {yv})")
        if sp.simplify(l.subs(u, yv)) != 0:
            problems.append(f"l({yv},{yv}) = {sp.simplify(l.subs(u, yv))}")
    if problems:
        return Evidence(verdict="refuted", expected=f"{loss} is a valid surrogate",
                        observed={"problems": problems}, details="; ".join(problems))
    return Evidence(verdict="proved", expected=f"{loss} is a valid surrogate",
                    observed={"problems": []},
                    details="for y = +-1 the ramp loss is in [0, 1], has slopes 0 or -+1, vanishes at "
                            "u = y and equals 1 wherever sign(u) != y (u y <= 0): Theorem 5.1 applies "
                            "to it and its population value dominates the 0-1 error.")


@CLAIM.check(method="empirical", tier="quick", established="confirmed")
@one_blas_thread
def error_vs_bound_kernel_limit(ctx, printed=PAPER_LEADING):
    """Leading term of (9) against the test 0-1 error (infinite-width converged predictor)."""
    rows = sweep_kernel(int(ctx.rng.integers(2**31)), 100, ctx.pick(4, 10))
    return _verdict(ctx, rows, printed, "0-1", "kernel",
                    "kernel-limit predictor; digits 0/1 stand-in n = 100 (260 test), p in {0,...,1}")


@CLAIM.check(method="empirical", tier="full", established="confirmed", time_limit=900)
@one_blas_thread
def error_vs_bound_trained(ctx, printed=PAPER_LEADING):
    """Leading term of (9) against the test 0-1 error of trained width-512 nets."""
    rows, setting = train_nets(int(ctx.rng.integers(2**31)), 100, 3, m=512, kappa=0.01,
                               device=ctx.device)
    return _verdict(ctx, rows, printed, "0-1", "nets", f"trained nets {setting}; digits 0/1 n = 100")


CLAIM.plant("ramp_loss", "ramp at half height min(1, max(0, 1/2 - u y))", loss="Min(1, Max(0, 1/2 - u*y))")
CLAIM.plant("ramp_loss", "unclipped hinge max(0, 1 - u y) (not [0,1]-valued)", loss="Max(0, 1 - u*y)")
