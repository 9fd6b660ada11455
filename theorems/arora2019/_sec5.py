"""Shared experiment code for arora2019, Section 5 (private: not a claim module).

Stand-in data. MNIST/CIFAR cannot be downloaded here; we use scikit-learn's bundled 8x8 digits,
two classes (0 vs 1 by default; 360 images), each row scaled to unit norm (not centred), labels
+-1 (``numerics.data.digits_two_class``). A train/test split is drawn without replacement.

Random labels. "A fraction p of random labels" means that a fraction p of the examples get a
fresh uniform +-1 label, so that in expectation p/2 of all labels are flipped; we flip exactly
round(p n/2) labels with ``numerics.data.corrupt_labels(y, p/2)``, on the training and on the
test split alike (the test error is measured on the corrupted population D_p, whose labels the
theorem's population loss refers to).

Predictors.
* ``kernel_limit``: the m -> infinity, kappa -> 0, k -> infinity limit of GD on the first layer:
  f(x) = H_inf(x, X) H_inf^-1 y (the linearised network from zero output; quick-tier stand-in
  for a trained net).
* ``train_nets``: the paper's network (eq. 1: w_r ~ N(0, kappa^2 I), a_r = +-1 fixed, output
  scaled by 1/sqrt(m)) trained by full-batch GD on Phi(W) = 1/2 sum (y_i - u_i)^2 with the
  batched engine, one net per (level, seed).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from numerics.data import corrupt_labels, digits_two_class
from numerics.kernels import h_inf
from numerics.nets import init_two_layer, train

LEVELS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@lru_cache(maxsize=8)
def _digits(classes):
    return digits_two_class(classes)


def split(seed: int, n_train: int, classes=(0, 1)):
    X, y = _digits(tuple(classes))
    perm = np.random.default_rng(seed).permutation(len(y))
    tr, te = perm[:n_train], perm[n_train:]
    return X[tr], y[tr], X[te], y[te]


def random_labels(y, p: float, seed: int):
    """A fraction p of random labels: exactly round(p n / 2) flips."""
    return corrupt_labels(y, p / 2, seed=seed)


def complexity(X, y) -> float:
    """The measure (10): sqrt(2 y^T H_inf^-1 y / n)."""
    L = np.linalg.cholesky(h_inf(X))
    z = np.linalg.solve(L, y)
    return float(np.sqrt(2 * (z @ z) / len(y)))


def lambda_min(X) -> float:
    return float(np.linalg.eigvalsh(h_inf(X))[0])


def kernel_limit(Xtr, ytr, Xte):
    return h_inf(Xte, Xtr) @ np.linalg.solve(h_inf(Xtr), ytr)


def losses(f, y):
    """Test losses of outputs f against +-1 labels y."""
    l1 = np.abs(f - y)
    return {"l1": float(l1.mean()), "l1 clipped": float(np.minimum(1.0, l1).mean()),
            "ramp": float(np.clip(1 - f * y, 0, 1).mean()),
            "0-1": float((np.sign(f) != y).mean())}


def sweep_kernel(seed: int, n_train: int, seeds: int, levels=LEVELS, classes=(0, 1)):
    """Rows (level, seed, measure, lambda_0, test losses) for the kernel-limit predictor."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(seeds):
        Xtr, ytr, Xte, yte = split(int(rng.integers(2**31)), n_train, classes)
        lam0 = lambda_min(Xtr)
        for p in levels:
            c = int(rng.integers(2**31))
            ytr_p, yte_p = random_labels(ytr, p, c), random_labels(yte, p, c + 1)
            f = kernel_limit(Xtr, ytr_p, Xte)
            rows.append({"level": p, "seed": s, "n": n_train, "n_test": len(yte),
                         "measure": complexity(Xtr, ytr_p), "lambda_0": lam0, **losses(f, yte_p)})
    return rows


