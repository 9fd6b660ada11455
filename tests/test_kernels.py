"""Tests of numerics.kernels: closed forms against Monte Carlo, mpmath and autograd."""
import math

import mpmath
import numpy as np
import pytest
import torch

from numerics import kernels as K


def _points(n=8, d=5, seed=0):
    """Points of various norms: a nearly parallel pair (angle ~1e-5, where the
    stable angle formula is used), an exactly antipodal pair and a nearly
    antipodal pair (angle pi - ~0.05, so that Monte Carlo still sees hits)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.3, 3.0, size=(n, 1))
    X[1] = 1.7 * X[0] + 1e-5 * np.linalg.norm(X[0]) * rng.standard_normal(d)
    X[3] = -0.6 * X[2]
    X[5] = -2.0 * X[4] + 0.05 * np.linalg.norm(X[4]) * rng.standard_normal(d)
    return X


def _assert_within(mean, stderr, closed, k=4.0):
    z = np.abs(mean - closed) / np.maximum(stderr, 1e-300)
    ok = np.abs(mean - closed) <= k * stderr + 1e-12 * np.abs(closed).max()
    assert ok.all(), f"max |MC - closed| / stderr = {z[~ok].max():.2f} > {k}"


# ---------------------------------------------------------------- angle

def test_angle_self_and_multiples_are_exactly_zero():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 9))
    assert np.all(np.diag(K.angle(X)) == 0.0)
    assert np.all(np.diag(K.angle(X, X.copy())) == 0.0)
    perm = rng.permutation(30)
    assert np.all(K.angle(X, X[perm])[perm, np.arange(30)] == 0.0)
    for c in (2.0, 0.25, 1024.0):                    # exact in floating point
        assert np.all(np.diag(K.angle(X, c * X)) == 0.0)
    # fl(3.7 x) is not exactly parallel to x: a few ulps, not the ~1e-8 of acos
    assert np.diag(K.angle(X, 3.7 * X)).max() < 1e-15


def test_angle_antipodal_is_pi_and_matrix_symmetric():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((25, 6))
    T = K.angle(X, np.vstack([-X, -3.0 * X]))
    assert np.all(T[np.arange(25), np.arange(25)] == math.pi)
    assert np.abs(T[np.arange(25), 25 + np.arange(25)] - math.pi).max() < 1e-15
    S = K.angle(X)
    assert np.array_equal(S, S.T)
    assert S.min() >= 0.0 and S.max() <= math.pi


def _angle_mp(x, y):
    mpmath.mp.dps = 60
    xs, ys = [mpmath.mpf(float(v)) for v in x], [mpmath.mpf(float(v)) for v in y]
    dot = mpmath.fsum(a * b for a, b in zip(xs, ys))
    nx = mpmath.sqrt(mpmath.fsum(a * a for a in xs))
    ny = mpmath.sqrt(mpmath.fsum(b * b for b in ys))
    return float(mpmath.acos(dot / (nx * ny)))


def test_angle_matches_mpmath():
    rng = np.random.default_rng(3)
    d = 7
    X = rng.standard_normal((60, d))
    eps = 10.0 ** -rng.uniform(3, 12, size=(60, 1))
    Y = rng.standard_normal((60, d))
    Y[20:40] = 2.5 * X[20:40] + eps[20:40] * rng.standard_normal((20, d))     # nearly parallel
    Y[40:] = -0.5 * X[40:] + eps[40:] * rng.standard_normal((20, d))          # nearly antipodal
    ours = np.diag(K.angle(X, Y))
    ref = np.array([_angle_mp(x, y) for x, y in zip(X, Y)])
    assert np.abs(ours - ref).max() < 1e-12
    # the near-(anti)parallel ones are where acos alone loses ~1e-8: ours keeps ulps
    assert np.abs(ours[20:] - ref[20:]).max() < 1e-14


def test_angle_scale_invariant_without_overflow():
    rng = np.random.default_rng(14)
    A = rng.standard_normal((40, 4))
    T = K.angle(A)
    for c in (1e250, 1e-250):
        np.testing.assert_allclose(K.angle(c * A), T, rtol=0, atol=4e-15)


def test_angle_rejects_bad_input():
    X = np.ones((3, 4))
    X[1] = 0.0
    with pytest.raises(ValueError, match="zero norm"):
        K.angle(X)
    with pytest.raises(ValueError, match="same number of columns"):
        K.angle(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError):
        K.h_inf(np.ones(4))
    with pytest.raises(ValueError):
        K.K1(np.array([[1.0, np.nan]]))


# ---------------------------------------------------------------- closed forms

def test_closed_forms_against_naive_numpy_on_generic_points():
    """Away from (anti)parallel pairs the naive arccos formulas are accurate."""
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((40, 6)) * 2.0, rng.standard_normal((30, 6))
    nx, ny = np.linalg.norm(X, axis=1), np.linalg.norm(Y, axis=1)
    G = X @ Y.T
    c = G / np.outer(nx, ny)
    theta = np.arccos(c)
    k1 = G * (1 - theta / np.pi)
    k2 = np.outer(nx, ny) * np.sqrt(1 - c ** 2) / np.pi
    np.testing.assert_allclose(K.angle(X, Y), theta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(K.K1(X, Y), k1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(K.K2(X, Y), k2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(K.h_inf(X, Y), G * (np.pi - theta) / (2 * np.pi), rtol=0, atol=1e-12)
    np.testing.assert_allclose(K.arccos_kernel(X, Y, degree=0), 1 - theta / np.pi, rtol=0, atol=1e-14)
    np.testing.assert_allclose(K.arccos_kernel(X, Y, degree=1), k1 + k2, rtol=0, atol=1e-12)
    tau1, tau2 = K.ntk_taus(0.7, 1.9)
    assert (tau1, tau2) == pytest.approx((0.245, 1.805))
    np.testing.assert_allclose(K.ntk_two_layer(X, Y, 0.7, 1.9), tau1 * k1 + tau2 * (k1 + k2),
                               rtol=0, atol=1e-12)
    with pytest.raises(ValueError):
        K.arccos_kernel(X, Y, degree=2)


@pytest.mark.parametrize("worker_threads", [True, False])
def test_engine_blocks_mirror_and_threads(monkeypatch, worker_threads):
    """Many row blocks (forced small), shared out to threads or not: same values,
    exact symmetry, torch's thread setting left as it was."""
    monkeypatch.setattr(K, "_BLOCK_ENTRIES", 1 << 12)
    monkeypatch.setattr(K, "_WORKER_THREADS", worker_threads)
    rng = np.random.default_rng(13)
    X, Y = rng.standard_normal((301, 5)), rng.standard_normal((157, 5))
    X[200] = 4.0 * X[17]                              # a parallel pair in different blocks
    threads = torch.get_num_threads()
    H, HXY = K.h_inf(X), K.h_inf(X, Y)
    assert torch.get_num_threads() == threads
    assert np.array_equal(H, H.T) and H[17, 200] == H[200, 17]
    G, nx, ny = X @ X.T, np.linalg.norm(X, axis=1), np.linalg.norm(Y, axis=1)
    theta = np.arccos(np.clip(G / np.outer(nx, nx), -1, 1))
    generic = theta > 1e-3
    np.testing.assert_allclose(H[generic], (G * (np.pi - theta) / (2 * np.pi))[generic], rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.diag(H), nx ** 2 / 2, rtol=1e-14)
    assert abs(H[17, 200] - 2.0 * nx[17] ** 2) <= 1e-14 * nx[17] ** 2
    thetaXY = np.arccos(np.clip(X @ Y.T / np.outer(nx, ny), -1, 1))
    np.testing.assert_allclose(HXY, X @ Y.T * (np.pi - thetaXY) / (2 * np.pi), rtol=0, atol=1e-12)
    assert K.angle(X)[17, 200] == 0.0


