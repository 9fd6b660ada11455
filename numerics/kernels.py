"""Arc-cosine and NTK kernels of two-layer ReLU networks.

Rows of ``X`` and ``Y`` are points; every function returns a float64 numpy
matrix ``K[i, j] = k(X[i], Y[j])`` (``Y=None`` means ``Y = X``). Notation:
``theta`` is the angle between ``x`` and ``y``, ``c = cos(theta)``.

Closed forms (wei2019, Section B.1; arora2019, equation (3))::

    K1(x, y)    = <x, y> (1 - theta/pi)
    K2(x, y)    = |x| |y| sin(theta) / pi
    h_inf(x, y) = <x, y> (pi - theta) / (2 pi)            = K1 / 2
    K(x, y)     = tau1 K1 + tau2 (K1 + K2),  tau1 = r_w^2/2, tau2 = r_u^2/2

Independent estimates of the same quantities: Monte Carlo over Gaussian
weights (``h_inf_mc``, ``ntk_two_layer_mc``) and the empirical NTK of a finite
torch network by autograd (``empirical_ntk``).

Engine. The closed forms share one block loop (``_gram``): the cosines of a
block of rows come from one matrix product of row-normalised points, the
angles from ``acos``; entries with ``|c| > 1 - 1e-6``, where ``acos`` loses
digits, are recomputed as ``theta = 2 atan2(|a - b|, |a + b|)`` on the unit
vectors ``a, b``. For ``Y=None`` only the upper block triangle is computed and
mirrored, so the result is exactly symmetric with an exactly zero angle on the
diagonal. The elementwise work runs in place on cache-sized row blocks with
torch CPU kernels (vectorised ``acos``, about 2.4x faster than numpy's
``arccos`` per core here); blocks are shared out to ``torch.get_num_threads()``
Python threads, each running torch single-threaded.
"""
from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

__all__ = [
    "angle",
    "arccos_kernel",
    "K1",
    "K2",
    "h_inf",
    "ntk_taus",
    "ntk_two_layer",
    "h_inf_mc",
    "ntk_two_layer_mc",
    "empirical_ntk",
]

PI = math.pi
#: |cos theta| above this is recomputed with the atan2 formula.
PARALLEL_TOL = 1e-6
#: target number of matrix entries per row block of the engine: 8 MiB, so a
#: block and its angle buffer take 16 MiB per worker thread.
_BLOCK_ENTRIES = 1 << 20
#: share blocks out to Python threads (True) or rely on torch's intra-op threads.
_WORKER_THREADS = True


# ----------------------------------------------------------------------------
# input handling
# ----------------------------------------------------------------------------

def _points(X, name: str) -> np.ndarray:
    """``X`` as a C-contiguous, writeable float64 (n, d) array of finite values."""
    A = np.asarray(X, dtype=np.float64)
    if A.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array with one point per row; got shape {A.shape}")
    if A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column; got shape {A.shape}")
    if not np.isfinite(A).all():
        raise ValueError(f"{name} contains NaN or infinite entries")
    A = np.ascontiguousarray(A)
    if not A.flags.writeable:
        A = A.copy()
    return A


def _pair(X, Y):
    """Validated ``(X, Y, symmetric)``; ``Y=None`` (or ``Y is X``) is the symmetric case."""
    symmetric = Y is None or Y is X
    X = _points(X, "X")
    if symmetric:
        return X, X, True
    Y = _points(Y, "Y")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of columns; got {X.shape[1]} and {Y.shape[1]}")
    return X, Y, False


