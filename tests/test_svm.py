"""Tests of numerics/svm.py: the l1-SVM over ReLU features (wei2019, equation (B.15))
and the kernel min-norm / max-margin predictors.

Every optimum is checked against an independent computation: the exact 2-D
oracle (Pilanci-Ergen SOCP in cvxpy) against column generation in HiGHS,
finite-dictionary LPs against cvxpy/Clarabel, and every returned margin is
recomputed here from the returned network.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from numerics.svm import (  # noqa: E402
    InfeasibleSVMError,
    SingularKernelError,
    kernel_min_norm_interpolant,
    kernel_svm_hard_margin,
    l1_svm_relu,
    l1_svm_relu_exact_2d,
    price_neurons,
    relu_features,
)


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def sample_wei2019_D(n, d, seed):
    """wei2019 distribution D (equation 2.1), written here independently of numerics.data.

    Coordinates 3..d are uniform +-1 bits; (y, x1, x2) is one of
    (+1, +1, 0), (+1, -1, 0), (-1, 0, +1), (-1, 0, -1), each w.p. 1/4.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n, d))
    X[:, 2:] = rng.choice([-1.0, 1.0], size=(n, d - 2))
    case = rng.integers(0, 4, size=n)
    y = np.where(case < 2, 1.0, -1.0)
    X[case == 0, 0] = 1.0
    X[case == 1, 0] = -1.0
    X[case == 2, 1] = 1.0
    X[case == 3, 1] = -1.0
    return X, y


