"""Max-margin l1-SVM over ReLU features and kernel max-margin / min-norm predictors.

The central object is the l1-SVM over the lifted ReLU features of wei2019,
equation (B.15)::

    gamma_l1 = max_mu  min_i  y_i <mu, phi_relu(x_i)>   s.t.  ||mu||_1 <= 1,

where ``phi_relu(x)[u] = [u . x]_+`` for unit directions ``u`` on the sphere
``S^{d-1}`` and ``mu`` is a signed measure of total variation at most one.
Restricted to a finite dictionary ``u_1, ..., u_N`` it is the linear program

    max_{mu in R^N, t}  t   s.t.  y_i sum_k mu_k [u_k . x_i]_+ >= t,  ||mu||_1 <= 1,

whose dual is

    min_{alpha in simplex}  max_k | sum_i alpha_i y_i [u_k . x_i]_+ |.

Everything here is paper-agnostic: no function knows which claim uses it.

Certified brackets
------------------
For every feasible ``mu`` (``||mu||_1 <= 1``) the number
``min_i y_i (Phi mu)_i`` is a lower bound on the optimum, and for every
``alpha`` in the simplex the number ``max_u |sum_i alpha_i y_i [u . x_i]_+|``
is an upper bound (weak duality).  Both are evaluated here from the returned
neurons and dual weights, without trusting the LP solver's objective.
Over a finite dictionary the upper bound is computed exactly (every column is
priced).  Over the whole sphere the supremum over ``u`` (the *pricing
problem*) is non-concave; it is solved exactly only in ``d = 2`` (by
enumerating the at most ``2 n`` arcs of the circle on which the activation
pattern is constant); in ``d > 2`` a multi-start local ascent is used and the
reported ``upper`` is a bound for the explored dictionary only
(``upper_certified`` is then False).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "relu_features",
    "L1SVMResult",
    "l1_svm_relu",
    "l1_svm_relu_exact_2d",
    "price_neurons",
    "KernelInterpolantResult",
    "kernel_min_norm_interpolant",
    "KernelSVMResult",
    "kernel_svm_hard_margin",
    "SingularKernelError",
    "InfeasibleSVMError",
]


# ---------------------------------------------------------------------------
# features
# ---------------------------------------------------------------------------


def relu_features(X, directions):
    """ReLU features ``[X @ directions.T]_+`` (wei2019, equation (B.15)).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Data points, one per row.
    directions : array_like, shape (N, d) or (d,)
        Neuron directions, one per row.  They are used as given (no
        normalisation), so the feature is positively homogeneous of degree one
        in each direction.

    Returns
    -------
    Phi : ndarray, shape (n, N)
        ``Phi[i, k] = max(0, directions[k] . X[i])``.
    """
    X = np.asarray(X, dtype=float)
    U = np.atleast_2d(np.asarray(directions, dtype=float))
    if X.ndim != 2 or U.shape[1] != X.shape[1]:
        raise ValueError(f"shape mismatch: X {X.shape}, directions {U.shape}")
    return np.maximum(X @ U.T, 0.0)


def _normalise_rows(U):
    U = np.atleast_2d(np.asarray(U, dtype=float))
    nrm = np.linalg.norm(U, axis=1)
    if np.any(nrm == 0) or not np.all(np.isfinite(nrm)):
        raise ValueError("directions must be finite and non-zero")
    return U / nrm[:, None]


# ---------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------


@dataclass
class L1SVMResult:
    """Solution of the l1-SVM over ReLU features (wei2019, equation (B.15)).

    Attributes
    ----------
    margin : float
        ``min_i y_i f(x_i)`` of the returned network
        ``f(x) = sum_k weights_k [directions_k . x]_+``, recomputed from
        ``directions`` and ``weights`` (not the solver's objective).  Equal to
        ``lower``.
    directions : ndarray, shape (k, d)
        Unit neuron directions with non-zero weight.
    weights : ndarray, shape (k,)
        Output weights; ``sum |weights| <= 1``.
    lower, upper : float
        Bracket ``lower <= gamma <= upper`` on the optimum ``gamma``.
        ``lower`` is the recomputed margin of the returned feasible network.
        ``upper`` is ``max_u |sum_i alpha_i y_i [u . x_i]_+|`` with
        ``alpha = dual`` (weak duality), the maximum taken over: the whole
        dictionary (fixed dictionary: certified); the whole circle (``d = 2``
        with exact pricing: certified over the sphere); or, over the sphere
        in ``d > 2``, only the directions explored (the LP's columns and
        the last priced sets), a bound for that dictionary but *not*
        certified for the sphere (``upper_certified=False``).  With
        certified pricing ``dual`` is the best of all dual vectors priced.
    duality_gap : float
        ``upper - lower``.
    dual : ndarray, shape (n,)
        Dual weights ``alpha`` (a probability vector over training points).
    rounds : int
        Column-generation rounds (restricted LP solves); 1 for a direct solve.
    n_columns : int
        Number of signed columns in the final LP.
    solver : str
        Human-readable description of how the LP was solved.
    upper_certified : bool
        True when ``upper`` bounds the optimum over the whole feasible set of
        the problem that was posed: always for a fixed dictionary; for the
        sphere only with exact pricing (``d = 2``).
    converged : bool
        Column generation stopped because no improving column was found
        or the certified gap fell below ``tol`` (for a direct solve: the
        LP status is optimal).  False after ``max_rounds`` / ``max_seconds``.
    objective : float
        The LP solver's own optimal value (for comparison only).
    seconds : float
        Wall-clock time.
    info : dict
        Extra diagnostics (per-round history, timings).
    """

    margin: float
    directions: np.ndarray
    weights: np.ndarray
    lower: float
    upper: float
    duality_gap: float
    dual: np.ndarray
    rounds: int
    n_columns: int
    solver: str
    upper_certified: bool = True
    converged: bool = True
    objective: float = float("nan")
    seconds: float = 0.0
    info: dict = field(default_factory=dict)

    def predict(self, X):
        """Network output ``sum_k weights_k [directions_k . x]_+`` on rows of ``X``."""
        if len(self.weights) == 0:
            return np.zeros(np.asarray(X).shape[0])
        return relu_features(X, self.directions) @ self.weights


# ---------------------------------------------------------------------------
# HiGHS restricted LP (split form, warm-started column additions)
# ---------------------------------------------------------------------------


def _new_highs():
    """A silent HiGHS instance (its constructor prints a banner on fd 1: swallowed)."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


class _RestrictedLP:
    """``max t  s.t.  y_i (Phi mu)_i - t >= 0,  sum_k |mu_k| <= 1`` in HiGHS.

    Each column is a *signed* neuron: variable ``nu_j >= 0`` with signed
    feature column ``s_j * y * [X u_j]_+`` (``s_j = +-1``), so that
    ``mu = sum_j s_j nu_j delta_{u_j}`` and ``||mu||_1 <= sum_j nu_j``.
    Rows ``0..n-1`` are the margin rows, row ``n`` the norm row.  The model is
    a minimisation of ``-t``.  Columns are appended in place, so HiGHS
    warm-starts from the previous basis (new columns enter nonbasic at zero,
    which keeps the basis primal feasible).
    """

    def __init__(self, n, method="simplex", time_limit=None, feas_tol=1e-10):
        import highspy

        self.n = n
        self.inf = highspy.kHighsInf
        self.h = _new_highs()
        h = self.h
        self.set_method(method)
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        # the data are rescaled to max ||x_i|| = 1, so absolute tolerances are
        # relative to the largest feature; 1e-7 (the default) is too loose for
        # margins of order 1e-2
        h.setOptionValue("primal_feasibility_tolerance", feas_tol)
        h.setOptionValue("dual_feasibility_tolerance", feas_tol)
        h.setOptionValue("ipm_optimality_tolerance", 1e-10)
        # variable 0: t (free), cost -1
        h.addCols(1, np.array([-1.0]), np.array([-self.inf]), np.array([self.inf]),
                  0, np.array([0], dtype=np.int32), np.array([], dtype=np.int32),
                  np.array([], dtype=float))
        # margin rows: -t + ... >= 0
        h.addRows(n, np.zeros(n), np.full(n, self.inf), n,
                  np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.int32),
                  -np.ones(n))
        # norm row: sum nu <= 1
        h.addRows(1, np.array([-self.inf]), np.array([1.0]), 0,
                  np.array([0], dtype=np.int32), np.array([], dtype=np.int32),
                  np.array([], dtype=float))
        self.n_cols = 0
        self.n_solves = 0

    def set_method(self, method):
        """"simplex", "ipm" (with crossover), "ipm-central" (no crossover:
        the duals are near the analytic centre of the optimal face) or
        "choose"."""
        h = self.h
        if method == "simplex":
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("simplex_strategy", 1)  # dual simplex (the default)
        elif method == "primal-simplex":
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("simplex_strategy", 4)
        elif method == "ipm":
            h.setOptionValue("solver", "ipm")
            h.setOptionValue("run_crossover", "on")
        elif method == "ipm-central":
            h.setOptionValue("solver", "ipm")
            h.setOptionValue("run_crossover", "off")
        elif method == "choose":
            h.setOptionValue("solver", "choose")
        else:
            raise ValueError(f"unknown LP method {method!r}")
        self.method = method

    def add(self, signed_cols):
        """Append columns; ``signed_cols`` is (n, m) with entries s_j y_i phi_ij."""
        A = np.asarray(signed_cols, dtype=float)
        m = A.shape[1]
        if m == 0:
            return
        # column-wise sparse storage of [A; 1] (the last row is the norm row)
        AT = np.concatenate([A, np.ones((1, m))], axis=0).T  # (m, n + 1)
        mask = AT != 0.0
        counts = mask.sum(axis=1)
        starts = np.zeros(m, dtype=np.int32)
        starts[1:] = np.cumsum(counts)[:-1]
        rows = np.nonzero(mask)[1].astype(np.int32)  # row-major over AT = by column
        vals = AT[mask]
        self.h.addCols(m, np.zeros(m), np.zeros(m), np.full(m, self.inf),
                       len(vals), starts, rows, vals)
        self.n_cols += m

    def solve(self):
        h = self.h
        h.run()
        self.n_solves += 1
        status = h.modelStatusToString(h.getModelStatus())
        sol = h.getSolution()
        x = np.asarray(sol.col_value)
        rd = np.asarray(sol.row_dual)
        t = float(x[0])
        nu = x[1:].copy()
        alpha = rd[: self.n].copy()
        info = h.getInfo()
        obj = -float(info.objective_function_value)
        self.last_iterations = (int(info.simplex_iteration_count), int(info.ipm_iteration_count))
        return status, t, nu, alpha, obj


