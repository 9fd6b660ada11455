"""wei2019, Appendix A: function spaces on the unit sphere.

Statement (our words). S^(d-1) is the unit Euclidean sphere of R^d. L^2_k is
the space of maps S^(d-1) -> R^k whose squared norm is Lebesgue integrable,
with <phi1, phi2> = int phi1(u)^T phi2(u) du; L^p_1 carries the norm
||phi||_p = (int |phi(u)|^p du)^(1/p); and for phi1 in L^1_1, phi2 in L^inf_1
the pairing <phi1, phi2> = int phi1 phi2 du is finite.

What we pin. "du" is the Lebesgue (surface) measure, whose total mass is
|S^(d-1)| = 2 pi^(d/2)/Gamma(d/2) (2 pi for the circle, 4 pi for S^2), not a
probability measure. Section B.1, which builds on this notation, switches to
E_u ("all directions are equally likely"), i.e. the normalised measure; the
constants of B.1's lifted identities depend on which is meant (see
eq_B1_phi_grad_inner, eq_B1_phi_relu_inner). The pairings are finite for the
liftings used later: on a space of finite measure, L^inf is inside L^1 and
|<phi1, phi2>| <= ||phi1||_1 ||phi2||_inf.

Checks
------
* ``surface_measure`` (symbolic): for d = 1..8, the Gaussian integral in
  polar coordinates, (2 pi)^(d/2) = |S^(d-1)| int_0^inf r^(d-1) e^(-r^2/2) dr,
  with the radial integral from sympy (r^0) and integration by parts
  (checked by differentiation), solved for |S^(d-1)| and compared exactly
  with the pinned 2 pi^(d/2)/Gamma(d/2).
* ``pairings_finite`` (numeric): the mass of S^(d-1) measured as d times
  the volume of the unit ball (hit-or-miss in the cube, d = 3, 5, 8) against
  the pinned formula; Monte Carlo over uniform directions (times that
  mass) of the norms of the B.1 liftings phi_grad(x) = 1(x^T u >= 0) x
  and phi_relu(x) = [x^T u]_+: ||phi_grad(x)||^2 against |x|^2 |S^(d-1)|/2,
  ||phi_relu(x)||_inf <= |x|, and Hoelder |<phi1, phi2>| <= ||phi1||_1
  ||phi2||_inf on the sample.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from numerics.data import sphere, wei2019_D
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.def_A_notation", paper="wei2019", label="Appendix A notation", section="A",
    kind="definition",
    statement=(
        "Functions on the unit sphere S^(d-1): L^2_k with the inner product int phi1^T phi2 du, "
        "L^p_1 with the norm (int |phi|^p du)^(1/p), and the L^1-L^inf pairing int phi1 phi2 du, "
        "all with respect to the Lebesgue (surface) measure du."),
    depends_on=[],
)

PINNED_AREA = "2*pi**(d/2)/gamma(d/2)"        # total mass of du on S^(d-1)
PINNED_GRAD_NORM = "area/2"                   # ||phi_grad(x)||^2 / |x|^2

dd = sp.Symbol("d", positive=True)
rr = sp.Symbol("r", positive=True)

AMBIGUITY = Erratum(
    kind="ambiguous",
    says="du on S^(d-1) is Lebesgue measure (Appendix A), while B.1 argues with E_u "
         "'as all directions are equally likely'",
    correct="the two differ by the factor |S^(d-1)| = 2 pi^(d/2)/Gamma(d/2); under the Lebesgue "
            "measure <phi_grad(x), phi_grad(x')> = (|S^(d-1)|/2) K1 and <phi_relu, phi_relu> = "
            "(|S^(d-1)|/(2d)) (K1 + K2); under the uniform probability measure K1/2 and "
            "(K1 + K2)/(2d): neither reading gives the printed <phi_grad, phi_grad> = K1",
    evidence="surface_measure (this module); eq_B1_phi_grad_inner; eq_B1_phi_relu_inner")


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def surface_measure(ctx, area=PINNED_AREA):
    """|S^(d-1)| from the Gaussian integral in polar coordinates, d = 1..8."""
    rows, bad = [], []
    pinned = sp.sympify(area, locals={"d": dd})
    # radial moments J_m = int_0^inf r^m e^(-r^2/2) dr: J_0 by sympy, J_1 = 1, and
    # J_(m+2) = (m+1) J_m from d/dr(-r^(m+1) e^(-r^2/2)) = ((r^(m+2) - (m+1) r^m) e^(-r^2/2))
    m = sp.Symbol("m", nonnegative=True)
    parts = sp.diff(-rr ** (m + 1) * sp.exp(-rr ** 2 / 2), rr) \
        - (rr ** (m + 2) - (m + 1) * rr ** m) * sp.exp(-rr ** 2 / 2)
    if sp.expand(parts) != 0:
        raise ArithmeticError("integration by parts identity failed")
    J = {0: sp.integrate(sp.exp(-rr ** 2 / 2), (rr, 0, sp.oo)), 1: sp.Integer(1)}
    for k in range(2, 8):
        J[k] = (k - 1) * J[k - 2]
    for d in range(1, 9):
        derived = sp.radsimp((2 * sp.pi) ** sp.Rational(d, 2) / J[d - 1])
        value = pinned.subs(dd, d)
        ok = sp.expand(sp.radsimp(derived / value)) == 1
        rows.append({"d": d, "derived |S^(d-1)|": str(derived), "pinned": str(value), "equal": ok})
        if not ok:
            bad.append(f"d={d}: derived {derived}, pinned {value}")
    expected = f"total mass of du on S^(d-1) = {area}"
    observed = {f"|S^{r['d'] - 1}|": r["derived |S^(d-1)|"] for r in rows}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="; ".join(bad))
    return Evidence(
        verdict="proved", expected=expected, observed=observed, table=rows, errata=[AMBIGUITY],
        constants=[Constant(name="total mass of du", where="Appendix A (and B.1)",
                            stated="Lebesgue measure on S^(d-1) (mass not stated)",
                            found="|S^(d-1)| = 2 pi^(d/2)/Gamma(d/2): 2, 2 pi, 4 pi, 2 pi^2, ...",
                            how="sympy, Gaussian integral in polar coordinates, d = 1..8",
                            certified=True, sharp=True)],
        details="exact for d = 1..8: the surface measure has mass 2 pi^(d/2)/Gamma(d/2) (2 only "
                "for d = 1), so du is not a probability measure.")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def pairings_finite(ctx, area=PINNED_AREA, grad_norm=PINNED_GRAD_NORM, n_samples=None):
    """Norms of the B.1 liftings by Monte Carlo: finite, with ||phi_grad||^2 = |x|^2 |S|/2."""
    N = n_samples or ctx.pick(100_000, 1_000_000)
    rows, bad = [], []
    for d in (3, 5, 8):
        A_pinned = float(sp.sympify(area, locals={"d": dd}).subs(dd, d))
        # the mass of the sphere measured independently: |S^(d-1)| = d vol(B^d), and the ball
        # volume by hit-or-miss in the cube [-1, 1]^d
        C = ctx.rng.uniform(-1, 1, size=(N, d))
        hits = float(((C ** 2).sum(1) <= 1).mean())
        A_mc = d * 2 ** d * hits
        A_se = d * 2 ** d * math.sqrt(hits * (1 - hits) / N)
        ratio = float(sp.sympify(grad_norm, locals={"area": sp.Symbol("area")})
                      .subs(sp.Symbol("area"), A_pinned))
        X, _ = wei2019_D(3, d, seed=int(ctx.rng.integers(2**31)))
        U = sphere(N, d, seed=int(ctx.rng.integers(2**31)))
        Z = U @ X.T
        ind = (Z >= 0).astype(float)
        nx2 = (X ** 2).sum(1)
        p, p_se = ind.mean(0), ind.std(0, ddof=1) / math.sqrt(N)
        g2 = A_mc * p * nx2                                  # int ||1(x.u>=0) x||^2 du
        g2_se = nx2 * np.sqrt((A_se * p) ** 2 + (A_mc * p_se) ** 2)
        relu = np.maximum(Z, 0)
        sup_relu = relu.max(0)
        l1 = A_mc * relu.mean(0)
        pair = A_mc * (relu[:, 0] * relu[:, 1]).mean()
        hoelder = abs(pair) <= l1[0] * sup_relu[1] + 1e-12
        z = (g2 - ratio * nx2) / g2_se
        z_area = (A_mc - A_pinned) / A_se
        rows.append({"d": d, "|S^(d-1)| pinned": A_pinned, "|S^(d-1)| Monte Carlo": A_mc,
                     "z (area)": z_area, "||phi_grad||^2 MC": g2.tolist(),
                     "pinned |x|^2 * grad_norm": (ratio * nx2).tolist(), "z": z.tolist(),
                     "max ||phi_relu||_inf / |x|": float((sup_relu / np.sqrt(nx2)).max()),
                     "Hoelder holds": bool(hoelder)})
        if abs(z_area) > 4.0:
            bad.append(f"d={d}: sphere mass {A_mc:.4g} +- {A_se:.2g} vs pinned {A_pinned:.4g}")
        if np.abs(z).max() > 4.0:
            bad.append(f"d={d}: ||phi_grad(x)||^2 = {g2[0]:.4g} vs pinned {ratio * nx2[0]:.4g}")
        if (sup_relu > np.sqrt(nx2) + 1e-12).any() or not hoelder:
            bad.append(f"d={d}: sup norm or Hoelder bound violated")
    expected = {"|S^(d-1)|": area, "||phi_grad(x)||^2": f"|x|^2 * {grad_norm}",
                "||phi_relu(x)||_inf": "<= |x|"}
    observed = {f"d={r['d']}": {"area MC": r["|S^(d-1)| Monte Carlo"], "z": r["z"],
                                "sup/|x|": r["max ||phi_relu||_inf / |x|"]} for r in rows}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="; ".join(bad))
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="|z| <= 4 (Monte Carlo standard errors)",
                    details=f"{N} samples: the sphere's mass (from the ball volume, hit-or-miss) "
                            "matches 2 pi^(d/2)/Gamma(d/2); ||phi_grad(x)||^2 = |x|^2 |S^(d-1)|/2 "
                            "and ||phi_relu(x)||_inf <= |x| are finite, so phi_grad is in L^2_d, "
                            "phi_relu in L^inf_1 (inside L^1_1 on the finite-mass sphere) and "
                            "the pairings used in B.1 are finite.")


CLAIM.plant("surface_measure", "area pi^(d/2)/Gamma(d/2) (factor 2)", area="pi**(d/2)/gamma(d/2)")
CLAIM.plant("pairings_finite", "||phi_grad(x)||^2 = |x|^2 |S^(d-1)| (no 1/2)", grad_norm="area")
CLAIM.plant("pairings_finite", "du normalised to mass 1 (probability measure)", area="1")
