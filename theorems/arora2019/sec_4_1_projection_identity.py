"""arora2019, Section 4.1: the residual of the linear dynamics in the eigenbasis of H_inf.

Statement (our words). For the recursion (7), u~(k) - y = (I - eta H_inf)^k (u~(0) - y)
= -(I - eta H_inf)^k y. Writing H_inf = sum_i lambda_i v_i v_i^T with orthonormal
v_i, (I - eta H_inf)^k = sum_i (1 - eta lambda_i)^k v_i v_i^T, hence

    ||y - u~(k)||^2 = sum_i (1 - eta lambda_i)^(2k) (v_i^T y)^2,

and ||y||^2 = sum_i (v_i^T y)^2 = sum_i xi_i(0), where
xi_i(k) = (1 - eta lambda_i)^(2k) (v_i^T y)^2 is geometric with ratio (1 - eta lambda_i)^2.

Checks
------
* ``symbolic_identity`` (symbolic): with H = Q diag(lambda) Q^T and
  P(k) = Q diag((1 - eta lambda_i)^k) Q^T, the steps P(0) = I,
  P(1) = I - eta H, P(k) P(1) = P(k+1) (so P(k) = (I - eta H)^k by
  induction) and ||P(k) y||^2 = sum_i mu_i^(power k) (q_i^T y)^2,
  ||y||^2 = sum_i (q_i^T y)^2 reduce, by Q^T Q = Q Q^T = I, to diagonal
  identities that sympy checks exactly (symbolic eigenvalues, eta,
  projections and exponent k); also xi_i(k+1)/xi_i(k) = (1 - eta lambda_i)^2
  and the one-step identity u~(k+1) - y = (I - eta H)(u~(k) - y) from (7)
  with a symbolic symmetric H. In the paper-side sums and xi_i,
  mu_i = 1 - rate eta lambda_i (rate = 1 as printed). (A Cayley transform
  of a 3 x 3 skew matrix exhibits a symbolic orthogonal Q; the reduction
  itself is in the comments.)
* ``numeric_identity`` (numeric): H_inf of 120 digits (the MNIST stand-in,
  classes 0 and 1), the recursion (7) iterated as printed for 400 steps
  against the eigen-sum formula, relative error at most 1e-9.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from numerics.data import digits_two_class
from numerics.kernels import h_inf
from theorems.arora2019.eq_7 import linear_recursion
from verify import Claim, Evidence

CLAIM = Claim(
    id="arora2019.sec_4_1_projection_identity", paper="arora2019",
    label="Section 4.1 proof sketch identity", section="4.1", kind="equation",
    statement=("For the recursion (7), y - u~(k) = (I - eta H_inf)^k y, so "
               "||y - u~(k)||^2 = sum_i (1 - eta lambda_i)^(2k) (v_i^T y)^2 and "
               "||y||^2 = sum_i (v_i^T y)^2; each term decays geometrically with ratio "
               "(1 - eta lambda_i)^2."),
    depends_on=["arora2019.eq_7"],
)

PAPER_POWER = 2      # exponent 2k
PAPER_RATE = 1       # 1 - eta lambda_i


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def symbolic_identity(ctx, power=PAPER_POWER, rate=PAPER_RATE):
    """The eigen-expansion of ||(I - eta H)^k y||^2 with symbolic Q, lambda, eta, y, k."""
    a, b, c = sp.symbols("a b c", real=True)
    eta = sp.Symbol("eta", positive=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    lam = sp.symbols("lambda1:4", positive=True)
    S = sp.Matrix([[0, -a, -b], [a, 0, -c], [b, c, 0]])
    I3 = sp.eye(3)
    # Cayley transform Q = (I - S)(I + S)^-1 = N / delta with polynomial N, delta
    N = ((I3 - S) * (I3 + S).adjugate()).applyfunc(sp.expand)
    delta = sp.expand((I3 + S).det())
    results = {}
    # orthogonality of the eigenbasis, in both orders, as polynomial identities
    results["N^T N - delta^2 I  (Q^T Q = I)"] = (N.T * N - delta ** 2 * I3).applyfunc(sp.expand)
    results["N N^T - delta^2 I  (Q Q^T = I)"] = (N * N.T - delta ** 2 * I3).applyfunc(sp.expand)
    mu = [1 - eta * l for l in lam]
    muR = [1 - rate * eta * l for l in lam]
    D = lambda e: sp.diag(*[m ** e for m in mu])                  # noqa: E731
    # H = Q diag(lambda) Q^T; P(e) = Q D(e) Q^T. With Q Q^T = Q^T Q = I (proved above):
    #   P(0) = Q Q^T = I;  P(1) + eta H = Q (D(1) + eta diag(lambda)) Q^T = Q Q^T = I;
    #   P(k) P(1) = Q D(k) (Q^T Q) D(1) Q^T = Q D(k) D(1) Q^T = P(k+1) iff D(k) D(1) = D(k+1)
    results["D(0) - I"] = D(0) - I3
    results["D(1) + eta diag(lambda) - I"] = (D(1) + eta * sp.diag(*lam) - I3).applyfunc(sp.expand)
    results["D(k) D(1) - D(k+1)"] = (D(k) * D(1) - D(k + 1)).applyfunc(
        lambda e: sp.powsimp(sp.expand_power_exp(e), force=True))
    # one step of (7): u(k+1) - y = (I - eta H)(u(k) - y), with symbolic H, u(k) and y
    Hs = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"h{min(i, j)}{max(i, j)}"))
    u = sp.Matrix(sp.symbols("u1:4", real=True))
    y = sp.Matrix(sp.symbols("y1:4", real=True))
    results["(7) step"] = (u - eta * Hs * (u - y) - y - (I3 - eta * Hs) * (u - y)).applyfunc(sp.expand)
    # norms, in the coordinates p = Q^T y (y = Q p since Q Q^T = I):
    #   ||P(k) y||^2 = p^T D(k) (Q^T Q) D(k) p = p^T D(k)^2 p
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    lhs = (p.T * D(k) * D(k) * p)[0]
    rhs = sum(muR[i] ** (power * k) * p[i] ** 2 for i in range(3))
    results["||P(k) y||^2 - sum_i"] = sp.powsimp(sp.expand(sp.powsimp(lhs - rhs, force=True)),
                                                 force=True)
    # ||y||^2 = ||Q p||^2 = p^T (Q^T Q) p = ||p||^2 by the orthogonality proved above
    xi = [muR[i] ** (power * k) * p[i] ** 2 for i in range(3)]
    results["xi(k+1)/xi(k) - mu^2"] = [
        sp.simplify(sp.powsimp(sp.expand_power_exp(xi[i].subs(k, k + 1) / xi[i]), force=True)
                    - mu[i] ** 2) for i in range(3)]

    def is_zero(v):
        if isinstance(v, sp.MatrixBase):
            return all(e == 0 for e in v)
        if isinstance(v, list):
            return all(is_zero(e) for e in v)
        return v == 0

    observed = {key: ("0" if is_zero(v) else str(v)[:300]) for key, v in results.items()}
    expected = (f"||y - u~(k)||^2 = sum_i (1 - {'' if rate == 1 else rate}eta lambda_i)^({power}k) "
                "(v_i^T y)^2, (I - eta H)^k = sum_i (1 - eta lambda_i)^k v_i v_i^T")
    bad = [key for key, v in results.items() if not is_zero(v)]
    if bad:
        # a numeric spot check so that a sympy simplification gap cannot refute
        vals = {a: sp.Rational(1, 3), b: sp.Rational(-2, 5), c: sp.Rational(3, 7), eta: sp.Rational(1, 10),
                k: 3, lam[0]: 2, lam[1]: sp.Rational(1, 2), lam[2]: sp.Rational(1, 5),
                p[0]: 1, p[1]: -1, p[2]: sp.Rational(1, 2)}
        nonzero = []
        for key in bad:
            v = results[key]
            items = list(v) if isinstance(v, (sp.MatrixBase, list)) else [v]
            if any(abs(float(sp.N(sp.sympify(e).subs(vals)))) > 1e-12 for e in items):
                nonzero.append(key)
        if nonzero:
            return Evidence(verdict="refuted", expected=expected, observed=observed,
                            details=f"nonzero at a rational point: {', '.join(nonzero)}")
        return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                        details=f"sympy left {', '.join(bad)} unsimplified (zero at a test point)")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details="each step reduces, using only Q^T Q = Q Q^T = I, to diagonal "
                            "algebra that sympy checks exactly with symbolic eigenvalues, step "
                            "size, projections p = Q^T y and exponent k; the induction "
                            "P(k) P(1) = P(k+1) identifies P(k) with (I - eta H)^k, and one step "
                            "of (7) is checked with a symbolic symmetric H. The Cayley transform "
                            "only exhibits a symbolic orthogonal Q (Q enters no other identity). "
                            "The reduction is coordinate-free, so it holds for every n.")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def numeric_identity(ctx, power=PAPER_POWER, rate=PAPER_RATE):
    """The recursion (7) iterated as printed against the eigen-sum, on digits."""
    X, y = digits_two_class((0, 1))
    idx = ctx.rng.choice(len(y), size=120, replace=False)
    X, y = X[idx], y[idx]
    H = h_inf(X)
    lam, V = (t.numpy() for t in torch.linalg.eigh(torch.as_tensor(H)))   # single-threaded
    eta = 1.0 / lam[-1]
    steps = 400
    u = linear_recursion(H, y, eta, steps)
    lhs = ((y[None, :] - u) ** 2).sum(1)
    ks = np.arange(steps + 1)[:, None]
    rhs = ((1 - rate * eta * lam[None, :]) ** (power * ks) * (V.T @ y)[None, :] ** 2).sum(1)
    rel = float(np.abs(lhs - rhs).max() / lhs.max())
    rel_late = float(np.abs(lhs[-1] - rhs[-1]) / lhs[-1])
    expected = "||y - u~(k)||^2 = sum_i (1 - eta lambda_i)^(2k) (v_i^T y)^2 for k = 0..400"
    observed = {"max |lhs - rhs| / ||y||^2": rel, "relative gap at k = 400": rel_late,
                "||y||^2 vs sum (v_i^T y)^2": [float(y @ y), float(((V.T @ y) ** 2).sum())]}
    if max(rel, rel_late) > 1e-9:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details="the eigen-sum does not match the iterated recursion")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, tolerance=1e-9,
                    details="n = 120 digits (0 vs 1), eta = 1/lambda_max; agreement to rounding at "
                            "every step, including late steps where the residual is small "
                            "(tolerance 1e-9: float64 rounding of 400 steps of an n x n "
                            "product, 400 n 2^-52 ~ 1e-11, with margin).")


CLAIM.plant("symbolic_identity", "exponent k instead of 2k", power=1)
CLAIM.plant("symbolic_identity", "rate 1 - 2 eta lambda_i", rate=2)
CLAIM.plant("numeric_identity", "exponent k instead of 2k", power=1)
CLAIM.plant("numeric_identity", "rate 1 - 2 eta lambda_i", rate=2)
