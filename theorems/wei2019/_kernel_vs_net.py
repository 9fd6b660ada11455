"""Kernel predictors and regularized nets on wei2019's distribution D (private helper).

Shared by the checks of Theorem 2.1 and Theorem B.1 (not a claim module).

* ``kernel_test_errors``: for one training sample, the test errors of the two
  canonical kernel predictors f(x) = sum_i beta_i K(x_i, x) in the RKHS of the
  NTK K = tau1 K1 + tau2 (K1 + K2) of equation (B.1), for several
  initialisation scales (r_w, r_u): the minimum-norm interpolant
  (beta = K^-1 y) and the hard-margin SVM without bias, both from
  numerics.svm (Cholesky and the KKT-certified active-set dual beyond a few
  hundred points, where the generic conic route takes minutes). K1 and K2 are
  computed once (numerics.kernels) and combined for each (r_w, r_u).
* ``train_nets_on_D``: GD on the regularized logistic loss (2.2) for a whole
  grid of sample sizes at once (numerics.nets, one batched call): each net has
  its own sample, zero-padded to the largest size. A zero input row has
  f(0) = 0 and zero gradient, so it only adds the constant log 2 to the mean
  loss and rescales the data term by n/n_max; we compensate with per-net
  lam_b = lam n_b/n_max and lr_b = lr n_max/n_b, which makes every net's GD
  trajectory exactly that of the unpadded objective (1/n_b) sum log(1+e^-yf) +
  lam ||Theta||_F^2.
* ``threshold``: the sample size at which a test-error curve first falls to a
  level, interpolated linearly in log n between grid points.
"""
from __future__ import annotations

import math

import numpy as np

from numerics.data import wei2019_D
from numerics.kernels import K1, K2, ntk_taus
from numerics.svm import kernel_min_norm_interpolant, kernel_svm_hard_margin


def kernel_test_errors(X, y, Xt, yt, scales, *, svm=True):
    """Test 0-1 errors of the interpolant and the hard-margin SVM for each (r_w, r_u).

    Returns {(r_w, r_u): {"interpolant": err, "svm": err, ...}}. A test point with
    y f(x) <= 0 counts as an error (the paper's Pr[f(x) y <= 0]).
    """
    A1, A2 = K1(X), K2(X)
    B1, B2 = K1(Xt, X), K2(Xt, X)
    out = {}
    for r_w, r_u in scales:
        t1, t2 = ntk_taus(r_w, r_u)
        K = (t1 + t2) * A1 + t2 * A2
        Kt = (t1 + t2) * B1 + t2 * B2
        method = "cholesky" if len(y) > 400 else "svd"
        beta = kernel_min_norm_interpolant(K, y, method=method, on_singular="pinv").beta
        row = {"interpolant": float(np.mean(yt * (Kt @ beta) <= 0))}
        if svm:
            res = kernel_svm_hard_margin(K, y, method="active-set")
            row["svm method"] = res.method + ": " + res.status
            row["svm kkt"] = res.kkt_violation
            row["svm"] = float(np.mean(yt * (Kt @ res.beta) <= 0))
        out[(r_w, r_u)] = row
    return out


def threshold(ns, errs, level):
    """First n where the error curve reaches ``level`` (log-linear interpolation); inf if never."""
    ns = np.asarray(ns, float)
    errs = np.asarray(errs, float)
    for k in range(len(ns)):
        if errs[k] <= level:
            if k == 0:
                return float(ns[0])
            e0, e1 = errs[k - 1], errs[k]
            t = (e0 - level) / (e0 - e1) if e0 > e1 else 1.0
            return float(math.exp(math.log(ns[k - 1]) + t * (math.log(ns[k]) - math.log(ns[k - 1]))))
    return float("inf")


def train_nets_on_D(d, ns, seeds, rng, *, width=32, lam=1e-3, lr=1.0, steps=3000, kappa=0.1,
                    n_test=2000, dtype=None, device="cpu"):
    """Train one net per (n, seed) on its own sample of D; returns (n per net, test error per net).

    Small Gaussian initialisation (u ~ N(0, kappa^2/d I), w ~ N(0, kappa^2)), full-batch GD
    on (1/n) sum log(1 + exp(-y f)) + lam ||Theta||_F^2 (equation (2.2)), both layers.
    """
    import torch

    from numerics.nets import init_two_layer, train
    dtype = dtype or torch.float32
    ns = [int(v) for v in ns]
    n_max = max(ns)
    Xs, ys, lams, lrs, which = [], [], [], [], []
    for n in ns:
        for _ in range(seeds):
            X, y = wei2019_D(n, d, seed=int(rng.integers(2**31)))
            Xp = np.zeros((n_max, d))
            Xp[:n] = X
            yp = np.ones(n_max)
            yp[:n] = y
            Xs.append(Xp)
            ys.append(yp)
            lams.append(lam * n / n_max)
            lrs.append(lr * n_max / n)
            which.append(n)
    B = len(Xs)
    nets = init_two_layer(B, width, d, kappa=kappa / math.sqrt(d), second_layer="gaussian",
                          w_scale=kappa, seed=[int(s) for s in rng.integers(2**31, size=B)],
                          dtype=dtype, device=device)
    hist = train(nets, torch.as_tensor(np.stack(Xs), dtype=dtype),
                 torch.as_tensor(np.stack(ys), dtype=dtype), loss="logistic",
                 lam=np.array(lams), lr=np.array(lrs), steps=steps, record_every=steps,
                 record=("data_loss",))
    Xt, yt = wei2019_D(n_test, d, seed=int(rng.integers(2**31)))
    with torch.no_grad():
        f = hist.batch.forward(torch.as_tensor(Xt, dtype=dtype, device=hist.batch.device))
    err = (f.double().cpu().numpy() * yt[None, :] <= 0).mean(1)
    return np.array(which), err, hist
