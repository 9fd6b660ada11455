"""Speed of the batched two-layer-net engine (numerics.nets) against what a user would write.

Workload (ANCHORS.md, "Training many small nets on a CPU"): 100 two-layer
ReLU nets, width m = 100, n = 200 points in d = 20, logistic loss + weight
decay (wei2019 eq. 2.2), float32, full-batch GD on both layers.

Methods, each timed at 1 and 2 torch threads and reported at its best:

* ``engine``           numerics.nets.train: one batched, hand-written step;
* ``batched_autograd`` the same batched forward (matmul/bmm) with torch autograd;
* ``loop_autograd``    a Python loop over the 100 nets, autograd per net
                       (what one writes first);
* ``floor``            the bare matrix products one engine step performs
                       (U X^T, w^T A, g^T A^T, G X), timed alone with
                       preallocated outputs: no elementwise work, no Python.

Prints ms per step (one step = all 100 nets updated once) and ratios, and
writes benchmarks/results/nets.json.  Goal: engine within 2x of the floor.

Usage: python benchmarks/bench_nets.py [--steps 300] [--loop-steps 200]
       [--max-seconds 20] [--threads 1 2] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from numerics import nets  # noqa: E402

B, M, N, D = 100, 100, 200, 20
LAM, LR = 1e-3, 0.5
DTYPE = torch.float32


def problem(device):
    """Shared data (unit rows, +-1 labels of a fixed nonlinear rule) and 100 initial nets."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(N, D, generator=g, dtype=torch.float64)
    X = X / X.norm(dim=1, keepdim=True)
    y = torch.sign(X[:, 0] * X[:, 1] + 0.1 * X[:, 2])
    y[y == 0] = 1.0
    batch = nets.init_two_layer(B, M, D, kappa=D**-0.5, second_layer="gaussian", w_scale=M**-0.5,
                                seed=list(range(B)), device=device, dtype=DTYPE)
    return X.to(device, DTYPE), y.to(device, DTYPE), batch


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def time_engine(X, y, batch, steps, device):
    nets.train(batch, X, y, loss="logistic", lam=LAM, lr=LR, steps=5, record=())  # warm-up
    sync(device)
    t = time.perf_counter()
    h = nets.train(batch, X, y, loss="logistic", lam=LAM, lr=LR, steps=steps, record_every=1, record=("loss",))
    sync(device)
    return (time.perf_counter() - t) / steps, steps, h.loss


def _autograd_loss(U, w, X, y):
    """wei2019 eq. 2.2 for a batch (U: (B,m,d)) or one net (U: (m,d)), autograd-friendly."""
    f = (torch.relu(torch.matmul(U, X.T)) * w.unsqueeze(-1)).sum(-2)
    data = torch.nn.functional.softplus(-y * f).mean(-1)
    return data + LAM * ((U * U).sum((-1, -2)) + (w * w).sum(-1))


def time_batched_autograd(X, y, batch, steps, device, max_seconds):
    U = batch.U.clone().requires_grad_(True)
    w = batch.w.clone().requires_grad_(True)

    def step():
        loss = _autograd_loss(U, w, X, y)
        gU, gw = torch.autograd.grad(loss.sum(), (U, w))
        with torch.no_grad():
            U.sub_(LR * gU)
            w.sub_(LR * gw)

    for _ in range(3):
        step()
    return _run_timed(step, steps, device, max_seconds)


def time_loop_autograd(X, y, batch, steps, device, max_seconds):
    params = [(batch.U[b].clone().requires_grad_(True), batch.w[b].clone().requires_grad_(True)) for b in range(B)]
    losses = []

    def step():
        out = []
        for U, w in params:
            loss = _autograd_loss(U, w, X, y)
            gU, gw = torch.autograd.grad(loss, (U, w))
            with torch.no_grad():
                U.sub_(LR * gU)
                w.sub_(LR * gw)
            out.append(loss.detach())
        losses.append(torch.stack(out))

    seconds, done = _run_timed(step, steps, device, max_seconds)
    return seconds, done, losses


def time_floor(X, y, batch, steps, device, max_seconds):
    """The four products of one engine step, on preallocated buffers."""
    U = batch.U.reshape(B * M, D).clone()
    Z = torch.empty(B, M, N, device=device, dtype=DTYPE)
    G = torch.rand(B, M, N, device=device, dtype=DTYPE)
    w = batch.w.unsqueeze(1).clone()
    g = torch.rand(B, 1, N, device=device, dtype=DTYPE)
    f = torch.empty(B, 1, N, device=device, dtype=DTYPE)
    dw = torch.empty(B, 1, M, device=device, dtype=DTYPE)
    dU = torch.empty(B * M, D, device=device, dtype=DTYPE)
    XT = X.T

    def step():
        torch.mm(U, XT, out=Z.view(B * M, N))        # pre-activations U X^T
        torch.bmm(w, Z, out=f)                        # outputs w^T A
        torch.bmm(g, Z.transpose(1, 2), out=dw)       # second-layer gradient g^T A^T
        torch.mm(G.view(B * M, N), X, out=dU)         # first-layer gradient G X

    for _ in range(3):
        step()
    return _run_timed(step, steps, device, max_seconds)


