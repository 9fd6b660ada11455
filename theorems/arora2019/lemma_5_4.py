"""arora2019, Lemma 5.4: Rademacher complexity of nets near their initialisation.

Statement (our words). Fix R > 0. With probability 1 - delta over (W(0), a), for every B > 0 the
class F_{R,B} of nets f_{W,a} with ||w_r - w_r(0)|| <= R for all r and ||W - W(0)||_F <= B has
empirical Rademacher complexity (1/n) E_eps sup_F sum_i eps_i f(x_i) at most

    B/sqrt(2n) (1 + (2 log(2/delta)/m)^(1/4)) + 2 R^2 sqrt(m)/kappa + R sqrt(2 log(2/delta)).

What we compute (an independent estimate of the left side, per initialisation).
* Upper estimate. For |(w - w0)^T x| <= R, sigma(w^T x) - sigma(w0^T x) equals
  1{w0^T x >= 0}(w - w0)^T x exactly unless |w0^T x| <= R, and differs from it by at most R
  otherwise. Hence sup_F sum_i eps_i f(x_i) <= sum_i eps_i f_W0(x_i) + S(eps) + (R/sqrt(m)) sum_i N_i
  with N_i = #{r: |w_r(0)^T x_i| <= R} and S(eps) the supremum of the linear part
  sum_r <z_r, Delta_r>, z_r = a_r/sqrt(m) sum_i eps_i 1{w_r(0)^T x_i >= 0} x_i, over
  sum ||Delta_r||^2 <= B^2, ||Delta_r|| <= R, solved exactly by water-filling
  (Delta_r = min(R, mu ||z_r||) z_r/||z_r||). E_eps sum_i eps_i f_W0(x_i) = 0.
* Lower estimate. The water-filling Delta(eps) is feasible, so the true nonlinear
  sum_i eps_i (f_{W0+Delta}(x_i) - f_W0(x_i)) averaged over eps is a lower bound.
Both are Monte Carlo averages over eps with 99% confidence intervals.

Checks
------
* ``monte_carlo`` (statistical): n = 40 unit inputs in d = 10, m = 4096 (full: 16384), kappa = 1,
  B in {0.05, 0.2} (full: 0.05, 0.1, 0.2), R = 1.5B/sqrt(m) (so both constraints matter), delta = 0.05, 2 (full: 3)
  initialisations; the printed bound must lie above the upper confidence limit of the upper
  estimate for every (init, B); we report the tightness (lower estimate / printed bound).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from numerics.data import sphere
from theorems.arora2019._common import one_blas_thread
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="arora2019.lemma_5_4", paper="arora2019", label="Lemma 5.4", section="5.1", kind="lemma",
    statement=(
        "With probability 1 - delta over the initialisation, for all B the class of nets with every "
        "neuron within R and the layer within B (Frobenius) of initialisation has empirical Rademacher "
        "complexity at most B/sqrt(2n)(1 + (2 log(2/delta)/m)^(1/4)) + 2R^2 sqrt(m)/kappa + "
        "R sqrt(2 log(2/delta))."),
    depends_on=["arora2019.eq_Z_H", "arora2019.eq_1"],
)

PAPER_B_TERM = "B/sqrt(2*n)*(1 + (2*log(2/delta)/m)**(1/4))"
PAPER_R_TERMS = "2*R**2*sqrt(m)/kappa + R*sqrt(2*log(2/delta))"


def printed_bound(b_term, r_terms, **v):
    import sympy as sp
    syms = {k: sp.Symbol(k, positive=True) for k in ("B", "n", "delta", "m", "R", "kappa")}
    e = sp.sympify(b_term, locals=syms) + sp.sympify(r_terms, locals=syms)
    return float(e.subs({syms[k]: val for k, val in v.items()}))


def water_fill(norms, B, R, iters=60):
    """Row-wise t_r = min(R, mu |z_r|) with sum_r t_r^2 = B^2 (t_r = R when m R^2 <= B^2).

    norms: (S, m). Bisection on mu, vectorised over the rows."""
    S, m = norms.shape
    if m * R * R <= B * B:
        return np.full_like(norms, R)
    lo = np.zeros(S)
    hi = np.full(S, R / max(norms.min(), 1e-300))
    for _ in range(iters):
        mu = 0.5 * (lo + hi)
        big = (np.minimum(R, mu[:, None] * norms) ** 2).sum(1) > B * B
        hi = np.where(big, mu, hi)
        lo = np.where(big, lo, mu)
    return np.minimum(R, lo[:, None] * norms)


def rademacher_estimates(W0, a, X, B, R, eps):
    """Per-eps upper and lower estimates (arrays over the rows of eps) and sum_i N_i."""
    m, d = W0.shape
    n = X.shape[0]
    pre = W0 @ X.T                                          # (m, n)
    act = (pre >= 0).astype(float)
    f0 = (a @ np.maximum(pre, 0)) / math.sqrt(m)            # (n,)
    N = (np.abs(pre) <= R).sum(0)                           # per point
    # z_r(eps) = a_r/sqrt(m) sum_i eps_i 1{w_r^T x_i >= 0} x_i, for all eps at once: (S, m, d)
    Zr = (a[None, :, None] / math.sqrt(m)) * np.einsum("ri,si,id->srd", act, eps, X, optimize=True)
    norms = np.maximum(np.linalg.norm(Zr, axis=2), 1e-300)
    t = water_fill(norms, B, R)
    upper = (t * norms).sum(1) + R / math.sqrt(m) * N.sum()
    Delta = (t / norms)[:, :, None] * Zr                     # (S, m, d)
    f = np.einsum("r,srn->sn", a, np.maximum(np.einsum("srd,nd->srn", W0[None] + Delta, X,
                                                        optimize=True), 0)) / math.sqrt(m)
    lower = ((f - f0[None, :]) * eps).sum(1)
    return upper / n, lower / n, int(N.sum())


@CLAIM.check(method="statistical", tier="quick", established="confirmed", time_limit=900)
@one_blas_thread
def monte_carlo(ctx, b_term=PAPER_B_TERM, r_terms=PAPER_R_TERMS):
    """Printed bound against Monte Carlo upper/lower estimates of R_S(F_{R,B})."""
    n, d, kappa, delta = 40, 10, 1.0, 0.05
    m = ctx.pick(4096, 16384)
    inits, S = ctx.pick(2, 3), ctx.pick(50, 150)
    X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
    z = stats.norm.ppf(0.995)
    rows, bad, tight, lead = [], [], [], []
    for it in range(inits):
        W0 = kappa * ctx.rng.standard_normal((m, d))
        a = np.sign(ctx.rng.standard_normal(m))
        eps = np.sign(ctx.rng.standard_normal((S, n)))
        for B in ctx.pick((0.05, 0.2), (0.05, 0.1, 0.2)):
            R = 1.5 * B / math.sqrt(m)
            up, lo, Nsum = rademacher_estimates(W0, a, X, B, R, eps)
            up_hi = up.mean() + z * up.std(ddof=1) / math.sqrt(S)
            lo_lo = lo.mean() - z * lo.std(ddof=1) / math.sqrt(S)
            pb = printed_bound(b_term, r_terms, B=B, n=n, delta=delta, m=m, R=R, kappa=kappa)
            rows.append({"init": it, "B": B, "R": R, "lower estimate": lo.mean(), "upper estimate": up.mean(),
                         "upper 99.5%": up_hi, "lower 0.5%": lo_lo, "printed bound": pb,
                         "B/sqrt(2n)": B / math.sqrt(2 * n), "sum_i N_i": Nsum})
            tight.append(lo.mean() / pb)
            lead.append(lo.mean() / (B / math.sqrt(2 * n)))
            if pb < lo_lo:
                bad.append(("below the lower estimate", it, B, pb, lo_lo))
            elif pb < up_hi:
                bad.append(("below the upper estimate", it, B, pb, up_hi))
    expected = f"R_S(F_RB) <= {b_term} + {r_terms}"
    observed = {"min tightness (lower estimate / bound)": min(tight), "max tightness": max(tight),
                "cases": len(rows)}
    setting = (f"n = {n}, d = {d}, m = {m}, kappa = {kappa}, delta = {delta}, R = 1.5B/sqrt(m), "
               f"{S} Rademacher draws, {inits} initialisations")
    certain = [b for b in bad if b[0] == "below the lower estimate"]
    if certain:
        _, it, B, pb, ll = certain[0]
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details=f"the printed bound {pb:.4g} is below the 99.5% lower confidence limit "
                                f"{ll:.4g} of R_S (init {it}, B = {B}). Setting: {setting}.")
    if bad:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        details=f"the printed bound lies between the lower and upper estimates in "
                                f"{len(bad)} cases. Setting: {setting}.")
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed, table=rows,
        tolerance="99% Monte Carlo intervals (0.5% each side)",
        constants=[Constant(name="1/sqrt(2) in B/sqrt(2n)", where="Lemma 5.4", stated="1/sqrt(2)",
                            found=f"lower estimate / (B/sqrt(2n)) in [{min(lead):.3f}, {max(lead):.3f}]: "
                                  "the leading term is attained (E||Z(0) eps|| ~ sqrt(tr H(0)) ~ sqrt(n/2))",
                            how=setting, sharp=True)],
        details=f"in every case the printed bound lies above the 99.5% upper limit of the upper estimate; "
                f"the lower estimate reaches {min(tight):.0%}-{max(tight):.0%} of the whole bound and "
                f"{min(lead):.0%}-{max(lead):.0%} of its leading term B/sqrt(2n): the leading constant is "
                "sharp, the rest of the bound (the m^-1/4 factor and the R-terms) costs a factor "
                f"{1 / max(tight):.2f}-{1 / min(tight):.2f} at this width. Setting: {setting}.")


CLAIM.plant("monte_carlo", "B-term B/(2n) (the Section 5.1 scale)", b_term="B/(2*n)*(1 + (2*log(2/delta)/m)**(1/4))")
CLAIM.plant("monte_carlo", "B-term B/(2 sqrt(n)) with R-terms dropped", b_term="B/(2*sqrt(n))", r_terms="0")