def train_nets(seed: int, n_train: int, seeds: int, levels=LEVELS, m: int = 512, kappa: float = 0.01,
               lr_factor: float = 1.5, efolds: float = 5.0, max_steps: int = 6000, device="cpu",
               classes=(0, 1)):
    """Train one net per (level, seed) to (near) zero training loss; rows as in sweep_kernel.

    Step size lr_factor/lambda_max(H_inf) per split, steps = min(max_steps,
    efolds/(eta lambda_0)) for the worst split (the slowest eigen-direction decays by e^-efolds).
    """
    rng = np.random.default_rng(seed)
    Xs, Ys, Xte_l, Yte_l, meta = [], [], [], [], []
    etas, steps_needed = [], []
    for s in range(seeds):
        Xtr, ytr, Xte, yte = split(int(rng.integers(2**31)), n_train, classes)
        lam = np.linalg.eigvalsh(h_inf(Xtr))
        eta = lr_factor / lam[-1]
        steps_needed.append(efolds / (eta * lam[0]))
        for p in levels:
            c = int(rng.integers(2**31))
            ytr_p, yte_p = random_labels(ytr, p, c), random_labels(yte, p, c + 1)
            Xs.append(Xtr), Ys.append(ytr_p), Xte_l.append(Xte), Yte_l.append(yte_p)
            etas.append(eta)
            meta.append({"level": p, "seed": s, "n": n_train, "n_test": len(yte),
                         "measure": complexity(Xtr, ytr_p), "lambda_0": float(lam[0]),
                         "kernel limit": losses(kernel_limit(Xtr, ytr_p, Xte), yte_p)})
    B = len(meta)
    steps = int(min(max_steps, np.ceil(max(steps_needed))))
    dtype = torch.float32
    batch = init_two_layer(B, m, Xs[0].shape[1], kappa=kappa, second_layer="sign",
                           scale="1/sqrt(m)", seed=[int(v) for v in rng.integers(2**31, size=B)],
                           dtype=dtype, device=device)
    X = torch.as_tensor(np.stack(Xs), dtype=dtype, device=batch.device)
    Y = torch.as_tensor(np.stack(Ys), dtype=dtype, device=batch.device)
    hist = train(batch, X, Y, loss="square", lr=torch.as_tensor(etas, dtype=dtype), steps=steps,
                 train_layers="first", record_every=steps, record=("data_loss",), device=device)
    Xte = torch.as_tensor(np.stack(Xte_l), dtype=dtype, device=hist.batch.device)
    with torch.no_grad():
        f_te = hist.batch.forward(Xte).double().cpu().numpy()
        f_tr = hist.batch.forward(X).double().cpu().numpy()
    rows = []
    for b, info in enumerate(meta):
        row = dict(info)
        kl = row.pop("kernel limit")
        row.update(losses(f_te[b], Yte_l[b]))
        row["train loss Phi"] = float(0.5 * ((f_tr[b] - Ys[b]) ** 2).sum())
        row["train 0-1"] = float((np.sign(f_tr[b]) != Ys[b]).mean())
        row["kernel-limit 0-1"] = kl["0-1"]
        row["kernel-limit l1"] = kl["l1"]
        rows.append(row)
    setting = {"m": m, "kappa": kappa, "steps": steps, "eta": "%.3g/lambda_max(H_inf)" % lr_factor,
               "dtype": "float32", "seconds": hist.seconds}
    return rows, setting


def spearman_ci(rows, xkey, ykey, seed: int = 0, n_boot: int = 2000, level: float = 0.95):
    """Spearman correlation of rows[xkey] vs rows[ykey] with a cluster bootstrap over seeds.

    Seeds (data split, label draw, initialisation) are resampled with replacement and the
    correlation recomputed on the pooled rows; returns (rho, lo, hi)."""
    from scipy.stats import rankdata
    x = np.array([r[xkey] for r in rows], float)
    y = np.array([r[ykey] for r in rows], float)
    s = np.array([r["seed"] for r in rows])
    groups = [np.flatnonzero(s == i) for i in np.unique(s)]
    sizes = {len(g) for g in groups}
    if len(sizes) != 1:
        raise ValueError("clusters of unequal size")

    def rho_rows(X, Y):                   # row-wise Spearman of 2-D arrays
        rx, ry = rankdata(X, axis=1), rankdata(Y, axis=1)
        rx -= rx.mean(1, keepdims=True)
        ry -= ry.mean(1, keepdims=True)
        den = np.sqrt((rx * rx).sum(1) * (ry * ry).sum(1))
        with np.errstate(invalid="ignore", divide="ignore"):
            return (rx * ry).sum(1) / den

    rho = float(rho_rows(x[None], y[None])[0])
    rng = np.random.default_rng(seed)
    G = np.stack(groups)                                        # (seeds, rows per seed)
    pick = rng.integers(0, len(groups), size=(n_boot, len(groups)))
    idx = G[pick].reshape(n_boot, -1)
    boots = rho_rows(x[idx], y[idx])
    boots = boots[np.isfinite(boots)]
    a = (1 - level) / 2
    lo, hi = np.quantile(boots, [a, 1 - a])
    return rho, float(lo), float(hi)


def level_means(rows, key):
    """Mean and 95% t-interval of rows[key] per level (over seeds)."""
    from numerics.stats import mean_ci
    out = {}
    for p in sorted({r["level"] for r in rows}):
        v = [r[key] for r in rows if r["level"] == p]
        out[p] = mean_ci(v) if len(v) > 1 else (v[0], v[0], v[0])
    return out