def _run_timed(step, steps, device, max_seconds):
    """Seconds per step over ``steps`` steps, stopping early after ``max_seconds``."""
    sync(device)
    t0 = time.perf_counter()
    done = 0
    while done < steps:
        step()
        done += 1
        if done >= 5 and time.perf_counter() - t0 > max_seconds:
            break
    sync(device)
    return (time.perf_counter() - t0) / done, done


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--loop-steps", type=int, default=200)
    ap.add_argument("--max-seconds", type=float, default=20.0,
                    help="stop a slow method early after this long (ms/step is still exact)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "nets.json"))
    args = ap.parse_args(argv)

    device = nets.resolve_device(args.device)
    X, y, batch = problem(device)
    threads = args.threads if device.type == "cpu" else [torch.get_num_threads()]
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    results: dict[str, dict[str, dict]] = {k: {} for k in ("engine", "batched_autograd", "loop_autograd", "floor")}
    check = {}
    for nt in threads:
        torch.set_num_threads(nt)
        sec, done, eng_loss = time_engine(X, y, batch, args.steps, device)
        results["engine"][str(nt)] = {"ms_per_step": 1e3 * sec, "steps": done}
        print(f"engine            threads={nt}  {1e3 * sec:9.2f} ms/step  ({done} steps)", flush=True)
        sec, done = time_batched_autograd(X, y, batch, args.steps, device, args.max_seconds)
        results["batched_autograd"][str(nt)] = {"ms_per_step": 1e3 * sec, "steps": done}
        print(f"batched autograd  threads={nt}  {1e3 * sec:9.2f} ms/step  ({done} steps)", flush=True)
        sec, done, loop_loss = time_loop_autograd(X, y, batch, args.loop_steps, device, args.max_seconds)
        results["loop_autograd"][str(nt)] = {"ms_per_step": 1e3 * sec, "steps": done}
        print(f"loop of autograd  threads={nt}  {1e3 * sec:9.2f} ms/step  ({done} steps)", flush=True)
        sec, done = time_floor(X, y, batch, args.steps, device, args.max_seconds)
        results["floor"][str(nt)] = {"ms_per_step": 1e3 * sec, "steps": done}
        print(f"floor (bare mm)   threads={nt}  {1e3 * sec:9.2f} ms/step  ({done} steps)", flush=True)
        # same trajectory: both record the objective after k updates as row k
        k = len(loop_loss)
        diff = (torch.stack(loop_loss).cpu().double().numpy() - eng_loss[:k]).__abs__().max()
        check[str(nt)] = {"steps_compared": k, "max_abs_loss_diff_engine_vs_loop": float(diff)}

    best = {}
    for name, per in results.items():
        nt, rec = min(per.items(), key=lambda kv: kv[1]["ms_per_step"])
        best[name] = {"threads": int(nt), "ms_per_step": rec["ms_per_step"]}
    e, f = best["engine"]["ms_per_step"], best["floor"]["ms_per_step"]
    ratios = {
        "engine_over_floor": e / f,
        "batched_autograd_over_engine": best["batched_autograd"]["ms_per_step"] / e,
        "loop_autograd_over_engine": best["loop_autograd"]["ms_per_step"] / e,
    }
    print("\nbest:")
    for name, rec in best.items():
        print(f"  {name:17s} {rec['ms_per_step']:9.2f} ms/step  (threads={rec['threads']})")
    print(f"  engine / floor           = {ratios['engine_over_floor']:.2f}  (goal <= 2)")
    print(f"  batched autograd / engine = {ratios['batched_autograd_over_engine']:.2f}")
    print(f"  loop autograd / engine    = {ratios['loop_autograd_over_engine']:.2f}")
    print(f"  per net per step (engine) = {1e3 * e / B:.1f} us")
    print(f"  engine vs loop, max |loss diff| (float32): {check}")

    out = {
        "benchmark": "bench_nets",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "workload": {"nets": B, "width": M, "n": N, "d": D, "loss": "logistic", "lam": LAM, "lr": LR,
                     "dtype": "float32", "steps": args.steps, "loop_steps": args.loop_steps,
                     "max_seconds": args.max_seconds},
        "environment": {"python": platform.python_version(), "torch": torch.__version__,
                        "platform": platform.platform(), "processor": platform.processor(),
                        "cpu_count": os.cpu_count(), "device": str(device),
                        "loadavg_before": load_before,
                        "loadavg_after": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "results": results,
        "best": best,
        "ratios": ratios,
        "goal_engine_within_2x_floor": ratios["engine_over_floor"] <= 2.0,
        "consistency": check,
    }
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=2) + "\n")
    tmp.replace(path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
