"""wei2019, equation (B.10): the degree-2 term of Lemma B.7 as a quadratic form in the lifted data.

Statement (our words). Let M in R^(d x n) have the points z_i as columns and
M⊗2 in R^(d^2 x n) their lifts z_i⊗2. Since (z^T z_i)^2 = <z⊗2, z_i⊗2>,

    E_z[(sum_i beta_i (z^T z_i)^2)^2] = beta^T (M⊗2)^T E_z[z⊗2 z⊗2^T] M⊗2 beta

for z uniform on {-1,+1}^d: an identity, provided the middle matrix is the
true second moment of z⊗2 (not the matrix printed right after it, see
sec_B1_fourth_moment_matrix).

Checks
------
* ``lifted_quadratic_form`` (symbolic + exact numeric): sympy proves
  <z⊗2, w⊗2> = (z^T w)^2 for symbolic vectors (d = 2..5); then for random
  z_i and integer beta (d = 4, 6, 8) the left side is summed exactly over the
  cube and the right side is built from the moment formula of the fourth
  moments (a different code path); both are integers and must be equal. The
  right side with the matrix printed in the proof of Lemma B.7 is reported
  alongside: it is not equal.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from theorems.wei2019.sec_B1_fourth_moment_matrix import (PAPER_PATTERNS as PRINTED_PATTERNS,
                                                          cube, formula_moment_matrix,
                                                          pattern_matrix)
from verify import Claim, Evidence

CLAIM = Claim(
    id="wei2019.eq_B10", paper="wei2019", label="equation (B.10)", section="B.1",
    kind="equation",
    statement=(
        "The second moment over the hypercube of sum_i beta_i (z^T z_i)^2 equals the quadratic "
        "form beta^T (M⊗2)^T E_z[z⊗2 z⊗2^T] M⊗2 beta, M⊗2 having the lifted points z_i⊗2 as "
        "columns."),
    depends_on=["wei2019.def_B1_lifting"],
)

PAPER_LIFT_POWER = 2          # the tensor power of the lift in (B.10)
PAPER_MOMENT = "exact"        # the middle matrix: the true E_z[z⊗2 z⊗2^T]


def lift(Z: np.ndarray, power: int) -> np.ndarray:
    """Rows z⊗power (row-major order), for power 1 or 2."""
    if power == 1:
        return Z
    if power == 2:
        return (Z[:, :, None] * Z[:, None, :]).reshape(len(Z), -1)
    raise ValueError("power must be 1 or 2")


def moment_matrix(d: int, power: int, which: str) -> np.ndarray:
    """E_z[z⊗p z⊗p^T] from the moment formula ('exact') or as printed ('printed', p = 2)."""
    if power == 1:
        return np.eye(d, dtype=np.int64)
    if which == "exact":
        return formula_moment_matrix(d)
    if which == "printed":
        return pattern_matrix(d, PRINTED_PATTERNS)
    raise ValueError(which)


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def lifted_quadratic_form(ctx, lift_power=PAPER_LIFT_POWER, moment=PAPER_MOMENT):
    """Both sides of (B.10), exactly, for random lifted data and integer beta."""
    # symbolic part: <z⊗2, w⊗2> = (z^T w)^2 (the identity behind (B.10))
    sym_ok = True
    for d in range(2, 6):
        z = sp.symbols(f"z1:{d + 1}")
        w = sp.symbols(f"w1:{d + 1}")
        zl = [z[i] * z[j] for i in range(d) for j in range(d)] if lift_power == 2 else list(z)
        wl = [w[i] * w[j] for i in range(d) for j in range(d)] if lift_power == 2 else list(w)
        gap = sp.expand(sum(a * b for a, b in zip(zl, wl))
                        - sum(a * b for a, b in zip(z, w)) ** 2)
        sym_ok &= gap == 0
    rows, ok = [], True
    for d, n in ((4, 6), (6, 12), (8, 20)):
        Z = 2 * ctx.rng.integers(0, 2, size=(n, d)) - 1
        beta = ctx.rng.integers(-5, 6, size=n)
        C = cube(d)
        s = ((C @ Z.T) ** 2) @ beta                      # sum_i beta_i (z^T z_i)^2, each z
        lhs = Fraction(int((s.astype(object) ** 2).sum()), 2 ** d)
        L = lift(Z, lift_power)                           # n x d^p
        v = L.T @ beta
        rhs = int(v @ moment_matrix(d, lift_power, moment) @ v)
        printed = int(v @ moment_matrix(d, 2, "printed") @ v) if lift_power == 2 else None
        ok &= lhs == rhs
        rows.append({"d": d, "n": n, "E_z[(sum beta_i (z^T z_i)^2)^2]": str(lhs),
                     "beta^T M^T E M beta": rhs, "with the printed E": printed})
    expected = (f"E_z[(sum_i beta_i (z^T z_i)^2)^2] = beta^T (M⊗{lift_power})^T "
                f"E_z[z⊗{lift_power} z⊗{lift_power}^T] M⊗{lift_power} beta ({moment} moment matrix)")
    observed = {"symbolic identity <z⊗2, w⊗2> = (z^T w)^2": bool(sym_ok),
                "exact instances equal": bool(ok)}
    if sym_ok and ok:
        return Evidence(verdict="proved", expected=expected, observed=observed, table=rows,
                        details="sympy: <z⊗2, w⊗2> - (z^T w)^2 expands to 0 (d = 2..5), which "
                                "with linearity of expectation is (B.10); exact integer sums over "
                                "the cube agree on every instance. With the matrix printed in the "
                                "proof (swap entries missing) the right side is smaller, so (B.10) "
                                "holds only with the true fourth-moment matrix.")
    return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                    details="the two sides differ on exact instances: "
                            + "; ".join(f"d={r['d']}: {r['E_z[(sum beta_i (z^T z_i)^2)^2]']} vs "
                                        f"{r['beta^T M^T E M beta']}" for r in rows))


CLAIM.plant("lifted_quadratic_form", "middle matrix as printed in the proof (swap entries missing)",
            moment="printed")
CLAIM.plant("lifted_quadratic_form", "lift z⊗1 instead of z⊗2", lift_power=1)