def _unit_rows(A: torch.Tensor, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Row norms and unit rows, safe from overflow and underflow (rows are
    first divided by their largest entry). A zero row has no direction: error."""
    amax = torch.amax(torch.abs(A), dim=1)
    zero = torch.nonzero(amax == 0).flatten()
    if zero.numel():
        raise ValueError(
            f"row {int(zero[0])} of {name} has zero norm ({zero.numel()} such rows): "
            "the angle to it, and so the kernel, is undefined")
    As = A / amax[:, None]
    rs = torch.linalg.vector_norm(As, dim=1)
    return amax * rs, As / rs[:, None]


# ----------------------------------------------------------------------------
# the block engine
# ----------------------------------------------------------------------------

def _stable_theta(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """theta = 2 atan2(|a - b|, |a + b|) for unit rows a of A, b of B (pairwise by row).

    Accurate to a few ulps for all angles, and exactly 0 when a == b bitwise.
    """
    return 2.0 * torch.atan2(torch.linalg.vector_norm(A - B, dim=1),
                             torch.linalg.vector_norm(A + B, dim=1))


def _fix_near_parallel(C, T, Xh, Yh, i0, j0):
    """Overwrite theta (and clip c) where |c| > 1 - PARALLEL_TOL, in place."""
    lo, hi = torch.aminmax(C)
    if lo >= -1.0 + PARALLEL_TOL and hi <= 1.0 - PARALLEL_TOL:
        return
    idx = torch.nonzero(torch.abs(C) > 1.0 - PARALLEL_TOL)
    step = max(1, (1 << 20) // Xh.shape[1])          # bound the gathered temporaries
    for s in range(0, idx.shape[0], step):
        r, k = idx[s:s + step, 0], idx[s:s + step, 1]
        T[r, k] = _stable_theta(Xh[i0 + r], Yh[j0 + k])
        C[r, k] = C[r, k].clamp_(-1.0, 1.0)


def _gram(X, Y, combine, block_rows: int | None = None) -> np.ndarray:
    """Apply ``combine(C, T, rx, ry)`` to all blocks of cosines C and angles T.

    ``combine`` must overwrite ``C`` (a view into the output) with the kernel
    values, given ``T`` (a scratch buffer holding theta) and the row norms
    ``rx`` (block rows) and ``ry`` (all columns). ``T`` may be clobbered.

    Blocks are shared out to ``torch.get_num_threads()`` Python threads, each
    running torch single-threaded (torch releases the GIL): no OpenMP barrier
    per elementwise op, so the engine degrades gracefully on a busy machine
    instead of stalling at every barrier. Blocks write disjoint parts of the
    output (in the symmetric case, row block ``[i0, i1)`` writes rows
    ``i0:i1`` from column ``i0`` on and mirrors them into columns ``i0:i1``
    below row ``i1``).
    """
    X, Y, symmetric = _pair(X, Y)
    rx, Xh = _unit_rows(torch.from_numpy(X), "X")
    ry, Yh = (rx, Xh) if symmetric else _unit_rows(torch.from_numpy(Y), "Y")
    n, m = Xh.shape[0], Yh.shape[0]
    b = block_rows or int(min(n, max(16, _BLOCK_ENTRIES // m)))
    out = np.empty((n, m), dtype=np.float64)
    O = torch.from_numpy(out)
    local = threading.local()

    def block(i0):
        i1 = min(n, i0 + b)
        j0 = i0 if symmetric else 0
        C = O[i0:i1, j0:]
        torch.mm(Xh[i0:i1], Yh[j0:].T, out=C)       # cosines
        if getattr(local, "buf", None) is None:
            local.buf = torch.empty(b * m, dtype=torch.float64)
        T = local.buf[:C.numel()].view(C.shape)
        torch.acos(C, out=T)                        # NaN where |c| > 1: fixed next
        if symmetric:                               # leading square holds the diagonal
            C.diagonal().zero_()
        _fix_near_parallel(C, T, Xh, Yh, i0, j0)
        if symmetric:
            C.diagonal().fill_(1.0)
            T.diagonal().zero_()
        combine(C, T, rx[i0:i1], ry[j0:])
        if symmetric:
            D = O[i0:i1, i0:i1]
            D.copy_(torch.triu(D) + torch.triu(D, 1).T)
            O[i1:, i0:i1] = O[i0:i1, i1:].T

    starts = range(0, n, b)
    workers = min(torch.get_num_threads(), len(starts)) if _WORKER_THREADS else 1
    if workers <= 1:
        for i0 in starts:
            block(i0)
        return out

    def single_threaded(i0):
        if not getattr(local, "single", False):
            torch.set_num_threads(1)
            local.single = True
        block(i0)

    threads_before = torch.get_num_threads()
    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(single_threaded, starts))
    finally:
        torch.set_num_threads(threads_before)
    return out


def _theta(C, T, rx, ry):
    """C <- theta."""
    C.copy_(T)


def _K1_into(C, T, rx, ry, scale=1.0):
    """C <- scale |x||y| c (1 - theta/pi)."""
    C.addcmul_(C, T, value=-1.0 / PI)
    C.mul_((scale * rx)[:, None])
    C.mul_(ry[None, :])


def _K2_into(C, T, rx, ry):
    """C <- |x||y| sin(theta) / pi."""
    torch.sin(T, out=C)
    C.mul_((rx / PI)[:, None])
    C.mul_(ry[None, :])


def _arccos0_into(C, T, rx, ry):
    """C <- 1 - theta/pi."""
    torch.mul(T, -1.0 / PI, out=C)
    C.add_(1.0)


def _K1K2_into(C, T, rx, ry, a=1.0, b=1.0):
    """C <- a K1 + b K2 = |x||y| (a c (1 - theta/pi) + b sin(theta)/pi)."""
    if a == 0.0:
        _K2_into(C, T, rx, ry)
        C.mul_(b)
        return
    C.addcmul_(C, T, value=-1.0 / PI)
    C.add_(T.sin_(), alpha=b / (a * PI))
    C.mul_((a * rx)[:, None])
    C.mul_(ry[None, :])


# ----------------------------------------------------------------------------
# closed forms
# ----------------------------------------------------------------------------

def angle(X, Y=None) -> np.ndarray:
    """Angles theta_ij in [0, pi] between the rows of X and the rows of Y.

    Cosines from one matrix product of unit rows, then ``acos``; where
    ``|cos| > 1 - 1e-6`` (``acos`` would amplify a rounding error of ``eps``
    to ``eps / sin(theta)``) the angle is recomputed as
    ``2 atan2(|a - b|, |a + b|)`` on the unit vectors. Identical rows, and rows
    differing by a power-of-two factor, give exactly 0 (and the diagonal is
    set to 0 when ``Y`` is None); for another positive factor ``c``,
    ``fl(c x)`` is itself not exactly parallel to ``x`` and the angle is a few
    ulps. Antipodal rows give pi. This is the theta of wei2019, Section B.1
    and of arora2019, equation (3).

    Parameters
    ----------
    X : array_like, shape (n, d)
    Y : array_like, shape (m, d), optional
        Defaults to ``X``; the result is then exactly symmetric.

    Returns
    -------
    ndarray, shape (n, m)

    Raises
    ------
    ValueError
        For a zero row (no direction), non-finite entries or bad shapes.
    """
    return _gram(X, Y, _theta)


def arccos_kernel(X, Y=None, degree: int = 1) -> np.ndarray:
    """Cho & Saul's arc-cosine kernel of degree 0 or 1.

    ``k0 = 1 - theta/pi`` and ``k1 = |x||y| (sin(theta) + (pi - theta) cos(theta)) / pi``,
    so ``k1 = K1 + K2`` (wei2019, Section B.1). With their normalisation
    ``k_n(x, y) = 2 E_{u~N(0,I)}[1{u.x>=0} 1{u.y>=0} (u.x)^n (u.y)^n]``.

    Parameters
    ----------
    X, Y : array_like, shapes (n, d), (m, d); ``Y`` defaults to ``X``.
    degree : {0, 1}

    Returns
    -------
    ndarray, shape (n, m)
    """
    if degree == 0:
        return _gram(X, Y, _arccos0_into)
    if degree == 1:
        return _gram(X, Y, _K1K2_into)
    raise ValueError(f"degree must be 0 or 1; got {degree!r}")


def K1(X, Y=None) -> np.ndarray:
    """K1(x, y) = <x, y> (1 - theta/pi)  (wei2019, Section B.1).

    Equals ``2 E_{u~N(0,I)}[1{u.x>=0} 1{u.y>=0}] <x, y>``: the gradient-feature
    (first-layer) part of the two-layer NTK; ``K1 = 2 h_inf``.
    """
    return _gram(X, Y, _K1_into)


def K2(X, Y=None) -> np.ndarray:
    """K2(x, y) = |x| |y| sin(theta) / pi  (wei2019, Section B.1).

    ``K1 + K2`` is the degree-1 arc-cosine kernel, i.e.
    ``2 E_{u~N(0,I)}[[u.x]_+ [u.y]_+]``.
    """
    return _gram(X, Y, _K2_into)


def h_inf(X, Y=None) -> np.ndarray:
    """H_inf(x, y) = <x, y> (pi - theta) / (2 pi)  (arora2019, equation (3)).

    Equals ``E_{w~N(0,I)}[<x, y> 1{w.x >= 0, w.y >= 0}]`` for points of any norm
    (arora2019 writes ``arccos(x_i.x_j)`` for unit inputs); ``h_inf = K1 / 2``,
    diagonal ``|x|^2 / 2``.
    """
    return _gram(X, Y, lambda C, T, rx, ry: _K1_into(C, T, rx, ry, scale=0.5))


def ntk_taus(r_w: float = 1.0, r_u: float = 1.0) -> tuple[float, float]:
    """(tau1, tau2) = (r_w^2 / 2, r_u^2 / 2) of wei2019, equation (B.1).

    See ``ntk_two_layer`` for the derivation.
    """
    _check_scales(r_w, r_u)
    return 0.5 * float(r_w) ** 2, 0.5 * float(r_u) ** 2


def _check_scales(r_w, r_u):
    if not (np.isfinite(r_w) and r_w >= 0):
        raise ValueError(f"r_w must be finite and >= 0; got {r_w!r}")
    if not (np.isfinite(r_u) and r_u > 0):
        raise ValueError(f"r_u must be finite and > 0 (at r_u = 0 every pre-activation is 0); got {r_u!r}")


def ntk_two_layer(X, Y=None, r_w: float = 1.0, r_u: float = 1.0) -> np.ndarray:
    """Infinite-width NTK of the two-layer ReLU net (wei2019, Section 2 and (B.1)).

    For one hidden unit ``f(x) = w [u.x]_+`` the parameter gradient is
    ``(d/du, d/dw) f = (w 1{u.x >= 0} x, [u.x]_+)``, so::

        <grad f(x), grad f(y)> = w^2 1{u.x>=0} 1{u.y>=0} <x, y> + [u.x]_+ [u.y]_+.

    With ``w ~ N(0, r_w^2)`` and ``u ~ N(0, r_u^2 I)`` independent:
    ``E[w^2] = r_w^2``; ``P(u.x >= 0, u.y >= 0) = (pi - theta)/(2 pi)`` does not
    depend on ``r_u``; ``E[[u.x]_+ [u.y]_+] = r_u^2 |x||y| (sin theta +
    (pi - theta) cos theta)/(2 pi)`` scales with ``r_u^2``. Hence::

        K = r_w^2/2 K1 + r_u^2/2 (K1 + K2) = tau1 K1 + tau2 (K1 + K2),
        tau1 = r_w^2 / 2,  tau2 = r_u^2 / 2,

    and ``K = 2 tau1 h_inf + tau2 k1`` with ``k1`` the degree-1 arc-cosine kernel.
    At ``r_w = r_u = 1``, ``K = K1 + K2/2``.

    Parameters
    ----------
    X, Y : array_like, shapes (n, d), (m, d); ``Y`` defaults to ``X``.
    r_w : float, >= 0
        Standard deviation of the output weight.
    r_u : float, > 0
        Standard deviation of each hidden-weight coordinate.
    """
    tau1, tau2 = ntk_taus(r_w, r_u)
    return _gram(X, Y, lambda C, T, rx, ry: _K1K2_into(C, T, rx, ry, a=tau1 + tau2, b=tau2))


# ----------------------------------------------------------------------------
# Monte Carlo (independent of the closed forms)
# ----------------------------------------------------------------------------

def _mc_points(X, Y):
    X = _points(X, "X")
    Y = X if Y is None else _points(Y, "Y")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of columns; got {X.shape[1]} and {Y.shape[1]}")
    return X, Y


def _batches(n_samples: int, n_points: int):
    if int(n_samples) != n_samples or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}")
    B = int(min(65536, max(256, (1 << 22) // n_points)))
    for s in range(0, int(n_samples), B):
        yield min(B, int(n_samples) - s)


def _mean_stderr(total, total_sq, N):
    mean = total / N
    var = np.maximum(total_sq / N - mean ** 2, 0.0) * (N / (N - 1))
    return mean, np.sqrt(var / N)


def h_inf_mc(X, Y=None, n_samples: int = 200_000, seed: int = 0):
    """Monte Carlo estimate of H_inf (arora2019, equation (3)) with standard errors.

    Averages ``<x, y> 1{w.x >= 0} 1{w.y >= 0}`` over ``n_samples`` draws
    ``w ~ N(0, I_d)`` (numpy ``default_rng(seed)``, in batches).

    Returns
    -------
    mean, stderr : ndarray, shape (n, m)
    """
    X, Y = _mc_points(X, Y)
    rng = np.random.default_rng(seed)
    G = X @ Y.T
    hits = np.zeros_like(G)                     # sum over samples of 1{w.x>=0} 1{w.y>=0}
    for B in _batches(n_samples, X.shape[0] + Y.shape[0]):
        W = rng.standard_normal((B, X.shape[1]))
        IX = (X @ W.T >= 0).astype(np.float64)
        IY = (Y @ W.T >= 0).astype(np.float64)
        hits += IX @ IY.T
    # the sample is G * indicator, and indicator^2 = indicator
    return _mean_stderr(G * hits, G ** 2 * hits, n_samples)


def ntk_two_layer_mc(X, Y=None, r_w: float = 1.0, r_u: float = 1.0,
                     n_samples: int = 200_000, seed: int = 0):
    """Monte Carlo estimate of the two-layer NTK (wei2019, Section 2) with standard errors.

    Averages ``v = w^2 1{u.x>=0} 1{u.y>=0} <x, y> + [u.x]_+ [u.y]_+`` over
    ``w ~ N(0, r_w^2)``, ``u ~ N(0, r_u^2 I)`` (numpy ``default_rng(seed)``).
    The second moment uses ``1{z>=0} [z]_+ = [z]_+``::

        sum v^2 = G^2 * (I w^4 I^T) + 2 G * (R w^2 R^T) + (R^2)(R^2)^T

    with ``I``, ``R`` the indicator and ReLU activations and ``G = X Y^T``.

    Returns
    -------
    mean, stderr : ndarray, shape (n, m)
    """
    if not (np.isfinite(r_w) and np.isfinite(r_u)):
        raise ValueError("r_w and r_u must be finite")
    X, Y = _mc_points(X, Y)
    rng = np.random.default_rng(seed)
    G = X @ Y.T
    s_ind, s_relu = np.zeros_like(G), np.zeros_like(G)          # first moments
    q_ind, q_cross, q_relu = np.zeros_like(G), np.zeros_like(G), np.zeros_like(G)
    for B in _batches(n_samples, X.shape[0] + Y.shape[0]):
        U = r_u * rng.standard_normal((B, X.shape[1]))
        w2 = (r_w * rng.standard_normal(B)) ** 2
        ZX, ZY = X @ U.T, Y @ U.T
        IX, IY = (ZX >= 0).astype(np.float64), (ZY >= 0).astype(np.float64)
        RX, RY = ZX * IX, ZY * IY
        s_ind += (IX * w2) @ IY.T
        s_relu += RX @ RY.T
        q_ind += (IX * w2 ** 2) @ IY.T
        q_cross += (RX * w2) @ RY.T
        q_relu += RX ** 2 @ (RY ** 2).T
    total = G * s_ind + s_relu
    total_sq = G ** 2 * q_ind + 2.0 * G * q_cross + q_relu
    return _mean_stderr(total, total_sq, n_samples)


# ----------------------------------------------------------------------------
# empirical NTK of a finite network (torch autograd)
# ----------------------------------------------------------------------------

def _relu(z: torch.Tensor) -> torch.Tensor:
    """[z]_+ whose autograd derivative is 1{z >= 0} (torch.relu uses 1{z > 0})."""
    return torch.where(z >= 0, z, torch.zeros_like(z))


def _jacobian(U: torch.Tensor, w: torch.Tensor, X: torch.Tensor, scale: float) -> torch.Tensor:
    """Per-point gradients of f w.r.t. (U, w), flattened: shape (n, m*d + m).

    One backward pass through per-point copies of the parameters: f(x_i) reads
    only copy i, so the gradient w.r.t. copy i is the gradient of f(x_i).
    (Same result as ``torch.func.vmap(jacrev(f))``, without functorch's
    seconds-long first call.)
    """
    n = X.shape[0]
    Ui = U.expand(n, *U.shape).clone().requires_grad_(True)
    wi = w.expand(n, w.shape[0]).clone().requires_grad_(True)
    Z = torch.bmm(Ui, X[:, :, None])[:, :, 0]              # Z[i, j] = u_j . x_i
    f = scale * (wi * _relu(Z)).sum(dim=1)
    gU, gw = torch.autograd.grad(f.sum(), (Ui, wi))
    return torch.cat([gU.reshape(n, -1), gw], dim=1)


def empirical_ntk(U, w, X, Y=None, scale: float | None = None) -> np.ndarray:
    """Empirical NTK of ``f(x) = scale * sum_j w_j [u_j . x]_+`` by torch autograd.

    ``K[i, k] = <grad_(U, w) f(x_i), grad_(U, w) f(y_k)>``, from per-point
    gradients computed by torch autograd, not from a formula. The
    derivative of the ReLU at 0 is taken as ``1{z >= 0}``, matching wei2019's
    ``1(x.u >= 0)``. With ``scale = 1/sqrt(m)`` (the default) and i.i.d.
    ``w_j ~ N(0, r_w^2)``, ``u_j ~ N(0, r_u^2 I)`` it converges to
    ``ntk_two_layer(X, Y, r_w, r_u)`` at rate ``m^(-1/2)``.

    Parameters
    ----------
    U : array_like, shape (m, d)
        Hidden weights, one unit per row.
    w : array_like, shape (m,)
        Output weights.
    X, Y : array_like, shapes (n, d), (k, d); ``Y`` defaults to ``X``.
    scale : float, optional
        Output scale; default ``1/sqrt(m)``.

    Returns
    -------
    ndarray, shape (n, k)

    Notes
    -----
    The Jacobians are formed for chunks of units (about 32 MiB at a time) and
    their Gram matrices summed.
    """
    U = torch.as_tensor(np.array(U, dtype=np.float64, ndmin=2))
    w = torch.as_tensor(np.array(w, dtype=np.float64).reshape(-1))
    m, d = U.shape
    if w.shape[0] != m:
        raise ValueError(f"U has {m} rows (units) but w has {w.shape[0]} entries")
    X, Y = _mc_points(X, Y)
    if X.shape[1] != d:
        raise ValueError(f"points have {X.shape[1]} coordinates but U has {d} columns")
    scale = 1.0 / math.sqrt(m) if scale is None else float(scale)
    Xt = torch.from_numpy(X)
    Yt = Xt if Y is X else torch.from_numpy(Y)
    # <grad f(x), grad f(y)> is a sum over parameters, and the gradient w.r.t.
    # unit j's parameters does not involve the other units: accumulate it over
    # chunks of units, so the Jacobians held at a time stay small.
    step = max(1, (1 << 22) // ((Xt.shape[0] + Yt.shape[0]) * (d + 1)))
    out = torch.zeros(Xt.shape[0], Yt.shape[0], dtype=torch.float64)
    for s in range(0, m, step):
        JX = _jacobian(U[s:s + step], w[s:s + step], Xt, scale)
        JY = JX if Yt is Xt else _jacobian(U[s:s + step], w[s:s + step], Yt, scale)
        out.addmm_(JX, JY.T)
    return out.numpy()
