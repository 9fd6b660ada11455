"""wei2019, Section B.1: the reduced kernels K1~, K2~ and the reduced predictor f~.

Statement (our words). For z, z' in R^(d-2), K1~(z', z) = K1((0,1,z'), (1,0,z))
and K2~(z', z) = K2((0,1,z'), (1,0,z)): the kernels between two points whose
informative coordinates are orthogonal. The reduced predictor is

    f~(z; beta) = tau1 sum_i beta_i K1~(z_i, z) + tau2 sum_i beta_i (K1~(z_i, z) + K2~(z_i, z)),

i.e. the kernel predictor with every training point and the test point
moved to orthogonal informative coordinates. On the hypercube both points
have norm sqrt(d-1) and inner product z^T z', so with nu = z^T z'/(d-1)
(used in the proof of Lemma B.6)

    K1~ = (d-1) h1(nu),  h1(x) = x (1 - arccos(x)/pi);   K2~ = (d-1) h2(nu),  h2(x) = sqrt(1-x^2)/pi.

Checks
------
* ``hypercube_reduction`` (symbolic): the printed K1, K2 evaluated at
  vectors with inner product s and squared norms 1 + (d-2) (sympy, symbols
  s and d) against (d-1) h1(s/(d-1)) and (d-1) h2(s/(d-1)) with the printed
  h1, h2 (the result depends on z, z' only through s, hence is symmetric).
* ``reduced_predictor`` (numeric): on hypercube points (d = 12, 60, 300),
  f~ computed three ways: from the definition with the kernel engine's K1,
  K2 on the embedded vectors; from the printed h1, h2 on nu; and as the
  engine's NTK (r_w, r_u given) between (0,1,z_i) and (1,0,z); agreement to
  1e-9 relative, for three (r_w, r_u).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from numerics.data import hypercube
from numerics.kernels import K1, K2, ntk_taus, ntk_two_layer
from theorems.wei2019.def_K1_K2 import PAPER_K1 as PRINTED_K1, PAPER_K2 as PRINTED_K2
from verify import Claim, Evidence

CLAIM = Claim(
    id="wei2019.def_B1_tilde", paper="wei2019", label="B.1 definitions of K1~, K2~, f~",
    section="B.1", kind="definition",
    statement=(
        "K1~(z', z) and K2~(z', z) are K1 and K2 between (0, 1, z') and (1, 0, z); f~ is the "
        "kernel predictor tau1 sum beta_i K1~(z_i, z) + tau2 sum beta_i (K1~ + K2~)(z_i, z); on "
        "the hypercube K1~ = (d-1) h1(nu), K2~ = (d-1) h2(nu) with nu = z^T z'/(d-1)."),
    depends_on=["wei2019.def_K1_K2", "wei2019.eq_B1"],
)

PAPER_H1 = "x*(1 - acos(x)/pi)"
PAPER_H2 = "sqrt(1 - x**2)/pi"
PAPER_SCALE = "d - 1"                  # K~ = (d-1) h(z^T z'/(d-1))
PAPER_F_COEFFS = {"K1~": "tau1 + tau2", "K2~": "tau2"}   # f~ = sum beta_i (c1 K1~ + c2 K2~)

s, d, x = sp.symbols("s d x", real=True)
ip, nx, ny = sp.symbols("ip nx ny", real=True)


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def hypercube_reduction(ctx, h1=PAPER_H1, h2=PAPER_H2, scale=PAPER_SCALE):
    """Printed K1, K2 at orthogonally embedded hypercube points vs (d-1) h_k(nu)."""
    norm = sp.sqrt(1 + (d - 2))                          # ||(0,1,z')|| = ||(1,0,z)||
    loc = {"ip": ip, "nx": nx, "ny": ny}
    k1 = sp.sympify(PRINTED_K1, locals=loc).subs({ip: s, nx: norm, ny: norm})
    k2 = sp.sympify(PRINTED_K2, locals=loc).subs({ip: s, nx: norm, ny: norm})
    sc = sp.sympify(scale, locals={"d": d})
    r1 = sc * sp.sympify(h1, locals={"x": x}).subs(x, s / (d - 1))
    r2 = sc * sp.sympify(h2, locals={"x": x}).subs(x, s / (d - 1))
    g1, g2 = sp.simplify(k1 - r1), sp.simplify(k2 - r2)
    pts = [(sp.Integer(3), sp.Integer(12)), (sp.Integer(-7), sp.Integer(40)),
           (sp.Integer(0), sp.Integer(5))]
    num = max(abs(float(g.subs({s: a, d: b}))) for g in (g1, g2) for a, b in pts)
    expected = {"K1~": f"({scale}) h1(nu), h1 = {h1}", "K2~": f"({scale}) h2(nu), h2 = {h2}"}
    observed = {"K1~ - printed": str(g1), "K2~ - printed": str(g2),
                "max numeric gap at (s, d) in {(3,12), (-7,40), (0,5)}": num}
    if g1 == 0 and g2 == 0:
        return Evidence(verdict="proved", expected=expected, observed=observed,
                        details="exact (sympy): both embedded points have norm sqrt(d-1) and "
                                "inner product z^T z', so K1~ = (d-1) h1(nu) and K2~ = (d-1) h2(nu); "
                                "they depend on (z, z') only through z^T z', hence are symmetric.")
    if num > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"the reduction differs from the printed form (gap {num:.3g})")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                    details="sympy could not simplify the gap, which vanishes numerically")


def _h(expr):
    return sp.lambdify(x, sp.sympify(expr, locals={"x": x}), "numpy")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def reduced_predictor(ctx, h1=PAPER_H1, h2=PAPER_H2, f_coeffs=PAPER_F_COEFFS):
    """f~ from the definition, from h1/h2, and as the NTK between embedded points."""
    H1, H2 = _h(h1), _h(h2)
    worst, rows = 0.0, []
    for dim in (12, 60, 300):
        n, m = 15, 10
        Zi = hypercube(n, dim - 2, seed=int(ctx.rng.integers(2**31)))
        Z = hypercube(m, dim - 2, seed=int(ctx.rng.integers(2**31)))
        beta = ctx.rng.standard_normal(n)
        A = np.hstack([np.zeros((n, 1)), np.ones((n, 1)), Zi])      # (0, 1, z_i)
        B = np.hstack([np.ones((m, 1)), np.zeros((m, 1)), Z])       # (1, 0, z)
        k1t, k2t = K1(A, B), K2(A, B)
        nu = (Zi @ Z.T) / (dim - 1)
        for r_w, r_u in ((1.0, 1.0), (2.0, 0.5), (0.3, 1.7)):
            t1, t2 = ntk_taus(r_w, r_u)
            c1 = float(sp.sympify(f_coeffs["K1~"]).subs({"tau1": t1, "tau2": t2}))
            c2 = float(sp.sympify(f_coeffs["K2~"]).subs({"tau1": t1, "tau2": t2}))
            # the definition: tau1 sum beta K1~ + tau2 sum beta (K1~ + K2~)
            f_def = beta @ (t1 * k1t + t2 * (k1t + k2t))
            f_h = beta @ ((dim - 1) * (c1 * H1(nu) + c2 * H2(nu)))
            f_ntk = beta @ ntk_two_layer(A, B, r_w=r_w, r_u=r_u)
            scale_ = np.abs(f_def).max()
            gap = max(np.abs(f_h - f_def).max(), np.abs(f_ntk - f_def).max()) / scale_
            worst = max(worst, float(gap))
            rows.append({"d": dim, "r_w": r_w, "r_u": r_u, "relative gap": float(gap)})
    expected = (f"f~ = sum beta_i (d-1)[({f_coeffs['K1~']}) h1(nu_i) + ({f_coeffs['K2~']}) h2(nu_i)] "
                "= sum beta_i K((0,1,z_i), (1,0,z))")
    observed = {"max relative gap": worst}
    if worst > 1e-9:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details=f"the three computations of f~ differ (relative gap {worst:.3g})")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="1e-9 relative",
                    details="f~ from the definition equals the h1/h2 form and the NTK predictor "
                            "between the embedded points (0,1,z_i), (1,0,z) for d = 12, 60, 300 "
                            "and three weight scales: f~ = sum beta_i [(tau1 + tau2) K1~ + tau2 K2~].")


CLAIM.plant("hypercube_reduction", "scale d - 2 (norm of z instead of the embedded point)",
            scale="d - 2")
CLAIM.plant("hypercube_reduction", "h2 without 1/pi", h2="sqrt(1 - x**2)")
CLAIM.plant("reduced_predictor", "f~ with (tau1 + tau2) K2~", f_coeffs={"K1~": "tau1 + tau2",
                                                                      "K2~": "tau1 + tau2"})
CLAIM.plant("reduced_predictor", "h1 with arcsin", h1="x*(1 - asin(x)/pi)")