def _normalise_dual(alpha, n):
    a = np.clip(np.nan_to_num(np.asarray(alpha, dtype=float)), 0.0, None)
    s = a.sum()
    if not np.isfinite(s) or s <= 0:
        return np.full(n, 1.0 / n)
    return a / s


def _finalise(X, y, dirs, signs, nu, alpha, upper, *, rounds, solver,
              upper_certified, converged, objective, t0, info):
    """Merge signed columns into a network, rescale, recompute the bracket."""
    X = np.asarray(X, float)
    nu = np.clip(np.asarray(nu, float), 0.0, None)
    if len(nu) < len(signs):  # columns added after the last solve
        nu = np.concatenate([nu, np.zeros(len(signs) - len(nu))])
    w_signed = signs * nu
    keep = nu > 0
    U = dirs[keep]
    w = w_signed[keep]
    # merge identical directions (same column used with both signs)
    if len(w):
        _, inv = np.unique(np.round(U, 14), axis=0, return_inverse=True)
        inv = np.asarray(inv).ravel()
        if inv.max() + 1 < len(w):
            Um = np.zeros((inv.max() + 1, U.shape[1]))
            wm = np.zeros(inv.max() + 1)
            for k, g in enumerate(inv):
                Um[g] = U[k]
                wm[g] += w[k]
            U, w = Um, wm
        nz = w != 0
        U, w = U[nz], w[nz]
    l1 = float(np.abs(w).sum())
    if l1 > 1.0:
        w = w / l1
    if len(w):
        margin = float(np.min(y * (relu_features(X, U) @ w)))
    else:
        margin = 0.0
    upper = float(upper)
    res = L1SVMResult(
        margin=margin, directions=U.reshape(-1, X.shape[1]), weights=w,
        lower=margin, upper=upper, duality_gap=upper - margin,
        dual=alpha, rounds=rounds, n_columns=int(len(nu)), solver=solver,
        upper_certified=upper_certified, converged=converged,
        objective=float(objective), seconds=time.perf_counter() - t0, info=info)
    return res


# ---------------------------------------------------------------------------
# pricing: max_u | sum_i c_i [u . x_i]_+ |  over unit u
# ---------------------------------------------------------------------------


def _pricing_value(X, c, U):
    """``sum_i c_i [U_k . x_i]_+`` for each row ``U_k``."""
    return c @ np.maximum(X @ U.T, 0.0)


def _great_circle_max(X, c, U, V):
    """Exact maximum of ``F(u) = sum_i c_i [u . x_i]_+`` on great circles.

    For each pair of orthonormal rows ``(U_k, V_k)`` the circle
    ``u(theta) = cos(theta) U_k + sin(theta) V_k`` is searched exactly: with
    ``x_i . u(theta) = a_i cos(theta) + b_i sin(theta)`` point ``i`` is
    active on a half circle, so the circle splits into at most ``2 n``
    segments (each at most a half circle) on each of which
    ``F = A cos(theta) + B sin(theta)``; the segment maxima are found in
    closed form (sorted breakpoints and cumulative sums, vectorised over
    ``k``).  This is the 2-D arc enumeration applied to the projection of the
    data onto the plane of the circle.

    Returns ``(U_best, F_best)`` with ``F_best`` recomputed directly.
    """
    m = U.shape[0]
    a = X @ U.T  # (n, m)
    b = X @ V.T
    r = np.hypot(a, b)
    live = r > 0
    rs = np.where(live, r, 1.0)
    two_pi = 2.0 * np.pi
    phi = np.arctan2(b, a)
    t_on = np.mod(phi - 0.5 * np.pi, two_pi)
    t_off = np.mod(phi + 0.5 * np.pi, two_pi)
    act0 = (a > 0) | ((a == 0) & (b > 0))
    ca, cb = c[:, None] * a, c[:, None] * b
    A0 = np.sum(np.where(act0, ca, 0.0), axis=0)
    B0 = np.sum(np.where(act0, cb, 0.0), axis=0)
    # each live point switches on once (adding (ca, cb)) and off once
    # (removing them) in [0, 2 pi); an event at theta = 0 is already in the
    # initial state (t_on = 0 iff a = 0 < b, t_off = 0 iff a = 0 > b).
    # Unit vectors of the breakpoints: on at (b, -a)/r, off at (-b, a)/r.
    T = np.concatenate([t_on, t_off], axis=0)
    valid = np.concatenate([live & (t_on > 0), live & (t_off > 0)], axis=0)
    T = np.where(valid, T, two_pi)
    order = np.argsort(T, axis=0)
    vz = np.concatenate([np.where(valid[:len(a)], 1.0, 0.0),
                         np.where(valid[len(a):], -1.0, 0.0)], axis=0)
    dA = np.take_along_axis(vz * np.concatenate([ca, ca], axis=0), order, axis=0)
    dB = np.take_along_axis(vz * np.concatenate([cb, cb], axis=0), order, axis=0)
    ex = np.concatenate([b / rs, -b / rs], axis=0)
    ey = np.concatenate([-a / rs, a / rs], axis=0)
    ex = np.where(valid, ex, 1.0)  # invalid events sit at 2 pi = direction (1, 0)
    ey = np.where(valid, ey, 0.0)
    ex = np.take_along_axis(ex, order, axis=0)
    ey = np.take_along_axis(ey, order, axis=0)
    Aseg = np.concatenate([A0[None, :], A0[None, :] + np.cumsum(dA, axis=0)], axis=0)
    Bseg = np.concatenate([B0[None, :], B0[None, :] + np.cumsum(dB, axis=0)], axis=0)
    one = np.ones((1, m))
    zero = np.zeros((1, m))
    lx = np.concatenate([one, ex], axis=0)  # segment start directions
    ly = np.concatenate([zero, ey], axis=0)
    hx = np.concatenate([ex, one], axis=0)  # segment end directions
    hy = np.concatenate([ey, zero], axis=0)
    # (A, B) inside the segment (length <= pi): cross(lo, g) >= 0 >= cross(hi, g)
    inside = ((lx * Bseg - ly * Aseg) >= 0) & ((hx * Bseg - hy * Aseg) <= 0)
    v_in = np.where(inside, np.hypot(Aseg, Bseg), -np.inf)
    v_lo = Aseg * lx + Bseg * ly
    v_hi = Aseg * hx + Bseg * hy
    k_in = np.argmax(v_in, axis=0)
    k_lo = np.argmax(v_lo, axis=0)
    k_hi = np.argmax(v_hi, axis=0)
    cols = np.arange(m)
    best = np.stack([v_in[k_in, cols], v_lo[k_lo, cols], v_hi[k_hi, cols]], axis=0)
    which = np.argmax(best, axis=0)
    gx = np.where(which == 0, Aseg[k_in, cols], np.where(which == 1, lx[k_lo, cols], hx[k_hi, cols]))
    gy = np.where(which == 0, Bseg[k_in, cols], np.where(which == 1, ly[k_lo, cols], hy[k_hi, cols]))
    Ub = gx[:, None] * U + gy[:, None] * V
    nb = np.linalg.norm(Ub, axis=1, keepdims=True)
    Ub = np.where(nb > 0, Ub / np.where(nb > 0, nb, 1.0), U)
    return Ub, c @ np.maximum(X @ Ub.T, 0.0)


