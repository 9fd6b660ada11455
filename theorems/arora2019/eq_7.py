"""arora2019, equation (7): the linear dynamics that the predictions of GD follow.

Statement (our words). Define u~(0) = 0 and u~(k+1) = u~(k) - eta H_inf (u~(k) - y).
For small initialisation kappa and large width m, the predictions u(k) of GD
on the network stay close to u~(k) at every step (the content of Theorem 4.1,
whose proof treats u(k) as a perturbation of this recursion).

Checks
------
``nets_track_linear_dynamics`` (empirical): n = 12 unit inputs in d = 4 (a
spread-out spectrum of H_inf), random +-1 labels, eta = 1/lambda_max(H_inf),
enough steps to bring the smallest-eigenvalue component down by e^-4 (at
most 150 steps, 600 in the full tier); for widths m = 256 .. 16384 (to
65536 in the full tier), 3 initialisations each (5 in full), trained by
the batched engine, one call per width. The
recursion (7) is iterated as printed (no eigen-decomposition). We measure
sup_k ||u(k) - u~(k)||_2 and fit its log-log slope in m along Theorem 4.1's
coupling kappa ~ m^(-1/4) (both the initial outputs, of size kappa, and the
kernel drift, of size 1/(kappa sqrt(m)), then scale like m^(-1/4)). The
bootstrap interval must lie below -0.1 (a wrong recursion leaves a plateau,
slope near 0).

The helpers ``train_widths`` (one engine call per width: no zero padding)
and ``linear_recursion`` are shared with the other trajectory checks of
this paper.
"""
from __future__ import annotations

import numpy as np
import torch

from numerics.data import sphere
from numerics.kernels import h_inf
from numerics.nets import init_two_layer, train
from numerics.stats import loglog_slope
from theorems.arora2019._common import width_trend_evidence
from verify import Claim

CLAIM = Claim(
    id="arora2019.eq_7", paper="arora2019", label="Equation (7)", section="4", kind="equation",
    statement=("The auxiliary sequence u~(0) = 0, u~(k+1) = u~(k) - eta H_inf (u~(k) - y) is "
               "linear; for small kappa and large m the GD predictions u(k) stay close to it."),
    depends_on=["arora2019.eq_3"],
)


def linear_recursion(H, y, eta, steps, h_factor=1.0, u0=None):
    """u~(k) for k = 0..steps by iterating (7) as printed; returns (steps + 1, n)."""
    u = np.zeros_like(y) if u0 is None else np.array(u0, float)
    out = [u.copy()]
    for _ in range(steps):
        u = u - eta * h_factor * H @ (u - y)
        out.append(u.copy())
    return np.array(out)


def train_widths(X, y, widths, kappas, seeds, eta, steps, rng, record_every=1, device="cpu",
                 record=("outputs",)):
    """GD (the paper's update) on `seeds` nets per width, one engine call per width.

    ``y`` is (n,) shared or (seeds, n) per net. Returns (recorded steps, dict of arrays
    with a width axis: outputs (T, W, S, n), loss (T, W, S)).
    """
    X = np.asarray(X, float)
    out = {k: [] for k in record}
    steps_rec = None
    for m, kappa in zip(widths, kappas):
        batch = init_two_layer(seeds, m, X.shape[1], kappa=kappa, second_layer="sign",
                               scale="1/sqrt(m)",
                               seed=[int(s) for s in rng.integers(2**31, size=seeds)])
        hist = train(batch, torch.as_tensor(X), torch.as_tensor(np.asarray(y, float)),
                     loss="square", lr=eta, steps=steps, train_layers="first",
                     record_every=record_every, record=record, device=device)
        steps_rec = hist.steps
        for k in record:
            out[k].append(getattr(hist, k))
    return steps_rec, {k: np.stack(v, 1) for k, v in out.items()}


def spread_data(ctx, n=12, d=4):
    """Unit inputs with a spread-out H_inf spectrum and random +-1 labels."""
    X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
    y = ctx.rng.choice([-1.0, 1.0], size=n)
    return X, y


