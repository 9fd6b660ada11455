"""Benchmark: the l1-SVM LP over ReLU features (wei2019, equation (B.15)).

Compares, on the same data and the same dictionary of N random unit neurons,

- cvxpy's default solver on the natural ``norm1`` formulation (what a user
  would write first),
- ours, HiGHS on the split form solved directly (optional, ``--direct``),
- ours, column generation over the same dictionary (HiGHS simplex, warm
  started; exact pricing of every column, so the optimum is the LP optimum
  and the bracket is certified),

and times column generation over the whole sphere (no dictionary; heuristic
pricing in d > 2, so its upper bound is not certified), under a time budget.

Usage::

    python benchmarks/bench_lp.py                     # n=1000, d=20, N=20000
    python benchmarks/bench_lp.py --quick             # n=200,  d=20, N=2000
    python benchmarks/bench_lp.py --n 500 --N 5000 --data teacher

Results are merged into ``benchmarks/results/lp.json`` under a key naming
the size (methods skipped in a re-run keep their earlier record, marked
``from_earlier_run``).  Wall-clock and CPU times are both recorded (the machines this
runs on are often shared), with the load average at the start.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from numerics.data import teacher_two_layer, wei2019_D  # noqa: E402
from numerics.svm import l1_svm_relu, relu_features  # noqa: E402


sample_D = wei2019_D          # wei2019 distribution D (equation 2.1), from the data engine


def sample_teacher(n, d, seed, width=5):
    """Gaussian inputs labelled by a random two-layer ReLU teacher (numerics.data), with a
    margin: points where |f| < 0.05 std(f) are dropped."""
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((width, d))
    w = rng.choice([-1.0, 1.0], size=width)
    X = rng.standard_normal((4 * n, d))
    f = teacher_two_layer(X, U, w)
    keep = np.abs(f) > 0.05 * np.std(f)
    return X[keep][:n], np.sign(f[keep][:n])


def recomputed_margin(X, y, U, mu):
    mu = np.asarray(mu, float)
    l1 = np.abs(mu).sum()
    if l1 > 1:
        mu = mu / l1
    return float(np.min(y * (relu_features(X, U) @ mu)))


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def run_cvxpy_default(X, y, U):
    import cvxpy as cp

    Phi = relu_features(X, U)
    mu = cp.Variable(U.shape[0])
    t = cp.Variable()
    prob = cp.Problem(cp.Maximize(t), [cp.multiply(y, Phi @ mu) >= t, cp.norm1(mu) <= 1])
    prob.solve()
    return {
        "solver": f"cvxpy {cp.__version__} default ({prob.solver_stats.solver_name}), norm1 formulation",
        "status": prob.status,
        "objective": float(prob.value),
        "margin": recomputed_margin(X, y, U, mu.value),
    }


def summarise(res):
    return {
        "solver": res.solver,
        "margin": res.margin,
        "objective": res.objective,
        "lower": res.lower,
        "upper": res.upper,
        "duality_gap": res.duality_gap,
        "upper_certified": res.upper_certified,
        "converged": res.converged,
        "rounds": res.rounds,
        "n_columns": res.n_columns,
        "neurons": int(len(res.weights)),
        "lp_seconds": res.info.get("lp_seconds"),
        "pricing_seconds": res.info.get("pricing_seconds"),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--d", type=int, default=20)
    ap.add_argument("--N", type=int, default=20000)
    ap.add_argument("--quick", action="store_true", help="n=200, d=20, N=2000")
    ap.add_argument("--data", choices=["D", "teacher"], default="D")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-cvxpy", action="store_true")
    ap.add_argument("--skip-dictionary", action="store_true",
                    help="skip our column generation over the dictionary")
    ap.add_argument("--direct", action="store_true",
                    help="also time HiGHS on the full split-form LP (slow at full size)")
    ap.add_argument("--sphere-seconds", type=float, default=300.0,
                    help="time budget of column generation over the sphere (0 skips it)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "lp.json"))
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.d, args.N = 200, 20, 2000

    sampler = sample_D if args.data == "D" else sample_teacher
    X, y = sampler(args.n, args.d, args.seed)
    rng = np.random.default_rng(args.seed + 1)
    U = rng.standard_normal((args.N, args.d))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    key = f"{args.data}_n{args.n}_d{args.d}_N{args.N}"
    out = {
        "config": {"n": args.n, "d": args.d, "N": args.N, "data": args.data, "seed": args.seed},
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg()},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "methods": {},
    }

    def report(name, rec, wall, cpu):
        rec = dict(rec, wall_seconds=wall, cpu_seconds=cpu,
                   created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   loadavg_after=os.getloadavg())
        out["methods"][name] = rec
        print(f"{name:28s} wall {wall:9.2f} s  cpu {cpu:9.2f} s  margin {rec['margin']:.10f}"
              + (f"  upper {rec['upper']:.10f}" if "upper" in rec else ""), flush=True)

    if not args.skip_dictionary:
        res, w, c = timed(lambda: l1_svm_relu(X, y, directions=U))
        report("ours_column_generation", summarise(res), w, c)
    if args.direct:
        res, w, c = timed(lambda: l1_svm_relu(X, y, directions=U, column_generation=False))
        report("ours_highs_direct", summarise(res), w, c)
    if not args.skip_cvxpy:
        rec, w, c = timed(lambda: run_cvxpy_default(X, y, U))
        report("cvxpy_default", rec, w, c)
    if args.sphere_seconds > 0:
        res, w, c = timed(lambda: l1_svm_relu(X, y, max_seconds=args.sphere_seconds, seed=args.seed))
        report("ours_sphere_column_generation", summarise(res), w, c)

    # keep the methods of an earlier run of the same size that were not re-run
    path = Path(args.out)
    allres = {}
    if path.exists():
        try:
            allres = json.loads(path.read_text())
        except (OSError, ValueError):
            allres = {}
    previous = allres.get("runs", {}).get(key, {}).get("methods", {})
    for name, rec in previous.items():
        if name not in out["methods"]:
            out["methods"][name] = dict(rec, from_earlier_run=True)

    m = out["methods"]
    if "cvxpy_default" in m and "ours_column_generation" in m:
        ours = m["ours_column_generation"]
        cv = m["cvxpy_default"]
        out["comparison"] = {
            "speedup_wall": cv["wall_seconds"] / ours["wall_seconds"],
            "speedup_cpu": cv["cpu_seconds"] / ours["cpu_seconds"],
            "margin_ours_minus_cvxpy": ours["margin"] - cv["margin"],
            "goal_5x_and_margin_at_least_as_large": bool(
                cv["wall_seconds"] / ours["wall_seconds"] >= 5
                and ours["margin"] >= cv["margin"] - 1e-9),
        }
        print(json.dumps(out["comparison"], indent=2))

    path.parent.mkdir(parents=True, exist_ok=True)
    allres.setdefault("schema", "bench-lp/1")
    allres.setdefault("runs", {})[key] = out
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(allres, indent=2))
    tmp.replace(path)
    print(f"wrote {path} [{key}]")


if __name__ == "__main__":
    main()