def _kink_directions(X, c, U, G, S, xn):
    """Tangent directions along the kinks of negative-weight points.

    For each row ``u = U_k`` let ``J`` be the points with ``c_j < 0`` and
    ``u . x_j = 0``.  Returns ``g`` projected orthogonally to
    ``span({x_j : j in J} + {u})`` (normalised) and a mask of the rows where
    ``J`` is non-empty and the projection is non-zero.  Batched ``d x d``
    eigendecompositions.
    """
    kink = (np.abs(S) <= 1e-10 * xn[:, None]) & (c < 0)[:, None]  # (n, m)
    ks = np.flatnonzero(kink.any(axis=0))
    m, d = U.shape
    V = np.zeros((m, d))
    good = np.zeros(m, bool)
    if len(ks) == 0:
        return V, good
    rows = np.flatnonzero(kink[:, ks].any(axis=1))
    Xk = X[rows] / xn[rows, None]  # (r, d), unit rows
    # M_k = sum_{j in J_k} x_j x_j^T + u_k u_k^T; its range is the span to remove
    outer = Xk[:, :, None] * Xk[:, None, :]  # (r, d, d)
    M = np.einsum("kr,rij->kij", kink[rows][:, ks].T.astype(float), outer)
    Uk = U[ks]
    M += Uk[:, :, None] * Uk[:, None, :]
    ev, Q = np.linalg.eigh(M)
    keep = ev > 1e-10 * ev[:, -1:]
    Q = Q * keep[:, None, :]
    g = G[ks]
    w = g - np.einsum("kdr,kr->kd", Q, np.einsum("kdr,kd->kr", Q, g))
    nw = np.linalg.norm(w, axis=1)
    ok = nw > 1e-12 * np.maximum(np.linalg.norm(g, axis=1), 1e-300)
    V[ks[ok]] = w[ok] / nw[ok, None]
    good[ks[ok]] = True
    return V, good


def _ascent(X, c, U0, max_iter=30, rtol=1e-10):
    """Monotone ascent for ``max_u F(u) = sum_i c_i [u . x_i]_+`` on the sphere.

    For a fixed activation pattern ``A`` the objective is linear,
    ``g_A . u`` with ``g_A = sum_{i in A} c_i x_i``, maximised on the sphere
    by ``u = g_A / ||g_A||``.  Jumping there (pattern -> u -> pattern) need
    not increase ``F`` (other points switch on or off on the way), so each
    step instead searches *exactly* the great circle through ``u`` and
    ``g_A / ||g_A||`` (:func:`_great_circle_max`), which makes ``F``
    non-decreasing.  A maximiser may lie on a kink ``u . x_j = 0`` of a point
    with ``c_j < 0``; for starts that this step does not improve, a second
    circle is searched, in the direction of ``g_A`` projected orthogonally to
    those ``x_j``.  A start is dropped when it improves by less than ``rtol``
    (relative).
    """
    U = _normalise_rows(U0)
    v = c @ np.maximum(X @ U.T, 0.0)
    cX = c[:, None] * X
    xn = np.linalg.norm(X, axis=1)
    idx = np.arange(len(U))
    for _ in range(max_iter):
        if len(idx) == 0:
            break
        Uk = U[idx]
        vk = v[idx]
        S = X @ Uk.T
        G = (S > 0).T.astype(float) @ cX
        gn = np.linalg.norm(G, axis=1)
        W = G - np.sum(G * Uk, axis=1, keepdims=True) * Uk
        wn = np.linalg.norm(W, axis=1)
        ok = wn > 1e-12 * np.maximum(gn, 1e-300)
        best_U = Uk.copy()
        best_v = vk.copy()
        # cheap step first: jump to g_A / ||g_A|| and keep it if F increases
        Uj = Uk.copy()
        Uj[ok] = G[ok] / gn[ok, None]
        vj = c @ np.maximum(X @ Uj.T, 0.0)
        jump = ok & (vj > vk)
        best_U[jump] = Uj[jump]
        best_v[jump] = vj[jump]
        # otherwise search the great circle towards g_A exactly
        circ = ok & ~jump
        if circ.any():
            sel = np.flatnonzero(circ)
            Ub, vb = _great_circle_max(X, c, Uk[sel], W[sel] / wn[sel, None])
            upd = vb > best_v[sel]
            best_U[sel[upd]] = Ub[upd]
            best_v[sel[upd]] = vb[upd]
        stuck = best_v <= vk + rtol * np.maximum(np.abs(vk), 1e-300)
        if stuck.any():
            st = np.flatnonzero(stuck)
            Vk, good = _kink_directions(X, c, Uk[st], G[st], S[:, st], xn)
            if good.any():
                sel = st[good]
                Ub, vb = _great_circle_max(X, c, Uk[sel], Vk[good])
                upd = vb > best_v[sel]
                best_U[sel[upd]] = Ub[upd]
                best_v[sel[upd]] = vb[upd]
        improved = best_v > vk + rtol * np.maximum(np.abs(vk), 1e-300)
        better = best_v > vk
        U[idx[better]] = best_U[better]
        v[idx[better]] = best_v[better]
        idx = idx[improved]
        # starts in the same activation cell (where F is one linear function)
        # head the same way: keep the best of each
        if len(idx) > 1:
            pat = np.packbits((X @ U[idx].T) > 0, axis=0).T  # (m, bytes)
            order = np.argsort(-v[idx], kind="stable")
            _, first = np.unique(pat[order], axis=0, return_index=True)
            idx = idx[np.sort(order[first])]
    return U, v


def _arcs_2d(X):
    """Arc decomposition of the circle for 2-D data.

    Returns ``(b, arcs, mids)``: ``b`` (m,) the sorted unique breakpoint
    angles in ``[0, 2 pi)``, ``arcs`` (m, 2) the arcs ``[b_j, b_{j+1}]``
    (the last one wrapping around, its end shifted by ``2 pi``) and ``mids``
    (m,) their mid angles.  The breakpoints are the angles
    ``theta_i +- pi/2`` perpendicular to each non-zero data point, where the
    activation ``1[u . x_i > 0]`` changes.
    """
    X = np.asarray(X, float)
    nz = np.linalg.norm(X, axis=1) > 0
    th = np.arctan2(X[nz, 1], X[nz, 0])
    b = np.concatenate([th + np.pi / 2, th - np.pi / 2]) % (2 * np.pi)
    b = np.sort(b)
    if len(b) == 0:
        return np.array([0.0]), np.array([[0.0, 2 * np.pi]]), np.array([np.pi])
    # unique with tolerance (cyclic)
    keep = np.ones(len(b), bool)
    keep[1:] = np.diff(b) > 1e-13
    b = b[keep]
    if len(b) > 1 and (b[0] + 2 * np.pi - b[-1]) <= 1e-13:
        b = b[:-1]
    nxt = np.append(b[1:], b[0] + 2 * np.pi)
    mids = 0.5 * (b + nxt)
    return b, np.stack([b, nxt], axis=1), mids


def _exact_pricing_2d(X, c):
    """Exact ``max_u |sum_i c_i [u . x_i]_+|`` over the unit circle.

    On each arc with a constant activation pattern ``A`` the function is
    ``g_A . u``; its maximum over the arc is ``||g_A||`` if ``g_A`` points into
    the arc and otherwise attained at an endpoint (same for ``-g_A``).
    Returns ``(value, U_candidates, values)`` where the candidates are the
    per-arc maximisers of ``+F`` and ``-F``.
    """
    X = np.asarray(X, float)
    b, arcs, mids = _arcs_2d(X)
    Um = np.stack([np.cos(mids), np.sin(mids)], axis=1)
    M = (X @ Um.T) > 0  # (n, m) pattern on the open arc
    G = M.T.astype(float) @ (c[:, None] * X)  # (m, 2)
    cands = []
    for sgn in (1.0, -1.0):
        g = sgn * G
        ang = np.arctan2(g[:, 1], g[:, 0])
        # is angle of g inside [a0, a1] (cyclically)?
        rel = (ang - arcs[:, 0]) % (2 * np.pi)
        inside = (rel <= (arcs[:, 1] - arcs[:, 0])) & (np.linalg.norm(g, axis=1) > 0)
        u_in = np.stack([np.cos(ang), np.sin(ang)], axis=1)
        cands.append(u_in[inside])
    ends = np.stack([np.cos(b), np.sin(b)], axis=1)
    U = np.concatenate(cands + [ends], axis=0)
    vals = _pricing_value(X, c, U)
    return float(np.max(np.abs(vals))), U, vals