def trajectory_figure(ctx, steps_rec, u_lin, u, widths, seeds, dev, fit, H):
    """One coordinate's trajectory against (7), and the deviation against m."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(9, 3.4))
    i0 = int(np.argmax(np.abs(np.linalg.eigh(H)[1][:, 0])))
    ax[0].plot(steps_rec, u_lin[:, i0], "k--", lw=2, label="u~(k), recursion (7)")
    for j, m in enumerate(widths):
        ax[0].plot(steps_rec, u[:, j, 0, i0], lw=1, label=f"u(k), m = {m}")
    ax[0].set_xlabel("GD step k"), ax[0].set_ylabel(f"prediction on x_{i0}"), ax[0].legend(fontsize=7)
    ax[1].loglog(np.repeat(widths, seeds), dev.ravel(), "o")
    ax[1].set_xlabel("width m"), ax[1].set_ylabel("sup_k ||u(k) - u~(k)||")
    ax[1].set_title(f"slope {fit.slope:.2f} [{fit.lo:.2f}, {fit.hi:.2f}] (predicted -1/4)", fontsize=9)
    fig.tight_layout()
    fig.savefig(ctx.figure("linear_dynamics.png"), dpi=90)
    plt.close(fig)


@CLAIM.check(method="empirical", tier="quick", established="reproduced")
def nets_track_linear_dynamics(ctx, h_factor=1.0):
    """sup_k ||u(k) - u~(k)|| shrinks as m grows along kappa ~ m^(-1/4)."""
    X, y = spread_data(ctx)
    widths = ctx.pick([256, 1024, 4096, 16384], [256, 1024, 4096, 16384, 65536])
    seeds = ctx.pick(3, 5)
    kappas = [0.3 * (m / 256) ** -0.25 for m in widths]
    H = h_inf(X)
    lam = np.linalg.eigvalsh(H)
    eta = 1.0 / lam[-1]
    steps = int(min(np.ceil(4.0 / (eta * lam[0])), ctx.pick(150, 600)))
    steps_rec, rec = train_widths(X, y, widths, kappas, seeds, eta, steps, ctx.rng,
                                  device=ctx.device)
    u = rec["outputs"]                                          # (T, W, S, n)
    u_lin = linear_recursion(H, y, eta, steps, h_factor)[steps_rec]
    dev = np.linalg.norm(u - u_lin[:, None, None, :], axis=-1).max(0)     # (W, S)
    fit = loglog_slope(np.repeat(widths, seeds).astype(float), dev.ravel(), seed=ctx.seed)
    table = [{"m": m, "kappa": k, "sup_k ||u(k) - u~(k)|| (worst seed)": float(r.max()),
              "median": float(np.median(r))} for m, k, r in zip(widths, kappas, dev)]
    if ctx.tier == "full":          # figures cost a matplotlib import: full tier only
        trajectory_figure(ctx, steps_rec, u_lin, u, widths, seeds, dev, fit, H)
    expected = (f"sup_k ||u(k) - u~(k)|| -> 0 as m grows, u~ from (7)"
                f"{'' if h_factor == 1 else f' with {h_factor:g} H_inf'}")
    observed = {"slope in m": [fit.slope, fit.lo, fit.hi], "eta": eta, "steps": steps,
                "lambda range": [float(lam[0]), float(lam[-1])],
                "worst deviation at largest m": float(dev[-1].max()), "||y||": float(np.sqrt(len(y)))}
    setting = (f"n = {len(y)}, d = {X.shape[1]}, eta = 1/lambda_max = {eta:.3f}, {steps} steps, "
               f"kappa = 0.3 (m/256)^-1/4, {seeds} seeds per width")
    return width_trend_evidence(
        fit, float(dev[-1].max()), 0.05 * np.sqrt(len(y)), quantity="sup_k ||u(k) - u~(k)||",
        where="equation (7) / Theorem 4.1", stated="small for small kappa and large m (no rate in the text)",
        expected=expected, observed=observed, table=table, setting=setting)

CLAIM.plant("nets_track_linear_dynamics", "recursion with 2 H_inf (K1 convention)", h_factor=2.0)
CLAIM.plant("nets_track_linear_dynamics", "recursion with H_inf/2", h_factor=0.5)
