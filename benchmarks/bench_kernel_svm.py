"""Benchmark: kernel predictors in the NTK's RKHS on wei2019's D (Theorem B.1's baselines).

On the NTK Gram matrix K = tau1 K1 + tau2 (K1 + K2) of n samples of D (r_w = r_u = 1), times

- the hard-margin SVM without bias: cvxpy + Clarabel on the factored primal (what a user
  would write: ``kernel_svm_hard_margin(method="primal")``) against our KKT-certified
  active-set dual (``method="active-set"``), with the margins they reach;
- the minimum-norm interpolant: the SVD route against the jittered Cholesky route.

Each timing is the best of ``--repeat`` runs with one BLAS thread. Results go to
``benchmarks/results/kernel_svm.json`` with the load average at the start.

Usage::

    python benchmarks/bench_kernel_svm.py                 # n = 250, 500, 1000 at d = 16
    python benchmarks/bench_kernel_svm.py --n 200 --d 8   # one size
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from numerics.data import wei2019_D  # noqa: E402
from numerics.kernels import K1, K2, ntk_taus  # noqa: E402
from numerics.svm import kernel_min_norm_interpolant, kernel_svm_hard_margin  # noqa: E402


def best_time(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def one_size(n, d, seed, repeat, skip_cvxpy_above):
    X, y = wei2019_D(n, d, seed=seed)
    t1, t2 = ntk_taus(1.0, 1.0)
    K = (t1 + t2) * K1(X) + t2 * K2(X)
    row = {"n": n, "d": d}
    t_act, act = best_time(lambda: kernel_svm_hard_margin(K, y, method="active-set"), repeat)
    row.update({"active-set s": t_act, "active-set margin": act.margin,
                "active-set kkt violation": act.kkt_violation, "active-set status": act.status})
    if n <= skip_cvxpy_above:
        t_cvx, cvx = best_time(lambda: kernel_svm_hard_margin(K, y, method="primal"), 1)
        row.update({"cvxpy/Clarabel s": t_cvx, "cvxpy/Clarabel margin": cvx.margin,
                    "speed-up": t_cvx / t_act,
                    "margin rel. difference": abs(cvx.margin - act.margin) / act.margin})
    t_svd, a = best_time(lambda: kernel_min_norm_interpolant(K, y, on_singular="pinv"), repeat)
    t_cho, b = best_time(lambda: kernel_min_norm_interpolant(K, y, method="cholesky",
                                                             on_singular="pinv"), repeat)
    row.update({"interpolant svd s": t_svd, "interpolant cholesky s": t_cho,
                "interpolant speed-up": t_svd / t_cho, "cholesky route used": b.method,
                "interpolant max |f_svd - f_chol| on the sample": float(np.abs(a.fitted - b.fitted).max())})
    return row


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, nargs="*", default=[250, 500, 1000])
    p.add_argument("--d", type=int, default=16)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--skip-cvxpy-above", type=int, default=1000)
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "kernel_svm.json")
    args = p.parse_args(argv)
    result = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "load average at start": os.getloadavg(), "rows": []}
    with threadpool_limits(limits=1):
        one_size(20, args.d, seed=1, repeat=1, skip_cvxpy_above=20)   # warm-up: imports, JIT caches
        for i, n in enumerate(args.n):
            row = one_size(n, args.d, seed=1000 + i, repeat=args.repeat,
                           skip_cvxpy_above=args.skip_cvxpy_above)
            print(json.dumps(row))
            result["rows"].append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
