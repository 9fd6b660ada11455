"""Tests of numerics.data."""
import numpy as np
import pytest

from numerics import data


def test_wei2019_D_law():
    n, d = 40_000, 7
    X, y = data.wei2019_D(n, d, seed=0)
    assert X.shape == (n, d) and y.shape == (n,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.abs(X[:, 2:]) == 1.0)
    # the four (y, x1, x2) patterns, each with probability 1/4 (5 binomial sd)
    rows = np.column_stack([y, X[:, 0], X[:, 1]])
    tol = 5 * np.sqrt(n * 0.25 * 0.75)
    total = 0
    for p in data.WEI2019_PATTERNS:
        k = np.all(rows == p, axis=1).sum()
        assert abs(k - n / 4) <= tol
        total += k
    assert total == n                               # nothing else occurs
    # noise bits fair and independent of the label
    for s in (+1, -1):
        frac = (X[y == s, 2:] > 0).mean(axis=0)
        assert np.all(np.abs(frac - 0.5) <= 5 * np.sqrt(0.25 / (y == s).sum()))
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), np.sqrt(d - 1))
    X2, y2 = data.wei2019_D(n, d, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_wei2019_D_rejects_bad_sizes():
    for n, d in ((0, 5), (5, 2), (3.5, 5)):
        with pytest.raises(ValueError):
            data.wei2019_D(n, d, seed=0)


def test_wei2019_D_support():
    for d in (3, 4, 8):
        X, y = data.wei2019_D_support(d)
        assert X.shape == (4 * 2 ** (d - 2), d) and y.shape == (X.shape[0],)
        assert len({tuple(r) for r in X}) == X.shape[0]          # all distinct
        assert (y == 1).sum() == (y == -1).sum()
        # every sample of D lies in the support with the right label
        Xs, ys = data.wei2019_D(500, d, seed=1)
        lookup = {tuple(r): l for r, l in zip(X, y)}
        assert all(lookup[tuple(r)] == l for r, l in zip(Xs, ys))
    with pytest.raises(ValueError):
        data.wei2019_D_support(21)


def test_hypercube_and_sphere():
    H = data.hypercube(1000, 6, seed=2)
    assert H.shape == (1000, 6) and set(np.unique(H)) == {-1.0, 1.0}
    S = data.sphere(2000, 5, seed=3)
    np.testing.assert_allclose(np.linalg.norm(S, axis=1), 1.0, rtol=1e-14)
    # uniform on the sphere: mean 0, second moment I/d (5 sd)
    assert np.abs(S.mean(axis=0)).max() < 5 / np.sqrt(5 * 2000)
    np.testing.assert_allclose(S.T @ S / 2000, np.eye(5) / 5, atol=0.03)


def test_teacher_two_layer():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    U = np.array([[1.0, 0.0], [0.0, 1.0]])
    w = np.array([2.0, -3.0])
    np.testing.assert_allclose(data.teacher_two_layer(X, U, w), [2.0, -3.0, 0.0])
    np.testing.assert_array_equal(data.teacher_two_layer(X, U, w, labels=True), [1.0, -1.0, 1.0])
    with pytest.raises(ValueError):
        data.teacher_two_layer(X, U, w[:1])


def test_digits_two_class(tmp_path):
    X, y = data.digits_two_class((0, 1))
    assert X.shape[1] == 64 and X.shape[0] == y.shape[0]
    assert 300 < X.shape[0] < 400                    # about 180 of each digit
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, rtol=1e-14)
    assert set(np.unique(y)) == {-1.0, 1.0}
    with pytest.raises(ValueError, match="not found"):
        data.digits_two_class((0, 42))
    with pytest.raises(ValueError):
        data.digits_two_class((3, 3))
    # from an .npz file (e.g. MNIST saved by a user), images flattened
    rng = np.random.default_rng(4)
    path = tmp_path / "toy.npz"
    np.savez(path, X=rng.uniform(0, 1, size=(30, 4, 4)), y=np.repeat([3, 5, 7], 10))
    Xf, yf = data.digits_two_class((7, 3), path=path)
    assert Xf.shape == (20, 16)
    assert (yf == 1).sum() == 10 and (yf == -1).sum() == 10
    np.testing.assert_allclose(np.linalg.norm(Xf, axis=1), 1.0, rtol=1e-14)
    bad = tmp_path / "bad.npz"
    np.savez(bad, X=np.ones((3, 2)))
    with pytest.raises(ValueError, match="missing"):
        data.digits_two_class(path=bad)


def test_corrupt_labels():
    y = np.where(np.arange(101) % 3 == 0, 1.0, -1.0)
    for frac in (0.0, 0.1, 0.25, 1.0):
        z = data.corrupt_labels(y, frac, seed=5)
        assert (z != y).sum() == round(frac * 101)
        assert np.all(np.abs(z) == 1.0)
    assert not np.array_equal(data.corrupt_labels(y, 0.3, seed=1), data.corrupt_labels(y, 0.3, seed=2))
    with pytest.raises(ValueError):
        data.corrupt_labels(y, 1.5, seed=0)
    with pytest.raises(ValueError):
        data.corrupt_labels(np.array([0.0, 1.0]), 0.5, seed=0)


def test_hypercube_vertices_enumerates_the_cube():
    from numerics.data import hypercube_vertices
    V = hypercube_vertices(5)
    assert V.shape == (32, 5) and V.dtype == np.int64
    assert len({tuple(r) for r in V}) == 32                    # every vertex once
    assert set(np.unique(V)) == {-1, 1}
    assert np.array_equal(V.T @ V, 32 * np.eye(5, dtype=np.int64))   # coordinates orthogonal
    assert np.array_equal(V[0], np.ones(5)) and np.array_equal(V[1], [-1, 1, 1, 1, 1])
    assert hypercube_vertices(0).shape == (1, 0)
    with pytest.raises(ValueError):
        hypercube_vertices(30)
    with pytest.raises(ValueError):
        hypercube_vertices(-1)