def price_neurons(X, y, alpha, *, directions=None, pricing="auto", n_starts=100,
                  seed=0, extra_starts=None):
    """Price neurons: ``max_u |sum_i alpha_i y_i [u . x_i]_+|`` (wei2019, equation (B.15)).

    This is the dual function of the l1-SVM: for every ``alpha`` in the
    simplex its value is an upper bound on ``gamma_l1`` (over the dictionary
    searched).

    Parameters
    ----------
    X, y : arrays, shapes (n, d), (n,)
    alpha : array, shape (n,)
        Non-negative weights (normalised internally to sum one).
    directions : array, shape (N, d), optional
        Finite dictionary: the maximum is computed exactly over its rows.
    pricing : {"auto", "exact2d", "ascent"}
        Over the sphere: exact arc enumeration (``d = 2`` only) or multi-start
        local ascent; "auto" picks exact in ``d = 2``.
    n_starts : int
        Random starts for the ascent (besides the data directions).
    seed : int
    extra_starts : array, optional
        Additional starting directions for the ascent.

    Returns
    -------
    value : float
        The largest ``|price|`` found.
    U : ndarray, shape (m, d)
        Unit directions that were priced.
    prices : ndarray, shape (m,)
        Signed prices ``sum_i alpha_i y_i [U_k . x_i]_+``.
    exact : bool
        Whether ``value`` is the exact maximum over the set searched
        (dictionary, or the whole sphere for ``d = 2`` with exact pricing).
    """
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    a = _normalise_dual(alpha, len(y))
    c = a * y
    if directions is not None:
        U = _normalise_rows(directions)
        p = _pricing_value(X, c, U)
        return float(np.max(np.abs(p))), U, p, True
    d = X.shape[1]
    if pricing == "auto":
        pricing = "exact2d" if d == 2 else "ascent"
    if pricing == "exact2d":
        if d != 2:
            raise ValueError("exact pricing by arc enumeration needs d = 2")
        v, U, p = _exact_pricing_2d(X, c)
        return v, U, p, True
    if pricing != "ascent":
        raise ValueError(f"unknown pricing {pricing!r}")
    U, p = _ascent_pricing(X, c, n_starts=n_starts, rng=np.random.default_rng(seed),
                           extra_starts=extra_starts)
    return float(np.max(np.abs(p))), U, p, False


def _ascent_pricing(X, c, *, n_starts, rng, extra_starts=None, max_data_starts=100,
                    max_extra=200, support_tol=1e-6, ascent_iters=30):
    """Multi-start ascent for ``+F`` and ``-F``; returns priced directions and prices.

    Starts: ``n_starts`` random directions, the data directions of the
    support of ``c`` (``x_i`` for ``+F`` when ``c_i > 0``, for ``-F`` when
    ``c_i < 0``; at most ``max_data_starts``, the largest ``|c_i|``) and the
    first ``max_extra`` of ``extra_starts`` (e.g. the current neurons, for
    both signs of ``F``).
    """
    n, d = X.shape
    # the search runs on the points that carry dual weight (interior-point
    # duals put ~1e-9 on every point); prices are recomputed on all points
    supp = np.abs(c) > support_tol * np.max(np.abs(c), initial=0.0)
    Xs, cs = X[supp], c[supp]
    nx = np.linalg.norm(Xs, axis=1)
    R = rng.standard_normal((n_starts, d)) if n_starts > 0 else np.zeros((0, d))
    E = np.asarray(extra_starts, float).reshape(-1, d) if extra_starts is not None else np.zeros((0, d))
    if len(E) > max_extra:
        E = E[:max_extra]
    outU = []
    for sgn in (1.0, -1.0):
        own_idx = np.flatnonzero((sgn * cs > 0) & (nx > 0))
        if len(own_idx) > max_data_starts:  # the heaviest dual weights
            own_idx = own_idx[np.argsort(-np.abs(cs[own_idx]))[:max_data_starts]]
        own = Xs[own_idx]
        U0 = np.concatenate([R, own, E], axis=0)
        U0 = U0[np.linalg.norm(U0, axis=1) > 0]
        if len(U0) == 0:
            continue
        U, _ = _ascent(Xs, sgn * cs, U0, max_iter=ascent_iters)
        outU.append(U)
    U = np.concatenate(outU, axis=0) if outU else np.zeros((0, d))
    p = _pricing_value(X, c, U)  # signed prices on all the data
    return U, p


def _signed_cols(X, y, U, signs):
    return (y[:, None] * relu_features(X, U)) * signs[None, :]


def _initial_dictionary(X, n_random, rng, axes=True):
    n, d = X.shape
    nx = np.linalg.norm(X, axis=1)
    parts = [X[nx > 0]] + ([np.eye(d), -np.eye(d)] if axes else [])
    if n_random > 0:
        parts.append(rng.standard_normal((n_random, d)))
    U = np.concatenate(parts, axis=0)
    return _normalise_rows(U)