def test_h_inf_diagonal_half_K1_and_psd():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((200, 10)) * rng.uniform(0.2, 4.0, size=(200, 1))
    H = K.h_inf(X)
    np.testing.assert_allclose(np.diag(H), 0.5 * (X ** 2).sum(axis=1), rtol=1e-14)
    np.testing.assert_allclose(H, 0.5 * K.K1(X), rtol=1e-14, atol=0)
    assert np.array_equal(H, H.T)
    assert np.linalg.eigvalsh(H).min() >= -1e-10
    assert np.linalg.eigvalsh(K.ntk_two_layer(X, r_w=0.5, r_u=2.0)).min() >= -1e-10


def test_ntk_matches_neural_tangents_convention():
    """neural-tangents' two-layer ReLU NTK (W_std = 1, 'ntk' parameterization, no
    bias) on unit inputs is [sqrt(1-u^2) + 2u(pi - arccos u)] / (2 pi d); its
    first layer divides by sqrt(d), i.e. it is ours at x / sqrt(d)."""
    d = 12
    from numerics.data import sphere
    X = sphere(40, d, seed=6)
    u = np.clip(X @ X.T, -1, 1)
    nt = (np.sqrt(1 - u ** 2) + 2 * u * (np.pi - np.arccos(u))) / (2 * np.pi * d)
    off = ~np.eye(40, dtype=bool)
    np.testing.assert_allclose(K.ntk_two_layer(X / np.sqrt(d))[off], nt[off], rtol=0, atol=1e-14)
    np.testing.assert_allclose(np.diag(K.ntk_two_layer(X / np.sqrt(d))), 1 / d, rtol=1e-14)


# ---------------------------------------------------------------- Monte Carlo

def test_h_inf_against_monte_carlo():
    X = _points()
    Y = _points(n=6, seed=7) * 0.4
    for A, B in ((X, None), (X, Y)):
        mean, se = K.h_inf_mc(A, B, n_samples=200_000, seed=11)
        _assert_within(mean, se, K.h_inf(A, B))


