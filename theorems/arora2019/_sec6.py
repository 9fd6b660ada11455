"""Shared tools for arora2019, Section 6 (private: not a claim module).

* ``kernel_coefficient(p)``: the exact Taylor coefficient a_p of the ReLU kernel
  k(t) = t (pi - arccos t) / (2 pi) at t = 0 (sympy).  k(t) = t/4 + t arcsin(t)/(2 pi),
  so a_1 = 1/4, a_{2l} = binom(2l-2, l-1) / (4^(l-1) (2l-1) 2 pi), and a_p = 0 for odd p >= 3.
* ``rkhs_bound(p)``: ||beta||^p / sqrt(a_p), the norm of x -> (beta^T x)^p in the RKHS of
  sum_p a_p (x^T x')^p; for unit inputs, sqrt(y^T H_inf^-1 y) <= ||g||_RKHS for every finite
  data set (the interpolant of least norm), so this is a data-free upper bound.
* ``sphere_norm_sq(phi, d, ks)``: the exact squared RKHS norm, on the unit sphere S^(d-1),
  of the zonal function x -> phi(u^T x) (|u| = 1), by Funk-Hecke:
  sum_k N(d,k) c_k^2 / lambda_k with c_k, lambda_k the Gegenbauer coefficients of phi
  and of k (normalised so that P_k(1) = 1).  This is the supremum over all finite data sets
  on the sphere of y^T H_inf^-1 y (a truncated sum is a lower bound).
* ``power_series_norm_sq(coeffs, b)``: the same bound for sum_p c_p (beta^T x)^p, ||beta|| = b:
  sum_p c_p^2 b^(2p) / a_p (the tensor blocks of different degrees are orthogonal).
* ``interpolation_norm(X, y)``: sqrt(y^T H_inf^-1 y) from the kernel engine.
"""
from __future__ import annotations

import math
import warnings
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy import integrate, special

from numerics.kernels import h_inf

T = sp.Symbol("t", real=True)
KERNEL = T * (sp.pi - sp.acos(T)) / (2 * sp.pi)


@lru_cache(maxsize=None)
def kernel_coefficient(p: int):
    """Exact coefficient a_p of t^p in k(t): 1/4, binom(2l-2,l-1)/(4^(l-1)(2l-1) 2 pi), or 0."""
    if p == 1:
        return sp.Rational(1, 4)
    if p < 1 or p % 2:
        return sp.Integer(0)
    l = p // 2
    return sp.binomial(2 * l - 2, l - 1) / (4 ** (l - 1) * (2 * l - 1) * 2 * sp.pi)


@lru_cache(maxsize=None)
def rkhs_bound(p: int) -> float:
    """||(beta^T .)^p||_RKHS / ||beta||^p <= 1/sqrt(a_p) (inf when a_p = 0)."""
    a = kernel_coefficient(p)
    return float("inf") if a == 0 else float(1 / sp.sqrt(a))


def power_series_norm_sq(coeffs, b: float) -> float:
    """sum_p c_p^2 b^(2p) / a_p: the squared RKHS norm bound of x -> sum_p c_p (beta^T x)^p,
    ||beta|| = b, from orthogonal tensor blocks (an upper bound on y^T H^-1 y for any data set
    and any d; inf if some c_p != 0 has a_p = 0). ``coeffs`` maps p to c_p."""
    total = 0.0
    for p, c in coeffs.items():
        if c:
            total += float(c) ** 2 * b ** (2 * p) * rkhs_bound(p) ** 2
    return total


def interpolation_norm(X, y) -> float:
    """sqrt(y^T H_inf^-1 y) for the data (X, y) (Cholesky of H_inf)."""
    H = h_inf(X)
    L = np.linalg.cholesky(H)
    z = np.linalg.solve(L, y)
    return float(np.sqrt(z @ z))


# -- exact norms on the sphere (Funk-Hecke) ----------------------------------

def _kernel_np(t):
    return t * (np.pi - np.arccos(np.clip(t, -1.0, 1.0))) / (2 * np.pi)


