"""Tests of numerics.nets: the hand-written batched GD engine.

The reference computations here are written independently of the engine:
autograd through ``einsum`` for gradients, a numpy double loop for
arora2019's displayed update, and one-net-at-a-time runs for batching.
"""

import math

import numpy as np
import pytest
import torch

from numerics import nets

torch.set_num_threads(1)

F64 = torch.float64


# ---------------------------------------------------------------------------
# independent references
# ---------------------------------------------------------------------------


def reference_objective(U, w, scale, X, y, loss, lam):
    """Per-net objective written directly with einsum (autograd-friendly)."""
    if X.ndim == 2:
        Z = torch.einsum("bmd,nd->bmn", U, X)
    else:
        Z = torch.einsum("bmd,bnd->bmn", U, X)
    f = scale[:, None] * torch.einsum("bm,bmn->bn", w, torch.relu(Z))
    if y.ndim == 1:
        y = y[None, :]
    if loss == "square":
        data = 0.5 * ((y - f) ** 2).sum(-1)
    elif loss == "logistic":
        data = torch.log1p(torch.exp(-y * f)).mean(-1)
    else:
        data = torch.exp(-y * f).mean(-1)
    lam = torch.as_tensor(lam, dtype=U.dtype)
    return data + lam * ((U**2).sum((1, 2)) + (w**2).sum(1))


def autograd_gradient(batch, X, y, loss, lam):
    U = batch.U.detach().clone().requires_grad_(True)
    w = batch.w.detach().clone().requires_grad_(True)
    obj = reference_objective(U, w, batch.scale, X, y, loss, lam)
    obj.sum().backward()  # nets are independent: d(sum)/d(net b) = d(obj_b)
    return obj.detach(), U.grad, w.grad


def generic_problem(B=4, m=7, n=9, d=3, seed=0, per_net_X=False, per_net_y=False):
    g = torch.Generator().manual_seed(seed)
    shape = (B, n, d) if per_net_X else (n, d)
    X = torch.randn(shape, generator=g, dtype=F64)
    X = X / X.norm(dim=-1, keepdim=True)
    yshape = (B, n) if per_net_y else (n,)
    y = torch.sign(torch.randn(yshape, generator=g, dtype=F64))
    batch = nets.init_two_layer(B, m, d, second_layer="gaussian", seed=seed + 1)
    return batch, X, y


