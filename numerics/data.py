"""Data sets of the papers: wei2019's distribution D, samplers, teachers, digits.

Every sampler takes an integer ``seed`` for ``numpy.random.default_rng``;
points are float64 rows, labels float64 in {-1, +1}.
"""
from __future__ import annotations

import itertools

import numpy as np

__all__ = [
    "wei2019_D",
    "wei2019_D_support",
    "hypercube",
    "hypercube_vertices",
    "sphere",
    "teacher_two_layer",
    "digits_two_class",
    "corrupt_labels",
]

#: (y, x1, x2) of wei2019, equation (2.1), each with probability 1/4.
WEI2019_PATTERNS = np.array([
    [+1.0, +1.0, 0.0],
    [+1.0, -1.0, 0.0],
    [-1.0, 0.0, +1.0],
    [-1.0, 0.0, -1.0],
])


def _count(n, name="n", minimum=1) -> int:
    if isinstance(n, bool) or int(n) != n or n < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {n!r}")
    return int(n)


def wei2019_D(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``n`` points of wei2019's distribution D (equation (2.1)).

    Coordinates 3..d are independent uniform +-1 bits; ``(y, x1, x2)`` is one of
    ``(+1, +1, 0), (+1, -1, 0), (-1, 0, +1), (-1, 0, -1)``, each with
    probability 1/4. All points have norm ``sqrt(d - 1)``.

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,), values in {-1, +1}
    """
    n, d = _count(n), _count(d, "d", 3)
    rng = np.random.default_rng(seed)
    pattern = WEI2019_PATTERNS[rng.integers(0, 4, size=n)]
    X = np.empty((n, d))
    X[:, :2] = pattern[:, 1:]
    X[:, 2:] = 2.0 * rng.integers(0, 2, size=(n, d - 2)) - 1.0
    return X, pattern[:, 0].copy()


def wei2019_D_support(d: int) -> tuple[np.ndarray, np.ndarray]:
    """All ``4 * 2^(d-2)`` support points of D (wei2019, equation (2.1)), equally likely.

    Ordered pattern-major (the four rows of ``WEI2019_PATTERNS``), then the
    bits of coordinates 3..d in lexicographic order (-1 before +1).

    Returns
    -------
    X : ndarray, shape (4 * 2^(d-2), d)
    y : ndarray, shape (4 * 2^(d-2),)
    """
    d = _count(d, "d", 3)
    if d > 20:
        raise ValueError(f"the support has 4 * 2^(d-2) points; d = {d} > 20 is too large to list")
    bits = np.array(list(itertools.product((-1.0, 1.0), repeat=d - 2))).reshape(-1, d - 2)
    k = bits.shape[0]
    X = np.empty((4 * k, d))
    y = np.empty(4 * k)
    for p, (label, x1, x2) in enumerate(WEI2019_PATTERNS):
        X[p * k:(p + 1) * k, 0] = x1
        X[p * k:(p + 1) * k, 1] = x2
        X[p * k:(p + 1) * k, 2:] = bits
        y[p * k:(p + 1) * k] = label
    return X, y


def hypercube(n: int, d: int, seed: int = 0) -> np.ndarray:
    """``n`` points uniform on the hypercube {-1, +1}^d, shape (n, d)."""
    n, d = _count(n), _count(d, "d")
    rng = np.random.default_rng(seed)
    return 2.0 * rng.integers(0, 2, size=(n, d)) - 1.0


def hypercube_vertices(d: int) -> np.ndarray:
    """All ``2^d`` points of {-1, +1}^d as int64, shape (2^d, d), for exact sums over the cube.

    Row ``k`` has coordinate ``j`` equal to -1 exactly when bit ``j`` of ``k`` is set.
    """
    d = _count(d, "d", minimum=0)
    if d > 24:
        raise ValueError(f"2^{d} vertices is too many to enumerate (d <= 24)")
    bits = (np.arange(2 ** d)[:, None] >> np.arange(d)[None, :]) & 1
    return (1 - 2 * bits).astype(np.int64)


def sphere(n: int, d: int, seed: int = 0) -> np.ndarray:
    """``n`` points uniform on the unit sphere S^(d-1) of R^d, shape (n, d)."""
    n, d = _count(n), _count(d, "d")
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, d))
    r = np.linalg.norm(Z, axis=1, keepdims=True)
    while np.any(r == 0):                        # probability 0, but be exact
        bad = (r == 0).ravel()
        Z[bad] = rng.standard_normal((int(bad.sum()), d))
        r = np.linalg.norm(Z, axis=1, keepdims=True)
    return Z / r


def teacher_two_layer(X, U, w, labels: bool = False) -> np.ndarray:
    """Output of the ReLU teacher ``f(x) = sum_j w_j [u_j . x]_+``.

    Parameters
    ----------
    X : array_like, shape (n, d)
    U : array_like, shape (m, d)
        Teacher hidden weights, one unit per row.
    w : array_like, shape (m,)
        Teacher output weights.
    labels : bool
        If True return ``sign(f)`` in {-1, +1} (0 counts as +1).

    Returns
    -------
    ndarray, shape (n,)
    """
    X = np.asarray(X, dtype=np.float64)
    U = np.atleast_2d(np.asarray(U, dtype=np.float64))
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d); got shape {X.shape}")
    if U.shape[1] != X.shape[1]:
        raise ValueError(f"U has {U.shape[1]} columns but X has {X.shape[1]}")
    if w.shape[0] != U.shape[0]:
        raise ValueError(f"U has {U.shape[0]} rows (units) but w has {w.shape[0]} entries")
    f = np.maximum(X @ U.T, 0.0) @ w
    return np.where(f >= 0, 1.0, -1.0) if labels else f


def digits_two_class(classes=(0, 1), normalize: bool = True, path=None):
    """Two classes of a digit data set, rows scaled to the unit sphere, labels +-1.

    By default scikit-learn's bundled 8x8 digits (``load_digits``, no
    download). With ``path``, an ``.npz`` file with arrays ``X`` (n, d) and
    ``y`` (n,) is read instead (e.g. MNIST saved by the user). Points of
    ``classes[0]`` get label +1, those of ``classes[1]`` label -1. Inputs are
    not centred: each row is divided by its norm (if ``normalize``).

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,), values in {-1, +1}
    """
    classes = tuple(classes)
    if len(classes) != 2 or classes[0] == classes[1]:
        raise ValueError(f"classes must be two distinct labels; got {classes!r}")
    if path is None:
        from sklearn.datasets import load_digits
        data = load_digits()
        X_all, y_all = data.data, data.target
    else:
        with np.load(path, allow_pickle=False) as f:
            missing = {"X", "y"} - set(f.files)
            if missing:
                raise ValueError(f"{path} must contain arrays 'X' and 'y'; missing {sorted(missing)}")
            X_all, y_all = f["X"], f["y"]
        X_all = X_all.reshape(X_all.shape[0], -1)
        if y_all.ndim != 1 or y_all.shape[0] != X_all.shape[0]:
            raise ValueError(f"{path}: y must be 1-D with one label per row of X; "
                             f"got X {X_all.shape}, y {y_all.shape}")
    present = set(np.unique(y_all).tolist())
    absent = [c for c in classes if c not in present]
    if absent:
        raise ValueError(f"classes {absent} not found; available: {sorted(present)}")
    keep = (y_all == classes[0]) | (y_all == classes[1])
    X = np.asarray(X_all[keep], dtype=np.float64)
    y = np.where(y_all[keep] == classes[0], 1.0, -1.0)
    if normalize:
        r = np.linalg.norm(X, axis=1, keepdims=True)
        if np.any(r == 0):
            raise ValueError(f"{int((r == 0).sum())} input rows are zero and cannot be normalised")
        X = X / r
    return X, y


def corrupt_labels(y, fraction: float, seed: int = 0) -> np.ndarray:
    """Copy of +-1 labels ``y`` with exactly ``round(fraction * n)`` of them flipped.

    The flipped positions are a uniformly random subset (``default_rng(seed)``).
    """
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D; got shape {y.shape}")
    if not np.all(np.abs(y) == 1.0):
        raise ValueError("labels must be -1 or +1")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must lie in [0, 1]; got {fraction!r}")
    k = int(round(fraction * y.shape[0]))
    flip = np.random.default_rng(seed).choice(y.shape[0], size=k, replace=False)
    out = y.copy()
    out[flip] = -out[flip]
    return out