def l1_svm_relu(X, y, *, directions=None, n_random=200, column_generation=True,
                max_rounds=200, tol=1e-9, seed=0, pricing="auto", batch=None,
                n_starts=50, lp_method="auto", block=4096, time_limit=None,
                initial_directions=None, stabilisation=0.5, max_seconds=None,
                cache_entries=25_000_000, initial_axes=True):
    """Max-margin l1-SVM over ReLU features (wei2019, equation (B.15)).

    Solves ``gamma_l1 = max_mu min_i y_i sum_k mu_k [u_k . x_i]_+`` subject
    to ``||mu||_1 <= 1`` over unit directions ``u_k``, either over a fixed
    finite dictionary or over the whole sphere by column generation.  The
    restricted LPs are solved by HiGHS (via ``highspy``) in split form
    (each neuron enters as a signed column ``nu >= 0``), warm-started when
    columns are added.

    Column generation: solve the LP over a small dictionary, read the dual
    weights ``alpha`` (a distribution over training points, the row duals of
    the margin constraints), and *price* neurons by
    ``|sum_i alpha_i y_i [u . x_i]_+|``; a neuron whose price exceeds the
    current margin ``t`` improves the LP.  Repeat until no improving column
    is found (or ``max_rounds``).

    - Fixed dictionary (``directions`` given): every column is priced
      exactly, so on convergence the result is the exact LP optimum and
      ``upper`` is certified.
    - Whole sphere (``directions=None``): the starting dictionary is the data
      directions, the coordinate axes +-e_j (``initial_axes``) and
      ``n_random`` random unit vectors; pricing is exact arc enumeration in
      ``d = 2`` and otherwise a multi-start ascent (for a fixed activation
      pattern ``A`` the best ``u`` is ``+-g_A/||g_A||`` with
      ``g_A = sum_{i in A} alpha_i y_i x_i``; iterate pattern -> u ->
      pattern, made monotone by an exact search of the great circle towards
      ``g_A`` and of kink directions, from random directions, the data
      directions and the current neurons; before stopping, one intensified
      search with more starts).  The upper bound is then certified over the
      whole sphere only when the pricing is exact (``d = 2``); otherwise it
      is a bound for the explored dictionary (``upper_certified=False``).

    Dual stabilisation (``stabilisation``) and, over the sphere in
    ``d > 2``, interior-point duals (``lp_method="auto"``) curb the
    tailing-off of column generation on degenerate data such as wei2019's
    distribution D, where every point is a support vector of the
    four-neuron solution.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Labels in {-1, +1}.
    directions : array_like, shape (N, d), optional
        Finite dictionary (rows normalised to unit length).
    n_random : int
        Random unit directions added to the starting dictionary over the
        sphere (ignored when ``directions`` is given).
    column_generation : bool
        If False, solve the LP over the full dictionary at once (``directions``,
        or the starting dictionary when ``directions`` is None).
    max_rounds : int
        Maximum number of restricted LP solves.
    tol : float
        Optimality tolerance in units of ``max_i ||x_i||`` (the margin is
        1-homogeneous in X and the LP is solved on data scaled to
        ``max_i ||x_i|| = 1``): a column improves if its price exceeds
        ``t + tol``, and column generation stops when the certified gap is
        below ``tol`` or no improving column is found.  HiGHS runs with
        primal/dual feasibility tolerances ``1e-10`` (same units).
    seed : int
        Seed for random directions and ascent starts.
    pricing : {"auto", "exact2d", "ascent"}
        Pricing over the sphere (see above).
    batch : int, optional
        Maximum number of columns added per round (default ``max(50, n // 4)``
        for a fixed dictionary, ``max(200, n // 4)`` over the sphere).
    n_starts : int
        Random starts per round of the ascent pricing.
    lp_method : {"auto", "simplex", "primal-simplex", "ipm", "ipm-central", "choose"}
        HiGHS algorithm for the restricted LPs.  "auto": simplex (warm
        started after column additions) for a fixed dictionary and for exact
        2-D pricing; "ipm-central" (interior point without crossover, whose
        duals lie near the centre of the optimal dual face, which curbs the
        tailing-off on degenerate data) with ascent pricing over the sphere,
        followed by one simplex solve for a sparse vertex solution; "ipm"
        (with crossover) for a direct solve (``column_generation=False``).
    block : int
        Columns per block when pricing a large fixed dictionary.
    cache_entries : int
        A fixed dictionary's feature matrix (``n x N``) is kept in memory
        when it has at most this many entries (default 2.5e7, 200 MB), so
        pricing is one matrix-vector product; otherwise it is recomputed in
        blocks.
    time_limit : float, optional
        Time limit (seconds) passed to HiGHS for each LP solve.
    initial_axes : bool
        Include the coordinate axes +-e_j in the starting dictionary over
        the sphere.
    initial_directions : array_like, shape (N0, d), optional
        Over the sphere: extra starting directions (both signs are added to
        the starting dictionary).
    max_seconds : float, optional
        Wall-clock budget for column generation: no new round (nor the
        final intensified pricing) starts after it; the bracket is still
        valid, ``converged`` is then False.  A round under way is finished,
        so the budget can be overrun by one round.
    stabilisation : float in [0, 1)
        Dual smoothing (Wentges): price at ``lam * alpha_best + (1 - lam) *
        alpha_t`` where ``alpha_best`` gave the smallest bound so far; if that
        finds no column improving the LP, price again at ``alpha_t``.  Curbs
        the tailing-off of column generation on degenerate LPs.  0 disables.

    Returns
    -------
    L1SVMResult
        ``margin`` is recomputed from the returned neurons and weights, with
        the weights rescaled to l1 norm <= 1.

    Notes
    -----
    wei2019, Proposition B.11 relates this optimum to the max normalised
    margin of two-layer networks, ``gamma_{*,m} = gamma_l1 / 2`` for
    ``m >= n + 1`` (normalisation by ``||Theta||_F``; the factor 1/2 from
    ``|w| ||u|| <= (w^2 + ||u||^2) / 2``, with equality for balanced units,
    so a unit-norm ``Theta`` gives ``||mu||_1 <= 1/2``).  Over the sphere the
    maximum is always attained (``{Phi mu : ||mu||_1 <= 1}`` is the convex
    hull of the compact set ``{+-phi(u)}``) by a measure with at most ``n``
    atoms (the optimal point lies on a face of that hull; Caratheodory), and
    a vertex of the finite LP has at most ``n`` non-zero weights (``n + 1``
    rows, ``t`` basic), so width ``n`` already suffices.
    """
    t0 = time.perf_counter()
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    n, d = X.shape
    if y.shape != (n,):
        raise ValueError("y must have one label per row of X")
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("labels must be -1 or +1")
    rng = np.random.default_rng(seed)
    if batch is None:
        batch = max(50, n // 4) if directions is not None else max(200, n // 4)
    # work on data rescaled to max ||x_i|| = 1 (the margin is 1-homogeneous
    # in X); the final margin is recomputed on the original data
    X_orig = X
    x_scale = float(np.max(np.linalg.norm(X, axis=1))) if n else 1.0
    if not np.isfinite(x_scale) or x_scale <= 0:
        x_scale = 1.0
    X = X / x_scale
    fixed = directions is not None
    if fixed:
        D = _normalise_rows(directions)
    else:
        D = _initial_dictionary(X, n_random, rng, axes=initial_axes)
        if initial_directions is not None and len(initial_directions):
            D = np.concatenate([D, _normalise_rows(initial_directions)], axis=0)
    info = {"history": []}

    # ---------------- direct solve over a finite dictionary ----------------
    if not column_generation:
        if lp_method == "auto":
            lp_method = "ipm"  # simplex can stall on large dense dictionaries
        lp = _RestrictedLP(n, method=lp_method, time_limit=time_limit)
        N = len(D)
        dirs = np.concatenate([D, D], axis=0)
        signs = np.concatenate([np.ones(N), -np.ones(N)])
        for s in range(0, N, block):
            e = min(N, s + block)
            F = y[:, None] * relu_features(X, D[s:e])
            lp.add(F)
        for s in range(0, N, block):
            e = min(N, s + block)
            F = y[:, None] * relu_features(X, D[s:e])
            lp.add(-F)
        status, t, nu, alpha_raw, obj = lp.solve()
        alpha = _normalise_dual(alpha_raw, n)
        c = alpha * y
        up = max(float(np.max(np.abs(_pricing_value(X, c, D[s:s + block]))))
                 for s in range(0, N, block))
        return _finalise(X_orig, y, dirs, signs, nu, alpha, up * x_scale, rounds=1,
                         solver=f"highs-{lp_method} (split form, {N} neurons, status {status})",
                         upper_certified=True, converged=status == "Optimal",
                         objective=obj * x_scale, t0=t0, info={"status": status})

    # ---------------- column generation ----------------
    if lp_method == "auto":
        # interior-point duals (no crossover) sit near the centre of the
        # optimal dual face: far less tailing-off with heuristic pricing on
        # degenerate data; simplex warm starts win when pricing is exact
        lp_method = "ipm-central" if (not fixed and d != 2 and pricing != "exact2d") else "simplex"
    lp = _RestrictedLP(n, method=lp_method, time_limit=time_limit)
    col_dirs = np.zeros((0, d))
    col_signs = np.zeros(0)

    seen = set()  # (direction bytes, sign) of the columns in the LP (sphere)

    def add_columns(U, s):
        nonlocal col_dirs, col_signs
        if len(U) == 0:
            return
        if not fixed:
            seen.update((u.tobytes(), float(sg)) for u, sg in zip(U, s))
        lp.add(_signed_cols(X, y, U, s))
        col_dirs = np.concatenate([col_dirs, U], axis=0)
        col_signs = np.concatenate([col_signs, s])

    Phi_cache = None
    if fixed and n * len(D) <= cache_entries:
        Phi_cache = relu_features(X, D)  # (n, N), reused by every pricing

    def dict_prices(c):
        if Phi_cache is not None:
            return c @ Phi_cache
        N = len(D)
        out = np.empty(N)
        for s in range(0, N, block):
            e = min(N, s + block)
            out[s:e] = _pricing_value(X, c, D[s:e])
        return out

    if fixed:
        # start: the best-priced columns for uniform class-balanced weights
        a0 = np.where(y > 0, 1.0 / max(1, (y > 0).sum()), 1.0 / max(1, (y < 0).sum()))
        p0 = dict_prices(_normalise_dual(a0, n) * y)
        k0 = min(len(D), batch)
        top = np.argsort(-np.abs(p0))[:k0]
        add_columns(D[top], np.sign(p0[top]) + (p0[top] == 0))
    else:
        # both signs of the whole starting dictionary
        add_columns(np.concatenate([D, D]), np.concatenate([np.ones(len(D)), -np.ones(len(D))]))

    converged = False
    rounds = 0
    alpha_t = np.full(n, 1.0 / n)
    t = -np.inf
    nu = np.zeros(0)
    obj = float("nan")
    status = ""
    if fixed:
        pr = "dictionary"
        exact = True
        in_lp = {(int(k), float(sg)) for k, sg in zip(top, np.sign(p0[top]) + (p0[top] == 0))}
    else:
        pr = "exact2d" if (pricing == "auto" and d == 2) else pricing
        if pr == "auto":
            pr = "ascent"
        if pr not in ("exact2d", "ascent"):
            raise ValueError(f"unknown pricing {pricing!r}")
        if pr == "exact2d" and d != 2:
            raise ValueError("exact pricing by arc enumeration needs d = 2")
        exact = pr == "exact2d"
    best_upper, best_alpha = np.inf, None  # smallest bound seen (stability centre)
    U_last = np.zeros((0, d))
    prev_best = [np.zeros((0, d))]
    U_best = [np.zeros((0, d))]
    t_lp = t_price = 0.0

    def price(a, strong=False):
        """Directions searched at dual ``a``, their prices, and the bound."""
        ca = a * y
        if fixed:
            p = dict_prices(ca)
            return None, p, float(np.max(np.abs(p)))
        if pr == "exact2d":
            _, U, p = _exact_pricing_2d(X, ca)
        else:
            # warm starts: current neurons (heaviest first) and the last
            # round's best priced directions
            if len(nu):
                o = np.argsort(-nu)
                act = col_dirs[: len(nu)][o[nu[o] > 0]]
            else:
                act = col_dirs
            warm = np.concatenate([act, prev_best[0]], axis=0)
            if strong:  # before declaring convergence: more starts
                U, p = _ascent_pricing(X, ca, n_starts=4 * n_starts, rng=rng, extra_starts=warm,
                                       max_data_starts=300, max_extra=400)
            else:
                U, p = _ascent_pricing(X, ca, n_starts=n_starts, rng=rng, extra_starts=warm)
            prev_best[0] = U[np.argsort(-np.abs(p))[:50]]
        pc = _pricing_value(X, ca, col_dirs) if len(col_dirs) else np.zeros(1)
        bound = max(float(np.max(np.abs(p))) if len(p) else 0.0, float(np.max(np.abs(pc))))
        return U, p, bound

    def candidates(U, p_t, thr):
        """Improving columns (at the LP's duals) not already in the LP."""
        order = np.argsort(-np.abs(p_t))
        order = order[np.abs(p_t[order]) > thr]
        newU, news = [], []
        for k in order:
            sg = 1.0 if p_t[k] > 0 else -1.0
            if fixed:
                if (int(k), sg) in in_lp:
                    continue
                newU.append(D[k])
            else:
                u = U[k]
                key = (u.tobytes(), sg)
                if key in seen:
                    continue
                seen.add(key)
                newU.append(u)
            news.append(sg)
            if fixed:
                in_lp.add((int(k), sg))
            if len(newU) >= batch:
                break
        return np.array(newU).reshape(-1, d), np.array(news)

    while rounds < max_rounds:
        if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
            info["stopped"] = "max_seconds"
            break
        ta = time.perf_counter()
        status, t, nu, alpha_raw, obj = lp.solve()
        t_lp += time.perf_counter() - ta
        lp_round_seconds = time.perf_counter() - ta
        rounds += 1
        if status != "Optimal":
            break
        alpha_t = _normalise_dual(alpha_raw, n)
        thr = t + tol  # data scaled to max ||x_i|| = 1: tol is in those units
        tb = time.perf_counter()
        lam = stabilisation if (best_alpha is not None and stabilisation > 0) else 0.0
        strong = out_of_time = False
        while True:
            a = alpha_t if lam == 0 else _normalise_dual(lam * best_alpha + (1 - lam) * alpha_t, n)
            U, p_a, bound = price(a, strong)
            if bound < best_upper:
                best_upper, best_alpha = bound, a
                if not fixed:
                    U_best[0] = U
            if lam == 0:
                p_t = p_a
            elif fixed:
                p_t = dict_prices(alpha_t * y)
            else:
                p_t = _pricing_value(X, alpha_t * y, U)
            if not fixed:
                U_last = U
            newU, news = candidates(U, p_t, thr)
            if len(newU):
                break
            if lam != 0:
                lam = 0.0  # mis-price: retry at the LP's own duals
            elif pr == "ascent" and not strong:
                if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
                    out_of_time = True
                    break
                strong = True  # heuristic pricing: search harder before stopping
            else:
                break
        t_price += time.perf_counter() - tb
        info["history"].append({"round": rounds, "t": t * x_scale,
                                "lp_seconds": lp_round_seconds,
                                "lp_iterations": lp.last_iterations,
                                "bound": bound * x_scale, "lambda": lam,
                                "new_columns": int(len(newU))})
        if exact and best_upper <= thr:
            converged = True  # certified gap closed
            break
        if len(newU) == 0:
            if out_of_time:
                info["stopped"] = "max_seconds"
            else:
                converged = True  # no improving column at the LP's duals
            break
        add_columns(newU, news)

    # interior-point rounds leave a dense primal: re-solve the final LP by
    # simplex for a vertex (sparse network), keep whichever margin is larger
    alt_nu = None
    if lp.method == "ipm-central" and len(col_dirs):
        ta = time.perf_counter()
        lp.set_method("simplex")
        lp.h.clearSolver()  # no basis from the interior point: start afresh
        st2, _, nu2, a2, _ = lp.solve()
        t_lp += time.perf_counter() - ta
        if st2 == "Optimal":
            alt_nu = nu2
            alphas_extra = [_normalise_dual(a2, n)]
        else:
            alphas_extra = []
    else:
        alphas_extra = []
    if exact:
        upper, dual = best_upper, (best_alpha if best_alpha is not None else alpha_t)
        for a in alphas_extra:  # exact pricing of the polished duals
            _, _, b2 = price(a)
            if b2 < upper:
                upper, dual = b2, a
    else:
        # bound for the explored dictionary (LP columns + priced sets) at the
        # candidate duals; over the sphere it is not certified
        E = np.concatenate([col_dirs, U_last, U_best[0]], axis=0)
        upper, dual = np.inf, alpha_t
        for a in [alpha_t] + ([best_alpha] if best_alpha is not None else []) + alphas_extra:
            b2 = float(np.max(np.abs(_pricing_value(X, a * y, E)))) if len(E) else np.inf
            if b2 < upper:
                upper, dual = b2, a
    info.update({"lp_seconds": t_lp, "pricing_seconds": t_price, "status": status})
    where = f"{len(D)}-neuron dictionary" if fixed else (
        "sphere, exact 2-D pricing" if exact else "sphere, ascent pricing")
    solver = (f"highs-{lp_method} column generation ({where}, {rounds} rounds, "
              f"{lp.n_cols} columns)")
    # weak duality: ``upper`` bounds the optimum over everything priced exactly
    # with ``dual`` -- the whole dictionary, or the whole circle with exact
    # 2-D pricing -- whether or not column generation converged.
    kw = dict(rounds=rounds, solver=solver, upper_certified=bool(exact and np.isfinite(upper)),
              converged=converged, objective=obj * x_scale, t0=t0, info=info)
    res = _finalise(X_orig, y, col_dirs, col_signs, nu, dual, upper * x_scale, **kw)
    if alt_nu is not None:
        res2 = _finalise(X_orig, y, col_dirs, col_signs, alt_nu, dual, upper * x_scale, **kw)
        if res2.margin >= res.margin - tol * x_scale:  # prefer the sparse vertex
            res = res2
    return res


# ---------------------------------------------------------------------------
# exact oracle in d = 2
# ---------------------------------------------------------------------------


def l1_svm_relu_exact_2d(X, y, *, solver="CLARABEL", tol=1e-10, max_rounds=50):
    """Exact l1-SVM over ReLU features in ``d = 2`` (wei2019, equation (B.15)).

    The circle splits into at most ``2 n`` closed arcs by the directions
    perpendicular to the data points; on each arc ``C_j`` the activation
    pattern ``D_j = diag(1[X u > 0])`` is constant and the feature map
    ``u -> [X u]_+ = D_j X u`` is *linear*.

    Why not just the arc endpoints.  Writing ``u`` in an arc as
    ``u = a e_0 + b e_1`` (``a, b >= 0``) with endpoints ``e_0, e_1``, linearity
    gives ``phi(u) = a phi(e_0) + b phi(e_1)``, but the triangle inequality
    gives ``a + b >= ||u|| = 1``: replacing the mass at ``u`` by masses at the
    endpoints costs *more* l1 norm, not less.  The endpoint dictionary is
    therefore not exact (one point ``x = (1, 0)``, ``y = 1``: the endpoints
    ``(0, +-1)`` have zero features, while ``u = x`` gives margin 1).

    What is exact (Pilanci & Ergen 2020) is the convex program over the
    arcs: a measure restricted to arc ``j`` produces exactly the features
    ``D_j X v`` for a vector ``v`` in the cone of the arc with total mass
    ``>= ||v||_2`` (Jensen / triangle inequality; equality for a single atom
    at ``v / ||v||``).  Hence

        gamma_l1 = max t  s.t.  y * sum_j D_j X (v_j - w_j) >= t,
                   sum_j ||v_j||_2 + ||w_j||_2 <= 1,
                   (2 D_j - I) X v_j >= 0,  (2 D_j - I) X w_j >= 0,

    an SOCP solved here with cvxpy (Clarabel).  Its solution is then
    polished: the atoms ``v_j / ||v_j||`` (weight ``+||v_j||``) and
    ``w_j / ||w_j||`` (weight ``-||w_j||``) seed an LP over the circle
    (HiGHS) whose dual weights are priced *exactly* by enumerating the arcs
    (on arc ``j`` the price is ``g_j . u``, maximised at ``g_j / ||g_j||`` if
    that lies in the arc, else at an endpoint).  Column generation with this
    exact pricing returns a feasible network (``lower``) and a certified
    upper bound over the whole circle (``upper``).

    Parameters
    ----------
    X : array_like, shape (n, 2)
    y : array_like, shape (n,)
        Labels in {-1, +1}.
    solver : str
        cvxpy solver for the SOCP.
    tol : float
        Relative pricing tolerance of the polishing step.
    max_rounds : int
        Maximum polishing rounds.

    Returns
    -------
    L1SVMResult
        With ``upper_certified=True``; ``info["socp_value"]`` holds the raw
        SOCP optimum and ``info["n_arcs"]`` the number of arcs.
    """
    import cvxpy as cp

    t0 = time.perf_counter()
    X = np.asarray(X, float)
    y = np.asarray(y, float).ravel()
    n, d = X.shape
    if d != 2:
        raise ValueError("l1_svm_relu_exact_2d needs d = 2")
    b, arcs, mids = _arcs_2d(X)
    Um = np.stack([np.cos(mids), np.sin(mids)], axis=1)
    P = ((X @ Um.T) > 0).astype(float)  # (n, m)
    S = 2.0 * P - 1.0
    m = len(mids)
    V = cp.Variable((m, 2))
    W = cp.Variable((m, 2))
    t = cp.Variable()
    f = cp.sum(cp.multiply(P, X @ (V - W).T), axis=1)
    cons = [cp.multiply(y, f) >= t,
            cp.sum(cp.norm(V, 2, axis=1)) + cp.sum(cp.norm(W, 2, axis=1)) <= 1,
            cp.multiply(S, X @ V.T) >= 0,
            cp.multiply(S, X @ W.T) >= 0]
    prob = cp.Problem(cp.Maximize(t), cons)
    prob.solve(solver=solver)
    if prob.status not in ("optimal", "optimal_inaccurate"):
        raise RuntimeError(f"Pilanci-Ergen SOCP: status {prob.status}")
    socp = float(prob.value)
    Vv, Wv = np.asarray(V.value), np.asarray(W.value)
    nv, nw = np.linalg.norm(Vv, axis=1), np.linalg.norm(Wv, axis=1)
    scale = max(nv.max(initial=0.0), nw.max(initial=0.0), 1e-300)
    atoms = [Vv[nv > 1e-9 * scale], Wv[nw > 1e-9 * scale]]
    seeds = np.concatenate(atoms, axis=0)
    res = l1_svm_relu(X, y, n_random=0, pricing="exact2d", tol=tol,
                      max_rounds=max_rounds, initial_directions=seeds if len(seeds) else None)
    res.info["socp_value"] = socp
    res.info["socp_status"] = prob.status
    res.info["n_arcs"] = m
    res.solver = (f"Pilanci-Ergen SOCP over {m} arcs (cvxpy/{solver}) + "
                  f"exact-pricing polish: {res.solver}")
    res.seconds = time.perf_counter() - t0
    return res


# ---------------------------------------------------------------------------
# kernel predictors
# ---------------------------------------------------------------------------


class SingularKernelError(np.linalg.LinAlgError):
    """The Gram matrix is (numerically) singular."""


class InfeasibleSVMError(ValueError):
    """No predictor in the RKHS attains y_i f(x_i) >= 1 for all i."""


def _check_gram(K, y):
    K = np.asarray(K, float)
    y = np.asarray(y, float).ravel()
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] != len(y):
        raise ValueError(f"K must be n x n with n = len(y); got {K.shape}, {y.shape}")
    if not np.all(np.isfinite(K)):
        raise ValueError("K has non-finite entries")
    return K, y


