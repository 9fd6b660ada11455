"""Time the Gram matrices of numerics.kernels against the bare X @ X.T.

    python benchmarks/bench_gram.py [--n 10000] [--d 100] [--repeat 3] [--threads T]

Every method runs once per round, rounds interleaved (so a burst of load from
other processes hits all of them alike); the best time over the rounds is
reported, with its ratio to X @ X.T. Results go to benchmarks/results/gram.json.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from numerics import kernels as K  # noqa: E402


def plain_numpy_h_inf(X):
    """H_inf the way one would write it in numpy: whole-matrix temporaries, bare arccos."""
    G = X @ X.T
    r = np.linalg.norm(X, axis=1)
    C = np.clip(G / np.outer(r, r), -1.0, 1.0)
    return G * (np.pi - np.arccos(C)) / (2 * np.pi)


METHODS = {
    "X @ X.T": lambda X: X @ X.T,
    "h_inf": K.h_inf,
    "K1": K.K1,
    "ntk_two_layer": K.ntk_two_layer,
    "plain numpy arccos (h_inf)": plain_numpy_h_inf,
}


def accuracy(d: int) -> dict:
    """Worst errors against the closed form evaluated at the stable angle, n = 2000."""
    X = np.random.default_rng(1).standard_normal((2000, d))
    ours, plain = K.h_inf(X), plain_numpy_h_inf(X)
    half_sq = 0.5 * (X ** 2).sum(axis=1)
    off = ~np.eye(2000, dtype=bool)
    return {
        "n": 2000,
        "h_inf diagonal, max rel. error vs |x|^2/2": float(np.max(np.abs(np.diag(ours) / half_sq - 1))),
        "plain numpy diagonal, max rel. error vs |x|^2/2": float(np.max(np.abs(np.diag(plain) / half_sq - 1))),
        "max |h_inf - plain numpy| off the diagonal": float(np.max(np.abs(ours - plain)[off])),
    }


def _blas_info() -> list:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{k: i.get(k) for k in ("internal_api", "version", "num_threads")} for i in threadpool_info()]


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--threads", type=int, default=None,
                   help="limit torch and BLAS to T threads (default: leave as configured)")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "gram.json")
    args = p.parse_args(argv)

    if args.threads:
        from threadpoolctl import threadpool_limits
        torch.set_num_threads(args.threads)
        threadpool_limits(args.threads)
    X = np.random.default_rng(0).standard_normal((args.n, args.d))
    times = {name: [] for name in METHODS}
    for _ in range(args.repeat):
        for name, f in METHODS.items():
            gc.collect()
            t0 = time.perf_counter()
            out = f(X)
            times[name].append(time.perf_counter() - t0)
            del out
    best = {name: min(ts) for name, ts in times.items()}
    base = best["X @ X.T"]

    print(f"Gram matrix, n = {args.n}, d = {args.d}, float64, best of {args.repeat}; "
          f"torch threads = {torch.get_num_threads()}, cpus = {os.cpu_count()}")
    print(f"{'method':<30}{'seconds':>10}{'x X@X.T':>10}")
    for name, t in best.items():
        print(f"{name:<30}{t:>10.3f}{t / base:>10.2f}")
    acc = accuracy(args.d)
    for k, v in acc.items():
        print(f"{k}: {v:.2e}")

    result = {
        "n": args.n, "d": args.d, "repeat": args.repeat, "dtype": "float64",
        "seconds_best": best, "seconds_all": times,
        "ratio_to_XXT": {name: t / base for name, t in best.items()},
        "accuracy": acc,
        "environment": {
            "python": platform.python_version(), "numpy": np.__version__,
            "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "cpus": os.cpu_count(), "machine": platform.machine(),
            "blas": _blas_info(),
            "load_average_at_end": os.getloadavg(),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