def teacher_data(n, d, seed, width=4):
    """Labels of a random two-layer ReLU teacher (always ReLU-separable)."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((width, d))
    a = rng.choice([-1.0, 1.0], size=width)
    X = rng.standard_normal((4 * n, d))
    f = np.maximum(X @ W.T, 0.0) @ a
    keep = np.abs(f) > 0.05 * np.std(f)
    return X[keep][:n], np.sign(f[keep][:n])


def D_like_2d(n, seed, jitter=0.05):
    """The first two coordinates of D, jittered (no noise coordinates in d = 2)."""
    rng = np.random.default_rng(seed)
    case = rng.integers(0, 4, size=n)
    base = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    X = base[case] + jitter * rng.standard_normal((n, 2))
    y = np.where(case < 2, 1.0, -1.0)
    return X, y


def datasets_2d():
    out = []
    for s in range(3):
        out.append(("teacher", *teacher_data(25, 2, seed=s)))
    for s in range(2):
        rng = np.random.default_rng(100 + s)
        X = rng.standard_normal((20, 2)) * rng.uniform(0.5, 2.0, size=(20, 1))
        y = rng.choice([-1.0, 1.0], size=20)  # random labels: separable in 2-D
        out.append(("random-labels", X, y))
    for s in range(2):
        out.append(("D-like", *D_like_2d(24, seed=200 + s)))
    return out


def check_network(res, X, y, tol=1e-9):
    """Invariants every L1SVMResult must satisfy, recomputed here."""
    W = np.asarray(res.weights)
    U = np.asarray(res.directions)
    assert U.shape == (len(W), X.shape[1])
    if len(W):
        assert np.allclose(np.linalg.norm(U, axis=1), 1.0, atol=1e-12)
    assert np.sum(np.abs(W)) <= 1.0 + tol
    f = np.maximum(X @ U.T, 0.0) @ W if len(W) else np.zeros(len(y))
    margin = float(np.min(y * f))
    assert res.margin == pytest.approx(margin, abs=1e-12)
    assert res.lower == pytest.approx(res.margin, abs=1e-15)
    assert res.lower <= res.upper + 1e-12
    assert res.duality_gap == pytest.approx(res.upper - res.lower, abs=1e-15)
    assert np.all(res.dual >= 0) and res.dual.sum() == pytest.approx(1.0)
    assert np.allclose(res.predict(X), f)


def cvxpy_dictionary_lp(X, y, U):
    import cvxpy as cp

    Phi = np.maximum(X @ U.T, 0.0)
    mu = cp.Variable(U.shape[0])
    t = cp.Variable()
    prob = cp.Problem(cp.Maximize(t), [cp.multiply(y, Phi @ mu) >= t, cp.norm1(mu) <= 1])
    prob.solve(solver="CLARABEL")
    return float(prob.value)


# ---------------------------------------------------------------------------
# features and pricing
# ---------------------------------------------------------------------------


def test_relu_features():
    X = np.array([[1.0, -2.0], [0.5, 0.5]])
    U = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 1.0]])
    expected = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    assert np.array_equal(relu_features(X, U), expected)


def test_exact_2d_pricing_beats_a_fine_grid():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((30, 2))
    y = rng.choice([-1.0, 1.0], size=30)
    alpha = rng.random(30)
    value, U, prices, exact = price_neurons(X, y, alpha, pricing="exact2d")
    assert exact
    th = np.linspace(0, 2 * np.pi, 400001)
    grid = np.stack([np.cos(th), np.sin(th)], axis=1)
    g = np.abs((alpha / alpha.sum() * y) @ np.maximum(X @ grid.T, 0.0))
    assert value >= g.max() - 1e-12  # exact maximum is at least every grid value
    assert value <= g.max() + 1e-6  # and the grid gets close to it
    # general-d ascent finds the same maximum in d = 2
    v2, _, _, exact2 = price_neurons(X, y, alpha, pricing="ascent", n_starts=50)
    assert not exact2
    assert v2 == pytest.approx(value, abs=1e-9)


# ---------------------------------------------------------------------------
# d = 2: column generation against the exact oracle
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,X,y", datasets_2d(), ids=lambda v: v if isinstance(v, str) else "")
def test_column_generation_matches_exact_2d_oracle(name, X, y):
    ex = l1_svm_relu_exact_2d(X, y)
    check_network(ex, X, y)
    assert ex.upper_certified and ex.converged
    assert ex.margin > 0
    # the oracle's certified bracket is tight and agrees with the raw SOCP
    assert ex.duality_gap <= 1e-8 * max(1.0, np.abs(X).max())
    assert ex.margin == pytest.approx(ex.info["socp_value"], abs=1e-6)
    # column generation from the generic starting dictionary, both pricings
    for pricing in ("auto", "ascent"):
        cg = l1_svm_relu(X, y, pricing=pricing, seed=1)
        check_network(cg, X, y)
        assert cg.converged
        assert cg.margin == pytest.approx(ex.margin, abs=1e-6), (name, pricing)
        assert cg.upper_certified == (pricing == "auto")
        # nothing feasible beats a certified upper bound
        assert cg.margin <= ex.upper + 1e-12


def test_endpoint_dictionary_is_not_exact():
    # one point: the best neuron is u = x (margin 1); the arc endpoints
    # (perpendicular to x) have zero features -- the oracle must not use them
    X = np.array([[1.0, 0.0]])
    y = np.array([1.0])
    ex = l1_svm_relu_exact_2d(X, y)
    assert ex.margin == pytest.approx(1.0, abs=1e-9)
    ends = np.array([[0.0, 1.0], [0.0, -1.0]])
    assert l1_svm_relu(X, y, directions=ends, column_generation=False).margin == pytest.approx(0.0)
    # three points on a half circle: the optimum is not at arc endpoints either
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.2]])
    y = np.array([1.0, 1.0, -1.0])
    ex = l1_svm_relu_exact_2d(X, y)
    th = np.linspace(0, 2 * np.pi, 20001)[:-1]
    grid = np.stack([np.cos(th), np.sin(th)], axis=1)
    fine = l1_svm_relu(X, y, directions=grid, column_generation=False)
    assert fine.margin <= ex.margin + 1e-12
    assert fine.margin == pytest.approx(ex.margin, abs=1e-6)


# ---------------------------------------------------------------------------
# wei2019's distribution D
# ---------------------------------------------------------------------------


def test_four_neurons_give_margin_one_quarter_on_D():
    X, y = sample_wei2019_D(60, 8, seed=0)
    E = np.zeros((4, 8))
    E[0, 0], E[1, 0], E[2, 1], E[3, 1] = 1.0, -1.0, 1.0, -1.0
    w = np.array([0.25, 0.25, -0.25, -0.25])
    f = np.maximum(X @ E.T, 0.0) @ w
    assert np.allclose(y * f, 0.25)  # every point has margin exactly 1/4
    res = l1_svm_relu(X, y, directions=E, column_generation=False)
    check_network(res, X, y)
    assert res.margin == pytest.approx(0.25, abs=1e-12)
    assert res.upper == pytest.approx(0.25, abs=1e-9)
    res_cg = l1_svm_relu(X, y, directions=E)
    assert res_cg.margin == pytest.approx(0.25, abs=1e-12)


@pytest.mark.parametrize("n,d,seed,axes", [(40, 6, 0, True), (60, 8, 1, True), (40, 6, 2, False)])
def test_sphere_margin_on_D_at_least_one_quarter(n, d, seed, axes):
    X, y = sample_wei2019_D(n, d, seed)
    # without the axes in the starting dictionary, column generation has to
    # discover neurons as good as +-e1, +-e2 from the data directions
    res = l1_svm_relu(X, y, seed=seed, initial_axes=axes, n_random=0 if not axes else 200)
    check_network(res, X, y)
    assert res.converged
    assert res.margin >= 0.25 - 1e-9
    assert not res.upper_certified  # d > 2: heuristic pricing
    assert res.upper >= res.margin
    assert len(res.weights) <= n  # a vertex: at most n neurons


@pytest.mark.parametrize("n,seed", [(5, 5), (12, 12)])
def test_sphere_beats_a_large_random_dictionary(n, seed):
    X, y = teacher_data(n, 3, seed=seed)
    res = l1_svm_relu(X, y, seed=seed)
    check_network(res, X, y)
    assert res.converged
    assert len(res.weights) <= n  # vertex solution: at most n neurons
    U = np.random.default_rng(seed).standard_normal((3000, 3))
    dic = l1_svm_relu(X, y, directions=U)
    # the sphere contains the dictionary: its optimum cannot be smaller
    assert res.margin >= dic.margin - 1e-9
    assert res.margin <= dic.margin * 1.05  # and a dense dictionary gets close


# ---------------------------------------------------------------------------
# finite dictionaries: against cvxpy
# ---------------------------------------------------------------------------


def test_dictionary_lp_matches_cvxpy():
    X, y = teacher_data(50, 5, seed=7)
    rng = np.random.default_rng(8)
    U = rng.standard_normal((300, 5))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    ref = cvxpy_dictionary_lp(X, y, U)
    direct = l1_svm_relu(X, y, directions=U, column_generation=False)
    cg = l1_svm_relu(X, y, directions=U)
    for res in (direct, cg):
        check_network(res, X, y)
        assert res.upper_certified
        assert res.margin == pytest.approx(ref, abs=1e-6)
        assert res.lower <= ref + 1e-7 and res.upper >= ref - 1e-7
        assert res.duality_gap <= 1e-8
        # returned directions come from the dictionary
        assert np.all(np.max(res.directions @ U.T, axis=1) > 1 - 1e-12)


def test_dictionary_lp_on_D_matches_cvxpy():
    X, y = sample_wei2019_D(50, 6, seed=3)
    rng = np.random.default_rng(4)
    U = rng.standard_normal((300, 6))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    ref = cvxpy_dictionary_lp(X, y, U)
    res = l1_svm_relu(X, y, directions=U)
    check_network(res, X, y)
    assert res.margin == pytest.approx(ref, abs=1e-6)


def test_margin_scales_with_data_and_rejects_bad_labels():
    X, y = teacher_data(30, 3, seed=2)
    U = np.random.default_rng(0).standard_normal((100, 3))
    a = l1_svm_relu(X, y, directions=U).margin
    b = l1_svm_relu(10.0 * X, y, directions=U).margin
    assert b == pytest.approx(10.0 * a, rel=1e-8)
    with pytest.raises(ValueError):
        l1_svm_relu(X, np.where(y > 0, 1.0, 0.0), directions=U)


# ---------------------------------------------------------------------------
# kernel predictors
# ---------------------------------------------------------------------------


def arccos1_gram(X):
    """Arc-cosine kernel of degree 1 (ReLU features), PSD, computed here."""
    nx = np.linalg.norm(X, axis=1)
    cos = np.clip((X @ X.T) / np.outer(nx, nx), -1.0, 1.0)
    th = np.arccos(cos)
    return np.outer(nx, nx) * (np.sin(th) + (np.pi - th) * cos) / (2 * np.pi)


def test_kernel_min_norm_interpolant():
    X, y = teacher_data(40, 6, seed=5)
    K = arccos1_gram(X)
    res = kernel_min_norm_interpolant(K, y)
    assert not res.used_pseudo_inverse
    assert res.residual < 1e-8
    assert np.allclose(K @ res.beta, y, atol=1e-8)
    assert res.rkhs_norm == pytest.approx(np.sqrt(y @ np.linalg.solve(K, y)), rel=1e-8)
    # singular Gram matrix: clear error, or flagged pseudo-inverse fallback
    Ks = np.ones((3, 3))
    with pytest.raises(SingularKernelError):
        kernel_min_norm_interpolant(Ks, np.array([1.0, 1.0, 1.0]))
    fb = kernel_min_norm_interpolant(Ks, np.array([1.0, 1.0, 1.0]), on_singular="pinv")
    assert fb.used_pseudo_inverse and fb.residual < 1e-12
    fb2 = kernel_min_norm_interpolant(Ks, np.array([1.0, -1.0, 1.0]), on_singular="pinv")
    assert fb2.used_pseudo_inverse and fb2.residual > 0.5  # cannot interpolate


def test_kernel_hard_margin_svm_primal_matches_dual():
    X, y = teacher_data(40, 6, seed=6)
    K = arccos1_gram(X)
    p = kernel_svm_hard_margin(K, y, method="primal")
    q = kernel_svm_hard_margin(K, y, method="dual")
    for r in (p, q):
        assert np.all(y * (K @ r.beta) >= 1 - 1e-6)  # constraints
        assert r.margin == pytest.approx(1.0 / r.rkhs_norm, rel=1e-5)
    assert p.margin == pytest.approx(q.margin, rel=1e-5)
    assert np.allclose(p.fitted, q.fitted, atol=1e-4)
    # KKT: beta = a * y with the primal's multipliers, and sum(a) = ||f||^2
    assert np.allclose(p.beta, p.dual * y, atol=1e-4 * np.abs(p.beta).max())
    assert q.dual.sum() == pytest.approx(q.rkhs_norm ** 2, rel=1e-5)
    # the min-norm interpolant is feasible for the SVM, so its norm is larger
    mn = kernel_min_norm_interpolant(K, y)
    assert mn.rkhs_norm >= p.rkhs_norm - 1e-6


def test_kernel_hard_margin_svm_infeasible():
    X = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # duplicate point, opposite labels
    y = np.array([1.0, -1.0, 1.0])
    K = arccos1_gram(X)
    for method in ("primal", "dual"):
        with pytest.raises(InfeasibleSVMError):
            kernel_svm_hard_margin(K, y, method=method)


def test_kernel_svm_active_set_matches_conic_solver():
    """The Cholesky active-set dual against cvxpy/Clarabel (an independent solver)."""
    for seed, n in ((7, 30), (8, 60)):
        X, y = teacher_data(n, 5, seed=seed)
        K = arccos1_gram(X)
        ref = kernel_svm_hard_margin(K, y, method="primal")
        act = kernel_svm_hard_margin(K, y, method="active-set")
        assert act.kkt_violation < 1e-8
        assert np.all(y * act.fitted >= 1 - 1e-8)
        assert act.margin == pytest.approx(ref.margin, rel=1e-5)
        assert np.allclose(act.fitted, ref.fitted, atol=1e-4)
        # not every point is a support vector here, so the active set did real work
        assert (act.dual > 1e-9).sum() < n


def test_kernel_svm_active_set_refuses_infeasible():
    X = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # duplicate point, opposite labels
    y = np.array([1.0, -1.0, 1.0])
    with pytest.raises(InfeasibleSVMError):
        kernel_svm_hard_margin(arccos1_gram(X), y, method="active-set")
    with pytest.raises(ValueError):
        kernel_svm_hard_margin(arccos1_gram(X), y, method="newton")


def test_kernel_interpolant_cholesky_matches_svd():
    X, y = teacher_data(50, 6, seed=9)
    K = arccos1_gram(X)
    a = kernel_min_norm_interpolant(K, y, method="svd")
    b = kernel_min_norm_interpolant(K, y, method="cholesky")
    assert b.method == "cholesky" and a.method == "svd"
    assert np.allclose(a.beta, b.beta, rtol=1e-6, atol=1e-8 * np.abs(a.beta).max())
    # LAPACK's 1-norm estimate is within a factor n of the 2-norm condition number
    assert a.condition_number / 50 <= b.condition_number <= 50 * a.condition_number
    # a duplicated point with equal labels: the jittered solve still interpolates
    Xd = np.vstack([X, X[:1]])
    yd = np.append(y, y[0])
    c = kernel_min_norm_interpolant(arccos1_gram(Xd), yd, method="cholesky", on_singular="pinv")
    assert c.residual < 1e-6
    # contradictory duplicate: Cholesky cannot interpolate, falls back to the flagged pinv
    ye = np.append(y, -y[0])
    e = kernel_min_norm_interpolant(arccos1_gram(Xd), ye, method="cholesky", on_singular="pinv")
    assert e.method == "svd" and e.used_pseudo_inverse and e.residual > 0.5
    with pytest.raises(ValueError):
        kernel_min_norm_interpolant(K, y, method="qr")


def test_kernel_svm_nnls_fallback_matches_conic_solver():
    """The fallback route (active set stopped before it certifies) is NNLS; it must reach the optimum."""
    from numerics.svm import _dual_kkt_violation, _svm_dual_active_set
    X, y = teacher_data(60, 5, seed=8)
    K = arccos1_gram(X)
    a, iters, route = _svm_dual_active_set(K, y, max_iter=1)
    assert route == "nnls" and iters == 1          # one step cannot certify: not all points are SVs
    assert _dual_kkt_violation(K * np.outer(y, y), a) < 1e-6
    ref = kernel_svm_hard_margin(K, y, method="primal")
    assert np.allclose(K @ (a * y), ref.fitted, atol=1e-4)