@dataclass
class KernelInterpolantResult:
    """Minimum-RKHS-norm interpolant ``f = sum_i beta_i k(x_i, .)``.

    Attributes
    ----------
    beta : ndarray, shape (n,)
        Coefficients, ``K beta = y`` (or least squares if pseudo-inverse).
    fitted : ndarray, shape (n,)
        ``K beta``.
    residual : float
        ``max_i |(K beta)_i - y_i|``.
    rkhs_norm : float
        ``sqrt(beta^T K beta)`` (``= sqrt(y^T K^{-1} y)`` when K is invertible).
    condition_number : float
        Ratio of extreme singular values of K.
    used_pseudo_inverse : bool
        True if K was singular and the pseudo-inverse fallback was used; then
        ``beta`` is the minimum-norm least-squares solution and ``residual``
        says whether it still interpolates.
    method : str
        ``"svd"`` or ``"cholesky"`` (the route that produced ``beta``).
    """

    beta: np.ndarray
    fitted: np.ndarray
    residual: float
    rkhs_norm: float
    condition_number: float
    used_pseudo_inverse: bool
    method: str = "svd"


def kernel_min_norm_interpolant(K, y, *, method="svd", on_singular="raise", rcond=None):
    """Minimum-norm kernel interpolant ``beta = K^{-1} y``.

    The RKHS function ``f = sum_i beta_i k(x_i, .)`` of least norm with
    ``f(x_i) = y_i``; its squared norm is ``y^T K^{-1} y``.  (Used alongside
    the l1-SVM of wei2019, equation (B.15), as the kernel baseline.)

    Parameters
    ----------
    K : array_like, shape (n, n)
        Gram matrix.
    y : array_like, shape (n,)
        Targets.
    method : {"svd", "cholesky"}
        ``"svd"`` decides singularity from the singular values (exact
        condition number, O(n^3) with a large constant). ``"cholesky"`` factors
        ``K + jitter I`` with ``jitter = n eps trace(K) / n`` (several times
        faster at n ~ 10^3), accepts the result only if it interpolates
        (``max |K beta - y| <= 1e-6 max(1, max |y|)``) and otherwise falls back
        to ``"svd"``; its ``condition_number`` is LAPACK's 1-norm estimate.
        The jitter makes coincident sample points with equal labels harmless
        (the limit of the jittered solution is the pseudo-inverse one).
    on_singular : {"raise", "pinv"}
        If K is numerically singular (smallest singular value below
        ``rcond * largest``): raise :class:`SingularKernelError`, or fall back
        to the pseudo-inverse (least squares) and flag it in the result.
    rcond : float, optional
        Relative singularity threshold; default ``n * machine epsilon``.

    Returns
    -------
    KernelInterpolantResult
    """
    K, y = _check_gram(K, y)
    n = len(y)
    if on_singular not in ("raise", "pinv"):
        raise ValueError(f"unknown on_singular {on_singular!r}")
    if method == "cholesky":
        res = _interpolant_cholesky(K, y)
        if res is not None:
            return res
    elif method != "svd":
        raise ValueError(f"unknown method {method!r}; use 'svd' or 'cholesky'")
    if rcond is None:
        rcond = n * np.finfo(float).eps
    sv = np.linalg.svd(K, compute_uv=False)
    cond = float(sv[0] / sv[-1]) if sv[-1] > 0 else float("inf")
    singular = (sv[0] == 0) or (sv[-1] <= rcond * sv[0])
    if singular:
        if on_singular == "raise":
            raise SingularKernelError(
                f"kernel matrix is numerically singular: smallest/largest singular value "
                f"{sv[-1]:.3e}/{sv[0]:.3e} <= rcond={rcond:.1e}; pass on_singular='pinv' "
                "for the least-squares (pseudo-inverse) fallback")
        beta = np.linalg.pinv(K, rcond=rcond) @ y
        used = True
    else:
        beta = np.linalg.solve(K, y)
        used = False
    fitted = K @ beta
    q = float(beta @ fitted)
    return KernelInterpolantResult(
        beta=beta, fitted=fitted, residual=float(np.max(np.abs(fitted - y))),
        rkhs_norm=math.sqrt(max(q, 0.0)), condition_number=cond,
        used_pseudo_inverse=used, method="svd")