@pytest.mark.parametrize("r_w, r_u", [(1.0, 1.0), (0.0, 1.0), (2.0, 0.5), (0.3, 3.0)])
def test_ntk_two_layer_against_monte_carlo(r_w, r_u):
    X = _points(seed=8)
    mean, se = K.ntk_two_layer_mc(X, r_w=r_w, r_u=r_u, n_samples=200_000, seed=12)
    _assert_within(mean, se, K.ntk_two_layer(X, r_w=r_w, r_u=r_u))


def test_monte_carlo_check_detects_wrong_taus():
    """The same check refutes tau1 = r_w^2 (the factor 1/2 of the indicator
    probability forgotten, as in wei2019's <phi_grad, phi_grad> = K1)."""
    X = _points(seed=8)
    r_w, r_u = 2.0, 0.5
    mean, se = K.ntk_two_layer_mc(X, r_w=r_w, r_u=r_u, n_samples=200_000, seed=12)
    wrong = r_w ** 2 * K.K1(X) + r_u ** 2 / 2 * K.arccos_kernel(X, degree=1)
    with pytest.raises(AssertionError):
        _assert_within(mean, se, wrong)


# ---------------------------------------------------------------- empirical NTK

def _finite_width_ntk(U, w, X, Y):
    """sum_j (w_j^2 1{u_j.x>=0} 1{u_j.y>=0} x.y + [u_j.x]_+ [u_j.y]_+) / m, in numpy."""
    m = U.shape[0]
    ZX, ZY = X @ U.T, Y @ U.T
    IX, IY = (ZX >= 0) * 1.0, (ZY >= 0) * 1.0
    return ((IX * w ** 2) @ IY.T * (X @ Y.T) + np.maximum(ZX, 0) @ np.maximum(ZY, 0).T) / m


def test_empirical_ntk_equals_finite_width_formula():
    rng = np.random.default_rng(9)
    m, d = 300, 6
    U, w = rng.standard_normal((m, d)), rng.standard_normal(m)
    X, Y = rng.standard_normal((10, d)), rng.standard_normal((7, d))
    np.testing.assert_allclose(K.empirical_ntk(U, w, X, Y), _finite_width_ntk(U, w, X, Y),
                               rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(K.empirical_ntk(U, w, X), _finite_width_ntk(U, w, X, X),
                               rtol=1e-12, atol=1e-13)
    # explicit scale
    np.testing.assert_allclose(K.empirical_ntk(U, w, X, scale=1.0), m * _finite_width_ntk(U, w, X, X),
                               rtol=1e-12)


def test_empirical_ntk_relu_derivative_at_zero_is_one():
    U = np.array([[0.0, 1.0]])           # u . e1 = 0 exactly
    w = np.array([3.0])
    X = np.array([[2.0, 0.0]])
    # gradient: d/du = w 1{0 >= 0} x = (6, 0), d/dw = 0  ->  K = 36
    assert K.empirical_ntk(U, w, X, scale=1.0)[0, 0] == 36.0


def _empirical_error_rms(X, refs, m, r_w, r_u, seeds=4):
    """Root-mean-square over seeds of |K_m - ref|_F / |ref|_F, for each ref."""
    errs = np.zeros((seeds, len(refs)))
    for s in range(seeds):
        g = np.random.default_rng([int(m), s])
        U = r_u * g.standard_normal((m, X.shape[1]))
        w = r_w * g.standard_normal(m)
        E = K.empirical_ntk(U, w, X)
        errs[s] = [np.linalg.norm(E - R) / np.linalg.norm(R) for R in refs]
    return np.sqrt(np.mean(errs ** 2, axis=0))


@pytest.fixture
def one_torch_thread():
    """Small autograd ops: one thread avoids OpenMP stalls on a busy machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_empirical_ntk_converges_at_rate_m_to_minus_half(one_torch_thread):
    rng = np.random.default_rng(10)
    n, d, r_w, r_u = 50, 20, 1.3, 0.8
    X = rng.standard_normal((n, d)) * rng.uniform(0.5, 2.0, size=(n, 1))
    tau1, tau2 = K.ntk_taus(r_w, r_u)
    closed = K.ntk_two_layer(X, r_w=r_w, r_u=r_u)
    wrong = 2 * tau1 * K.K1(X) + tau2 * K.arccos_kernel(X, degree=1)     # tau1 doubled
    ms = 2 ** np.arange(8, 15)                     # 256 .. 16384
    errs = np.array([_empirical_error_rms(X, (closed, wrong), m, r_w, r_u) for m in ms])
    slope = np.polyfit(np.log(ms), np.log(errs[:, 0]), 1)[0]
    assert -0.6 <= slope <= -0.4, f"slope {slope:.3f}, errors {errs[:, 0]}"
    # against a wrong limit the error stalls at the bias: the same fit fails
    assert np.polyfit(np.log(ms), np.log(errs[:, 1]), 1)[0] > -0.2