def _legendre_d(k: int, d: int, t):
    """The degree-k Legendre polynomial of dimension d, P_k(1) = 1."""
    if d == 2:
        return special.eval_chebyt(k, t)
    lam = (d - 2) / 2
    return special.eval_gegenbauer(k, lam, t) / special.eval_gegenbauer(k, lam, 1.0)


def harmonic_dimension(d: int, k: int) -> float:
    """N(d, k): the dimension of degree-k spherical harmonics on S^(d-1)."""
    if k == 0:
        return 1.0
    return (2 * k + d - 2) * math.comb(k + d - 3, k - 1) / k


def _project(f, k: int, d: int) -> float:
    """int_{-1}^{1} f(t) P_k(t) w_d(t) dt with w_d the law of u^T x, x uniform on S^(d-1)."""
    a = (d - 3) / 2
    Z = math.exp(0.5 * math.log(math.pi) + math.lgamma(a + 1) - math.lgamma(a + 1.5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v, _ = integrate.quad(lambda t: f(t) * _legendre_d(k, d, t), -1, 1, weight="alg",
                              wvar=(a, a), limit=400, epsabs=1e-15, epsrel=1e-12)
    return v / Z


@lru_cache(maxsize=None)
def kernel_eigenvalue(k: int, d: int) -> float:
    """lambda_k of H_inf's kernel on S^(d-1) (Funk-Hecke)."""
    return _project(_kernel_np, k, d)


def sphere_norm_sq(phi, d: int, ks, c_floor: float = 1e-12):
    """sum_k N(d,k) c_k^2 / lambda_k over the given degrees (terms with |c_k| < c_floor dropped).

    Returns (value, rows) with rows (k, c_k, lambda_k, term)."""
    total, rows = 0.0, []
    for k in ks:
        c = _project(phi, k, d)
        if abs(c) < c_floor:
            continue
        lam = kernel_eigenvalue(k, d)
        term = harmonic_dimension(d, k) * c * c / lam
        total += term
        rows.append((k, c, lam, term))
    return total, rows


def monomial_sphere_norm(p: int, d: int) -> float:
    """The exact sup over data on S^(d-1) of sqrt(y^T H^-1 y) for y = (u^T x)^p, |u| = 1."""
    ks = range(p % 2, p + 1, 2)
    v, _ = sphere_norm_sq(lambda t: t ** p, d, ks)
    return math.sqrt(v)


@lru_cache(maxsize=None)
def _gauss_rule(d: int, N: int = 3000):
    if d == 2:
        x, w = special.roots_chebyt(N)
    else:
        x, w = special.roots_gegenbauer(N, (d - 2) / 2)
    return x, w / w.sum()


def _project_gauss(f, k: int, d: int) -> float:
    """The same projection by an N-point Gauss-Gegenbauer rule (an independent method)."""
    x, w = _gauss_rule(d)
    return float((f(x) * _legendre_d(k, d, x) * w).sum())


def sphere_norm_sq_lower(phi, d: int, ks, rel_tol: float = 1e-5, c_floor: float = 1e-12):
    """A lower bound on the squared sphere norm: the terms whose c_k and lambda_k agree between
    the adaptive (QUADPACK QAWS) and the Gauss-Gegenbauer quadrature to rel_tol, up to the
    first degree where they disagree (all terms are positive, so any subset is a lower bound).

    Returns (value, rows, last degree used, stopped early?)."""
    total, rows, last, stopped = 0.0, [], None, False
    for k in ks:
        c1, c2 = _project(phi, k, d), _project_gauss(phi, k, d)
        if max(abs(c1), abs(c2)) < c_floor:
            continue
        l1, l2 = kernel_eigenvalue(k, d), _project_gauss(_kernel_np, k, d)
        if abs(c1 - c2) > rel_tol * abs(c1) or abs(l1 - l2) > rel_tol * abs(l1) or l1 <= 0:
            stopped = True
            break
        term = harmonic_dimension(d, k) * c1 * c1 / l1
        total += term
        rows.append((k, c1, l1, term))
        last = k
    return total, rows, last, stopped