def _interpolant_cholesky(K, y):
    """Jittered Cholesky solve of K beta = y; None when it does not interpolate."""
    import scipy.linalg as sla

    n = len(y)
    jitter = np.finfo(float).eps * float(np.trace(K))
    try:
        factor = sla.cho_factor(K + jitter * np.eye(n), lower=True)
    except np.linalg.LinAlgError:
        return None
    beta = sla.cho_solve(factor, y)
    fitted = K @ beta
    residual = float(np.max(np.abs(fitted - y)))
    if not np.isfinite(residual) or residual > 1e-6 * max(1.0, float(np.max(np.abs(y)))):
        return None
    anorm = float(np.abs(K).sum(axis=0).max())
    rcond_est, info = sla.lapack.dpocon(factor[0], anorm, uplo="L")
    cond = float(1.0 / rcond_est) if info == 0 and rcond_est > 0 else float("inf")
    return KernelInterpolantResult(
        beta=beta, fitted=fitted, residual=residual,
        rkhs_norm=math.sqrt(max(float(beta @ fitted), 0.0)), condition_number=cond,
        used_pseudo_inverse=False, method="cholesky")


@dataclass
class KernelSVMResult:
    """Hard-margin kernel SVM without bias.

    Attributes
    ----------
    beta : ndarray, shape (n,)
        Coefficients of ``f = sum_i beta_i k(x_i, .)``.
    fitted : ndarray, shape (n,)
        ``K beta``.
    margin : float
        ``min_i y_i f(x_i) / ||f||_H``, recomputed; at the optimum
        ``= 1 / sqrt(beta^T K beta)``.
    rkhs_norm : float
        ``sqrt(beta^T K beta)``.
    dual : ndarray, shape (n,)
        Dual variables ``a >= 0`` (``beta = a * y`` at the optimum).
    min_constraint : float
        ``min_i y_i f(x_i)`` (should be >= 1 up to solver tolerance).
    method : str
    status : str
    """

    beta: np.ndarray
    fitted: np.ndarray
    margin: float
    rkhs_norm: float
    dual: np.ndarray
    min_constraint: float
    method: str
    status: str
    kkt_violation: float = float("nan")