# ---------------------------------------------------------------------------
# hand gradient == autograd
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["square", "logistic", "exp"])
@pytest.mark.parametrize("lam", [0.0, "per-net"])
@pytest.mark.parametrize("per_net", [False, True])
def test_hand_gradient_matches_autograd(loss, lam, per_net):
    batch, X, y = generic_problem(per_net_X=per_net, per_net_y=per_net)
    batch = nets.TwoLayerBatch(batch.U, batch.w, torch.tensor([1.0, 0.5, 1 / math.sqrt(7), 2.0], dtype=F64))
    lam = torch.tensor([0.0, 0.1, 0.03, 1.0], dtype=F64) if lam == "per-net" else lam
    g = nets.gradient(batch, X, y, loss=loss, lam=lam)
    obj, gU, gw = autograd_gradient(batch, X, y, loss, lam)
    torch.testing.assert_close(g.objective, obj, rtol=1e-10, atol=1e-13)
    torch.testing.assert_close(g.dU, gU, rtol=1e-10, atol=1e-13)
    torch.testing.assert_close(g.dw, gw, rtol=1e-10, atol=1e-13)
    torch.testing.assert_close(nets.objective(batch, X, y, loss=loss, lam=lam), obj, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("train_layers", ["both", "first", "second"])
@pytest.mark.parametrize("loss,lam", [("square", 0.0), ("square", 0.2), ("logistic", 0.0), ("logistic", 0.05)])
def test_one_train_step_is_autograd_gd_step(train_layers, loss, lam):
    batch, X, y = generic_problem(seed=3)
    lr = 0.3
    h = nets.train(batch, X, y, loss=loss, lam=lam, lr=lr, steps=1, train_layers=train_layers, record=("loss",))
    obj, gU, gw = autograd_gradient(batch, X, y, loss, lam)
    U1 = batch.U - lr * gU if train_layers in ("both", "first") else batch.U
    w1 = batch.w - lr * gw if train_layers in ("both", "second") else batch.w
    torch.testing.assert_close(h.batch.U, U1, rtol=1e-10, atol=1e-13)
    torch.testing.assert_close(h.batch.w, w1, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(h.loss[0], obj.numpy(), rtol=1e-12)
    # frozen layers are bit-for-bit untouched, and the input batch is not modified
    if train_layers == "first":
        assert torch.equal(h.batch.w, batch.w)
    if train_layers == "second":
        assert torch.equal(h.batch.U, batch.U)
    assert not torch.equal(h.batch.U, batch.U) or train_layers == "second"


def test_relu_derivative_at_zero_is_one_as_in_arora_footnote_2():
    """At u_r . x_i == 0 exactly, arora2019's update counts x_i; autograd does not."""
    X = torch.tensor([[1.0, 0.0], [0.6, 0.8], [0.0, -1.0]], dtype=F64)
    y = torch.tensor([1.0, -0.5, 0.25], dtype=F64)
    U = torch.tensor([[[0.0, 1.0], [1.0, 1.0], [-0.3, 0.2]]], dtype=F64)  # u_0 . x_0 == 0
    a = torch.tensor([[1.0, -1.0, 1.0]], dtype=F64)
    m, eta = 3, 0.1
    batch = nets.TwoLayerBatch(U, a, 1 / math.sqrt(m))
    h = nets.train(batch, X, y, loss="square", lr=eta, steps=1, train_layers="first", record=())

    # arora2019, display under eq. (2), as a plain double loop in numpy
    Wn, an, Xn, yn = U[0].numpy(), a[0].numpy(), X.numpy(), y.numpy()
    f = np.array([sum(an[r] * max(Wn[r] @ x, 0.0) for r in range(m)) / np.sqrt(m) for x in Xn])
    W1 = Wn.copy()
    for r in range(m):
        step = sum((f[i] - yn[i]) * float(Wn[r] @ Xn[i] >= 0) * Xn[i] for i in range(len(Xn)))
        W1[r] = Wn[r] - eta * an[r] / np.sqrt(m) * step
    np.testing.assert_allclose(h.batch.U[0].numpy(), W1, rtol=1e-14, atol=1e-15)

    # autograd (relu'(0) = 0) differs exactly in the row whose pre-activation is 0
    _, gU, _ = autograd_gradient(batch, X, y, "square", 0.0)
    auto = U[0] - eta * gU[0]
    assert not torch.allclose(auto[0], h.batch.U[0, 0])
    torch.testing.assert_close(auto[1:], h.batch.U[0, 1:], rtol=1e-14, atol=1e-15)


# ---------------------------------------------------------------------------
# batching
# ---------------------------------------------------------------------------


def test_sequence_seeds_make_net_b_independent_of_the_batch():
    big = nets.init_two_layer(3, 5, 4, seed=[7, 8, 9], kappa=0.3)
    for b, s in enumerate([7, 8, 9]):
        one = nets.init_two_layer(1, 5, 4, seed=[s], kappa=0.3)
        assert torch.equal(big.U[b], one.U[0]) and torch.equal(big.w[b], one.w[0])
    assert set(np.unique(big.w.numpy())) <= {-1.0, 1.0}
    assert abs(big.U.std().item() - 0.3) < 0.1


def test_batched_training_equals_per_net_loop():
    seeds = [11, 12, 13, 14]
    lam = [0.0, 1e-3, 1e-2, 0.1]
    lr = [0.5, 0.4, 0.3, 0.2]
    g = torch.Generator().manual_seed(5)
    X = torch.randn(15, 4, generator=g, dtype=F64)
    Y = torch.sign(torch.randn(4, 15, generator=g, dtype=F64))  # one label set per net
    batch = nets.init_two_layer(4, 6, 4, seed=seeds, second_layer="gaussian", kappa=0.5)
    kw = dict(loss="logistic", steps=150, record_every=10, record=("loss", "outputs", "grad_norm"))
    h = nets.train(batch, X, Y, lam=lam, lr=lr, **kw)
    assert h.outputs.shape == (len(h.steps), 4, 15)
    for b in range(4):
        one = nets.init_two_layer(1, 6, 4, seed=[seeds[b]], second_layer="gaussian", kappa=0.5)
        hb = nets.train(one, X, Y[b], lam=lam[b], lr=lr[b], **kw)
        np.testing.assert_allclose(h.loss[:, b], hb.loss[:, 0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(h.outputs[:, b], hb.outputs[:, 0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(h.grad_norm[:, b], hb.grad_norm[:, 0], rtol=1e-9, atol=1e-12)
        torch.testing.assert_close(h.batch.U[b], hb.batch.U[0], rtol=1e-10, atol=1e-12)
        torch.testing.assert_close(h.batch.w[b], hb.batch.w[0], rtol=1e-10, atol=1e-12)
    # and the nets did move: a wrong per-net lam/lr/label would show
    assert np.all(h.loss[-1] < 0.9 * h.loss[0])


def test_zero_padded_widths_train_like_the_unpadded_nets():
    g = torch.Generator().manual_seed(2)
    X = torch.randn(12, 3, generator=g, dtype=F64)
    y = torch.randn(12, generator=g, dtype=F64)
    narrow = nets.init_two_layer(2, 5, 3, seed=[1, 2], scale="1/sqrt(m)", kappa=0.5)
    wide = nets.init_two_layer(2, 9, 3, seed=[3, 4], scale="1/sqrt(m)", kappa=0.5)
    both = nets.concat([narrow, wide])
    assert both.m == 9 and torch.allclose(both.scale[:2], torch.tensor(1 / math.sqrt(5), dtype=F64))
    kw = dict(loss="square", lam=0.01, lr=0.05, steps=60, record=("loss",))
    h = nets.train(both, X, y, **kw)
    hn = nets.train(narrow, X, y, **kw)
    hw = nets.train(wide, X, y, **kw)
    np.testing.assert_allclose(h.loss, np.concatenate([hn.loss, hw.loss], 1), rtol=1e-10)
    torch.testing.assert_close(h.batch.U[:2, :5], hn.batch.U, rtol=1e-10, atol=1e-12)
    assert torch.all(h.batch.U[:2, 5:] == 0) and torch.all(h.batch.w[:2, 5:] == 0)


def test_shared_and_per_net_inputs_agree():
    batch, X, y = generic_problem(B=3, seed=8)
    Xb = X.expand(3, *X.shape).clone()
    torch.testing.assert_close(batch.forward(X), batch.forward(Xb), rtol=1e-13, atol=1e-15)
    h1 = nets.train(batch, X, y, loss="exp", lam=0.01, lr=0.1, steps=20, record=("loss",))
    h2 = nets.train(batch, Xb, y, loss="exp", lam=0.01, lr=0.1, steps=20, record=("loss",))
    np.testing.assert_allclose(h1.loss, h2.loss, rtol=1e-12)


def test_history_rows_and_float32():
    batch, X, y = generic_problem(seed=4)
    h = nets.train(batch, X, y, loss="square", lr=0.01, steps=10, record_every=4, record=("loss", "margin"))
    np.testing.assert_array_equal(h.steps, [0, 4, 8, 10])
    assert h.loss.shape == (4, 4) and h.outputs is None and h.margin.shape == (4, 4)
    np.testing.assert_allclose(h.margin[-1], nets.normalized_margin(h.batch, X, y), rtol=1e-12)
    h32 = nets.train(batch.to(dtype=torch.float32), X, y, loss="square", lr=0.01, steps=10, record_every=4)
    assert h32.batch.dtype == torch.float32
    np.testing.assert_allclose(h32.loss, h.loss, rtol=1e-4)


# ---------------------------------------------------------------------------
# convergence
# ---------------------------------------------------------------------------


def test_square_loss_tiny_lr_decreases_monotonically():
    """arora2019 setting: kappa small, a in {+-1} fixed, 1/sqrt(m), first layer only."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(20, 5, generator=g, dtype=F64)
    X = X / X.norm(dim=1, keepdim=True)
    y = torch.sign(torch.randn(20, generator=g, dtype=F64))
    batch = nets.init_two_layer(3, 200, 5, kappa=0.1, second_layer="sign", scale="1/sqrt(m)", seed=[0, 1, 2])
    h = nets.train(batch, X, y, loss="square", lr=1e-2, steps=300, train_layers="first")
    assert np.all(np.diff(h.loss, axis=0) < 0)
    assert np.all(h.loss[-1] < 0.5 * h.loss[0])
    assert torch.equal(h.batch.w, batch.w)  # a stays fixed


def test_logistic_weight_decay_second_layer_reaches_stationary_point():
    """With U frozen the objective is strongly convex in w: GD must reach grad = 0."""
    g = torch.Generator().manual_seed(3)
    X = torch.randn(20, 5, generator=g, dtype=F64)
    y = torch.sign(torch.randn(20, generator=g, dtype=F64))
    batch = nets.init_two_layer(3, 10, 5, second_layer="gaussian", seed=[1, 2, 3], kappa=0.5, w_scale=0.5)
    h = nets.train(batch, X, y, loss="logistic", lam=0.01, lr=1.0, steps=2000, record_every=500,
                   train_layers="second", record=("loss", "grad_norm"))
    assert np.all(h.grad_norm[-1] < 1e-10)
    _, _, gw = autograd_gradient(h.batch, X, y, "logistic", 0.01)  # independent check
    assert gw.norm(dim=1).max().item() < 1e-10


def test_logistic_weight_decay_both_layers_approaches_stationarity():
    """Both layers: the loss settles, the gradient shrinks, units become balanced.

    A stationary point of data + lam ||Theta||^2 has ||u_j||^2 = w_j^2 (the data
    term is invariant under u_j -> c u_j, w_j -> w_j / c).  The gradient norm
    itself only drops ~30x: at the optimum unit hyperplanes pass through data
    points (ReLU kinks) and fixed-step GD hovers there.
    """
    g = torch.Generator().manual_seed(3)
    X = torch.randn(20, 5, generator=g, dtype=F64)
    y = torch.sign(torch.randn(20, generator=g, dtype=F64))
    batch = nets.init_two_layer(3, 10, 5, second_layer="gaussian", seed=[1, 2, 3], kappa=0.5, w_scale=0.5)
    h = nets.train(batch, X, y, loss="logistic", lam=0.05, lr=0.2, steps=6000, record_every=1000,
                   record=("loss", "grad_norm"))
    assert np.all(h.grad_norm[-1] < 0.1 * h.grad_norm[0])
    assert np.all(np.abs(h.loss[-1] - h.loss[-2]) < 1e-3 * h.loss[-1])
    un2 = (h.batch.U**2).sum(2)
    w2 = h.batch.w**2
    assert ((un2 - w2).abs() / (un2 + w2 + 1e-300)).max().item() < 1e-2
    init_gap = ((batch.U**2).sum(2) - batch.w**2).abs() / ((batch.U**2).sum(2) + batch.w**2)
    assert init_gap.max().item() > 0.5


# ---------------------------------------------------------------------------
# margins and norms
# ---------------------------------------------------------------------------


def separable_net(seed=6):
    batch, X, _ = generic_problem(B=3, m=20, n=25, d=4, seed=seed)
    f = batch.forward(X)
    assert torch.all(f != 0)
    y = torch.sign(f)  # labels the nets classify with positive margin
    return batch, X, y


def test_normalized_margin_invariant_under_global_rescaling():
    batch, X, y = separable_net()
    gamma = nets.normalized_margin(batch, X, y)
    assert np.all(gamma > 0)
    fro = nets.frobenius_sq(batch)
    yf = (y * batch.forward(X)).min(1).values.numpy()
    np.testing.assert_allclose(gamma, yf / fro, rtol=1e-13)
    for c in (0.1, 3.7):
        scaled = nets.TwoLayerBatch(c * batch.U, c * batch.w, batch.scale)
        np.testing.assert_allclose(nets.normalized_margin(scaled, X, y), gamma, rtol=1e-12)
        np.testing.assert_allclose(nets.l1_path_norm(scaled), c**2 * nets.l1_path_norm(batch), rtol=1e-12)


def test_rebalancing_keeps_path_norm_but_not_normalized_margin():
    batch, X, y = separable_net()
    g = torch.Generator().manual_seed(1)
    c = torch.exp(torch.randn(batch.B, batch.m, generator=g, dtype=F64))
    moved = nets.TwoLayerBatch(batch.U * c[:, :, None], batch.w / c, batch.scale)
    balanced = nets.rebalance(batch)
    for other in (moved, balanced):
        torch.testing.assert_close(other.forward(X), batch.forward(X), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(nets.l1_path_norm(other), nets.l1_path_norm(batch), rtol=1e-12)
    g_b, g_m, g_0 = (nets.normalized_margin(b, X, y) for b in (balanced, moved, batch))
    assert np.all(np.abs(g_m - g_0) > 1e-3 * g_0)  # not invariant under rebalancing
    assert np.all(g_b >= g_m) and np.all(g_b >= g_0)  # balanced is the best rescaling
    # balanced: ||Theta||_F^2 = 2 sum |w_j| ||u_j|| = 2 * path norm / scale
    np.testing.assert_allclose(nets.frobenius_sq(balanced),
                               2 * nets.l1_path_norm(batch) / batch.scale.numpy(), rtol=1e-12)
    un = balanced.U.norm(dim=2)
    torch.testing.assert_close(un, balanced.w.abs(), rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------
# devices and arguments
# ---------------------------------------------------------------------------


def test_device_resolution():
    assert nets.resolve_device("cpu").type == "cpu"
    assert nets.resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError):
            nets.resolve_device("cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_matches_cpu():
    batch, X, y = generic_problem(seed=9)
    kw = dict(loss="logistic", lam=0.01, lr=0.3, steps=50, record=("loss", "outputs"))
    hc = nets.train(batch, X, y, **kw)
    hg = nets.train(batch, X, y, device="cuda", **kw)
    assert hg.batch.device.type == "cuda"
    np.testing.assert_allclose(hg.loss, hc.loss, rtol=1e-10)
    np.testing.assert_allclose(hg.outputs, hc.outputs, rtol=1e-9, atol=1e-12)


def test_bad_arguments_are_rejected():
    batch, X, y = generic_problem()
    with pytest.raises(ValueError):
        nets.train(batch, X, y, loss="hinge")
    with pytest.raises(ValueError):
        nets.train(batch, X, y, train_layers="third")
    with pytest.raises(ValueError):
        nets.train(batch, X, y, lam=[0.1, 0.2])
    with pytest.raises(ValueError):
        nets.train(batch, X[:, :2], y)
    with pytest.raises(ValueError):
        nets.init_two_layer(2, 3, 4, second_layer="uniform")


def test_set_small_torch_threads_returns_previous():
    prev = nets.set_small_torch_threads(1)
    assert torch.get_num_threads() == 1
    torch.set_num_threads(prev)
    torch.set_num_threads(1)