def _dual_kkt_violation(Q, a):
    """Largest violation of a >= 0, Q a - 1 >= 0, a (Q a - 1) = 0 (relative to max a)."""
    g = Q @ a - 1.0
    scale = max(1.0, float(np.max(np.abs(a))))
    return float(max(-a.min(), -g.min(), np.max(np.abs(a * g)) / scale, 0.0))


def _svm_dual_active_set(K, y, *, max_iter=60, tol=1e-8):
    """Dual of the hard-margin SVM, min 1/2 a^T Q a - 1^T a over a >= 0, Q = diag(y) K diag(y).

    Primal-dual active-set iteration started from the interpolant (all points
    free): each step solves Q_FF a_F = 1 by Cholesky and frees the points with
    a_i - (Qa - 1)_i > 0. When most points are support vectors (as on
    wei2019's D) it ends in a handful of solves. The KKT conditions, checked
    on exit, certify the optimum of this convex QP; if they fail, the QP is
    solved as the non-negative least-squares problem min ||L^T a - L^-1 1||,
    Q = L L^T (scipy's NNLS). Returns (a, iterations, route).
    """
    import scipy.linalg as sla
    import scipy.optimize as sopt

    n = len(y)
    Q = K * np.outer(y, y)
    jitter = np.finfo(float).eps * float(np.trace(Q))
    free = np.ones(n, bool)
    a = np.zeros(n)
    for it in range(1, max_iter + 1):
        a = np.zeros(n)
        idx = np.flatnonzero(free)
        if len(idx):
            Qf = Q[np.ix_(idx, idx)] + jitter * np.eye(len(idx))
            a[idx] = sla.cho_solve(sla.cho_factor(Qf, lower=True), np.ones(len(idx)))
        new_free = (a - (Q @ a - 1.0)) > 0
        if np.array_equal(new_free, free):
            break
        free = new_free
    if _dual_kkt_violation(Q, a) <= tol:
        return a, it, "active set"
    L = np.linalg.cholesky(Q + jitter * np.eye(n))
    b = sla.solve_triangular(L, np.ones(n), lower=True)
    a, _ = sopt.nnls(L.T, b, maxiter=50 * n)
    return a, it, "nnls"


def _gram_factor(K, psd_tol):
    lam, Q = np.linalg.eigh(0.5 * (K + K.T))
    top = max(lam.max(initial=0.0), 1e-300)
    if lam.min() < -psd_tol * top:
        raise ValueError(f"K is not positive semidefinite (eigenvalue {lam.min():.3e})")
    keep = lam > psd_tol * top
    L = Q[:, keep] * np.sqrt(lam[keep])  # K ~ L L^T
    return L, Q[:, keep], lam[keep]


def kernel_svm_hard_margin(K, y, *, method="primal", solver="CLARABEL", psd_tol=1e-12):
    """Hard-margin SVM in the RKHS of a PSD Gram matrix, no bias.

    ``min beta^T K beta  s.t.  y_i (K beta)_i >= 1``; the max margin is
    ``1 / sqrt(beta^T K beta)``.  With ``K = L L^T`` this is the linear
    hard-margin SVM on the rows of ``L``: primal ``min ||z||^2`` s.t.
    ``y_i (L z)_i >= 1`` (``f = L z``), dual ``max sum a - ||L^T (a*y)||^2 / 2``
    over ``a >= 0`` (``beta = a * y``).  Both are solved with cvxpy
    (Clarabel).  Kernel baseline for the l1-SVM of wei2019, equation (B.15).

    Parameters
    ----------
    K : array_like, shape (n, n)
        Positive semidefinite Gram matrix.
    y : array_like, shape (n,)
        Labels in {-1, +1}.
    method : {"primal", "dual", "active-set"}
        ``"primal"`` / ``"dual"``: cvxpy on the factored problem (general, slow
        beyond n ~ 500). ``"active-set"``: the dual by a primal-dual active-set
        iteration with Cholesky solves (NNLS fallback), certified on exit by the
        KKT conditions (``kkt_violation``); minutes become seconds at n ~ 10^3.
    solver : str
        cvxpy solver (primal and dual methods).
    psd_tol : float
        Relative eigenvalue threshold for the factorisation of K.

    Returns
    -------
    KernelSVMResult

    Raises
    ------
    InfeasibleSVMError
        If no RKHS function attains ``y_i f(x_i) >= 1`` (the primal is
        infeasible / the dual unbounded), e.g. two identical points with
        opposite labels.
    """
    K, y = _check_gram(K, y)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("labels must be -1 or +1")
    n = len(y)
    if method in ("primal", "dual"):
        import cvxpy as cp

        L, Q, lam = _gram_factor(K, psd_tol)
        r = L.shape[1]
    if method == "primal":
        z = cp.Variable(r)
        con = cp.multiply(y, L @ z) >= 1
        prob = cp.Problem(cp.Minimize(cp.sum_squares(z)), [con])
        prob.solve(solver=solver)
        if prob.status in ("infeasible", "infeasible_inaccurate"):
            raise InfeasibleSVMError(f"hard-margin SVM infeasible (status {prob.status})")
        if prob.status not in ("optimal", "optimal_inaccurate"):
            raise RuntimeError(f"hard-margin SVM: status {prob.status}")
        zv = np.asarray(z.value)
        # f = L z; beta with K beta = f in the range: beta = Q diag(lam^-1/2) z
        beta = Q @ (zv / np.sqrt(lam))
        # multipliers of min ||z||^2 are twice those of min ||z||^2 / 2
        a = np.asarray(con.dual_value, float) / 2.0
        status = prob.status
    elif method == "active-set":
        Kj = 0.5 * (K + K.T)
        try:
            a, iters, route = _svm_dual_active_set(Kj, y)
        except np.linalg.LinAlgError as exc:
            raise InfeasibleSVMError(f"hard-margin SVM: Q is singular ({exc})") from exc
        beta = a * y
        status = f"{route}, {iters} iterations"
        solver = "Cholesky"
    elif method == "dual":
        a_var = cp.Variable(n, nonneg=True)
        obj = cp.sum(a_var) - 0.5 * cp.sum_squares(L.T @ cp.multiply(a_var, y))
        prob = cp.Problem(cp.Maximize(obj))
        prob.solve(solver=solver)
        if prob.status in ("unbounded", "unbounded_inaccurate"):
            raise InfeasibleSVMError(f"hard-margin SVM infeasible (dual {prob.status})")
        if prob.status not in ("optimal", "optimal_inaccurate"):
            raise RuntimeError(f"hard-margin SVM dual: status {prob.status}")
        a = np.clip(np.asarray(a_var.value), 0.0, None)
        beta = a * y
        status = prob.status
    else:
        raise ValueError(f"unknown method {method!r}")
    fitted = K @ beta
    q = float(beta @ fitted)
    norm = math.sqrt(max(q, 0.0))
    mc = float(np.min(y * fitted))
    margin = mc / norm if norm > 0 else float("inf")
    if mc <= 0:
        raise InfeasibleSVMError(f"solver returned a non-separating predictor (min y f = {mc:.3e})")
    a = np.asarray(a, float)
    kkt = _dual_kkt_violation(K * np.outer(y, y), a)
    if method == "active-set" and kkt > 1e-6:
        raise InfeasibleSVMError(f"active-set and NNLS did not reach a KKT point (violation "
                                 f"{kkt:.2e}); the constraints y_i f(x_i) >= 1 are likely "
                                 "unattainable (coincident points with opposite labels?)")
    return KernelSVMResult(beta=beta, fitted=fitted, margin=margin, rkhs_norm=norm,
                           dual=a, min_constraint=mc, method=f"{method} ({solver})",
                           status=status, kkt_violation=kkt)
