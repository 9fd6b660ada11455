"""Running checks: tiers, devices, seeds, time limits, the cache, executors.

Every check runs with a :class:`Context` (seed, rng, tier, device, a place
for figures). Whatever goes wrong inside a check (an exception, a solver
failure, a time-out, a malformed return value) becomes an ``inconclusive``
verdict with the reason: a run never crashes because of one check.

Executors: ``inline`` runs checks in this process (used by pytest and for
debugging); ``process`` (the default for the CLI) forks one child per check,
``jobs`` at a time, and kills a child that exceeds its time limit.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import pathlib
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zlib
from dataclasses import dataclass, field

import numpy as np

from .claims import Check, Evidence, Plant, dumps, jsonable

BASE_SEED = 20190101
CACHE_VERSION = 1
ROOT = pathlib.Path(__file__).resolve().parent.parent


class DeviceError(RuntimeError):
    """The requested device is not available."""


# -- devices and threads ----------------------------------------------------

def resolve_device(device: str) -> str:
    """'cpu', 'cuda' or 'auto' -> 'cpu' or 'cuda'; DeviceError if cuda is absent."""
    if device not in ("cpu", "cuda", "auto"):
        raise DeviceError(f"unknown device {device!r} (choose cpu, cuda or auto)")
    if device == "cpu":
        return "cpu"
    try:
        import torch
        has_cuda = torch.cuda.is_available()
    except Exception:  # noqa: BLE001
        has_cuda = False
    if device == "cuda" and not has_cuda:
        raise DeviceError("--device cuda: torch sees no CUDA GPU on this machine")
    return "cuda" if has_cuda else "cpu"


def set_torch_threads(n: int | None = None):
    """One intra-op thread (torch and BLAS) by default: small steps are far faster on 2 cores."""
    n = n or int(os.environ.get("VERIFY_TORCH_THREADS", "1"))
    try:
        import torch
        torch.set_num_threads(n)
    except Exception:  # noqa: BLE001
        pass
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(n)
    except Exception:  # noqa: BLE001
        pass


# -- the context a check receives ------------------------------------------

@dataclass
class Context:
    """What a check gets: its seed and rng, the tier, the device, a figure folder."""
    seed: int
    tier: str = "quick"
    device: str = "cpu"
    figure_dir: pathlib.Path | None = None
    figures: list = field(default_factory=list)

    def __post_init__(self):
        self.rng = np.random.default_rng(self.seed)
        try:
            import torch
            torch.manual_seed(self.seed)
        except Exception:  # noqa: BLE001
            pass

    def pick(self, quick, full):
        """The quick-tier or the full-tier value of a size parameter."""
        return full if self.tier == "full" else quick

    def figure(self, name: str) -> str:
        """A path to save a figure to; it is attached to the evidence by the runner."""
        if self.figure_dir is None:
            self.figure_dir = pathlib.Path(tempfile.mkdtemp(prefix="verify-fig-"))
        pathlib.Path(self.figure_dir).mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
        path = pathlib.Path(self.figure_dir) / safe
        self.figures.append(str(path))
        return str(path)


def check_seed(check: Check, base_seed: int = BASE_SEED) -> int:
    return base_seed + zlib.crc32(check.id.encode()) % 1_000_000


# -- source hashing and the cache -------------------------------------------

def _file_hash(path) -> str:
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def theorem_imports(path, root=None) -> list:
    """Files of the ``theorems.*`` modules that ``path`` imports, transitively (``path`` first).

    A claim module may borrow a function from another claim module; the cache key must
    change when that module does, so its source is hashed too.
    """
    import ast

    root = pathlib.Path(root) if root is not None else ROOT
    seen, todo = [], [pathlib.Path(path)]
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.append(f)
        try:
            tree = ast.parse(f.read_text())
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.split(".")[0] != "theorems":
                    continue
                target = root.joinpath(*name.split("."))
                for cand in (target.with_suffix(".py"), target / "__init__.py"):
                    if cand.is_file() and cand not in seen:
                        todo.append(cand)
    return seen


def source_hash(check: Check) -> str:
    """Hash of the check's module source, of the theorem modules and private helpers it
    may use, and of the numerics engines."""
    h = hashlib.sha256()
    mod = sys.modules.get(check.func.__module__)
    files = []
    if mod is not None and getattr(mod, "__file__", None):
        here = pathlib.Path(mod.__file__)
        files += theorem_imports(here)
        files += sorted(p for p in here.parent.glob("_*.py") if p not in files)  # private helpers
    numerics = ROOT / "numerics"
    if numerics.is_dir():
        files += sorted(numerics.glob("*.py"))
    files.append(pathlib.Path(__file__).parent / "claims.py")
    for f in files:
        h.update(f.name.encode())
        h.update(_file_hash(f).encode())
    return h.hexdigest()


def cache_key(check: Check, overrides: dict, tier: str, device: str, seed: int) -> str:
    payload = {"v": CACHE_VERSION, "check": check.id, "overrides": overrides,
               "tier": tier,
               "device": device, "seed": seed, "source": source_hash(check)}
    return hashlib.sha256(dumps(payload).encode()).hexdigest()[:32]


def default_cache_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("VERIFY_CACHE_DIR") or ".verify-cache")


class Cache:
    """JSON entries with a checksum; figures beside them. Corrupt entries are misses."""

    def __init__(self, root):
        self.root = pathlib.Path(root)

    def _entry(self, key):
        return self.root / f"{key}.json"

    def figure_dir(self, key) -> pathlib.Path:
        return self.root / "figures" / key

    def load(self, key) -> Evidence | None:
        path = self._entry(key)
        if not path.exists():
            return None
        try:
            blob = json.loads(path.read_text())
            body = blob["evidence"]
            if blob.get("key") != key or blob.get("sha256") != hashlib.sha256(
                    dumps(body).encode()).hexdigest():
                raise ValueError("checksum mismatch")
            ev = Evidence.from_json(body)
            ev.figures = [str(self.root / f) for f in ev.figures]
            if not all(pathlib.Path(f).is_file() for f in ev.figures):
                raise ValueError("missing figure")
        except Exception:  # noqa: BLE001 - a corrupt entry is never trusted
            self.discard(key)
            return None
        ev.cached = True
        return ev

    def store(self, key, ev: Evidence) -> Evidence:
        """Move the evidence's figures into the cache and write the entry atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        figdir = self.figure_dir(key)
        if ev.figures:
            figdir.mkdir(parents=True, exist_ok=True)
        rel = []
        for f in ev.figures:
            src = pathlib.Path(f)
            if not src.is_file():
                continue
            dst = figdir / src.name
            if src.resolve() != dst.resolve():
                shutil.copyfile(src, dst)
            rel.append(str(dst.relative_to(self.root)))
        body = ev.to_json()
        body["figures"] = rel
        body["cached"] = False
        blob = {"key": key, "sha256": hashlib.sha256(dumps(body).encode()).hexdigest(),
                "evidence": body}
        tmp = self._entry(key).with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(jsonable(blob), sort_keys=True))
        os.replace(tmp, self._entry(key))
        ev.figures = [str(self.root / r) for r in rel]
        return ev

    def discard(self, key):
        self._entry(key).unlink(missing_ok=True)
        shutil.rmtree(self.figure_dir(key), ignore_errors=True)


# -- running one check ------------------------------------------------------

@dataclass
class Task:
    check: Check
    overrides: dict = field(default_factory=dict)
    plant: Plant | None = None

    @property
    def id(self):
        return self.plant.id if self.plant else self.check.id


@dataclass
class Result:
    task: Task
    evidence: Evidence
    key: str = ""

    @property
    def check(self):
        return self.task.check


def _skip_reason(check: Check, tier: str, device: str) -> str | None:
    if check.tier == "full" and tier != "full":
        return "full-tier check; run with --tier full"
    if check.needs == "gpu" and device != "cuda":
        return "needs a CUDA GPU; none requested or available"
    return None


def _short_traceback(limit=6) -> str:
    lines = traceback.format_exc().strip().splitlines()
    return "\n".join(lines[-limit:])


def execute(check: Check, overrides: dict, ctx: Context) -> Evidence:
    """Run one check in this process; every failure becomes 'inconclusive'."""
    set_torch_threads()
    t0 = time.perf_counter()
    try:
        ev = check(ctx, **overrides)
        if not isinstance(ev, Evidence):
            ev = Evidence(verdict="inconclusive",
                          details=f"check returned {type(ev).__name__}, not Evidence")
    except Exception as exc:  # noqa: BLE001
        ev = Evidence(verdict="inconclusive",
                      details=f"check raised {type(exc).__name__}: {exc}\n{_short_traceback()}")
    ev.seconds = round(time.perf_counter() - t0, 3)
    if ev.seed is None:
        ev.seed = ctx.seed
    ev.figures = [f for f in (ev.figures or ctx.figures) if pathlib.Path(f).is_file()]
    for rec in list(ev.errata) + list(ev.constants):
        rec.claim = rec.claim or check.claim.id
        rec.check = rec.check or check.name
    return ev


class _Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so that a check's own handlers miss it."""


def _alarm(signum, frame):
    raise _Timeout()


def execute_with_limit(check, overrides, ctx, limit):
    """Inline execution with a SIGALRM time limit where signals are available."""
    use_alarm = limit and hasattr(signal, "SIGALRM") and \
        mp.current_process().name == "MainProcess" and _in_main_thread()
    if not use_alarm:
        return execute(check, overrides, ctx)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return execute(check, overrides, ctx)
    except _Timeout:
        return Evidence(verdict="inconclusive", seed=ctx.seed,
                        details=f"exceeded the time limit of {limit:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _in_main_thread():
    import threading
    return threading.current_thread() is threading.main_thread()


def _child(conn, check, overrides, ctx):
    try:
        ev = execute(check, overrides, ctx)
        conn.send(dumps(ev.to_json()))
    except Exception as exc:  # noqa: BLE001
        conn.send(dumps(Evidence(verdict="inconclusive",
                                 details=f"worker failed: {exc}").to_json()))
    finally:
        conn.close()


# -- the runner -------------------------------------------------------------

@dataclass
class Runner:
    """Runs tasks with a tier, a device, a seed, a cache and an executor."""
    tier: str = "quick"
    device: str = "cpu"
    base_seed: int = BASE_SEED
    cache_dir: str | None = None
    use_cache: bool = True
    executor: str = "process"
    jobs: int = 0
    time_limit: float | None = None     # overrides each check's own limit
    progress: bool = True

    def __post_init__(self):
        if self.tier not in ("quick", "full"):
            raise ValueError(f"unknown tier {self.tier!r} (choose quick or full)")
        if self.executor not in ("process", "inline"):
            raise ValueError(f"unknown executor {self.executor!r} (choose process or inline)")
        self.device = resolve_device(self.device)
        self.cache = Cache(self.cache_dir or default_cache_dir()) if self.use_cache else None
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="verify-run-"))
        self.jobs = self.jobs or min(2, os.cpu_count() or 1)

    def limit_for(self, check: Check) -> float:
        return float(self.time_limit or check.time_limit)

    def context(self, task: Task, key: str) -> Context:
        seed = check_seed(task.check, self.base_seed)
        return Context(seed=seed, tier=self.tier, device=self.device,
                       figure_dir=self.scratch / key)

    def prepare(self, task: Task):
        """(key, evidence or None): skipped and cached results need no execution."""
        check = task.check
        seed = check_seed(check, self.base_seed)
        key = cache_key(check, task.overrides, self.tier, self.device, seed)
        reason = _skip_reason(check, self.tier, self.device)
        if reason:
            return key, Evidence(verdict="skipped", details=reason, seed=seed)
        if self.cache is not None:
            ev = self.cache.load(key)
            if ev is not None:
                return key, ev
        return key, None

    def finish(self, key, ev: Evidence) -> Evidence:
        if self.cache is not None and ev.verdict != "skipped":
            ev = self.cache.store(key, ev)
        return ev

    def run(self, tasks) -> list:
        tasks = list(tasks)
        results: list = [None] * len(tasks)
        todo = []
        for i, task in enumerate(tasks):
            key, ev = self.prepare(task)
            if ev is not None:
                results[i] = Result(task, ev, key)
            else:
                todo.append((i, task, key))
        bar = _progress(len(todo), self.progress)
        if self.executor == "inline" or self.jobs <= 1 and len(todo) <= 1:
            for i, task, key in todo:
                ctx = self.context(task, key)
                ev = execute_with_limit(task.check, task.overrides, ctx,
                                        self.limit_for(task.check))
                results[i] = Result(task, self.finish(key, ev), key)
                bar.update(1)
        else:
            self._run_processes(todo, results, bar)
        bar.close()
        return results

    def _run_processes(self, todo, results, bar):
        set_torch_threads()
        ctx_mp = mp.get_context("fork")
        pending = list(todo)
        running = {}
        while pending or running:
            while pending and len(running) < self.jobs:
                i, task, key = pending.pop(0)
                ctx = self.context(task, key)
                recv, send = ctx_mp.Pipe(duplex=False)
                proc = ctx_mp.Process(target=_child, args=(send, task.check, task.overrides, ctx),
                                      daemon=True)
                proc.start()
                send.close()
                running[i] = (proc, recv, task, key, time.monotonic(), ctx)
            time.sleep(0.02)
            for i in list(running):
                proc, recv, task, key, t0, ctx = running[i]
                limit = self.limit_for(task.check)
                ev = None
                if recv.poll():
                    try:
                        ev = Evidence.from_json(json.loads(recv.recv()))
                    except Exception as exc:  # noqa: BLE001
                        ev = Evidence(verdict="inconclusive", seed=ctx.seed,
                                      details=f"could not read the worker's result: {exc}")
                    proc.join(5)
                elif not proc.is_alive():
                    ev = Evidence(verdict="inconclusive", seed=ctx.seed,
                                  details=f"worker died (exit code {proc.exitcode}) without a result")
                elif time.monotonic() - t0 > limit:
                    proc.kill()
                    proc.join(5)
                    ev = Evidence(verdict="inconclusive", seed=ctx.seed,
                                  seconds=round(time.monotonic() - t0, 3),
                                  details=f"exceeded the time limit of {limit:g} s")
                if ev is not None:
                    recv.close()
                    del running[i]
                    results[i] = Result(task, self.finish(key, ev), key)
                    bar.update(1)


def _progress(total, enabled):
    try:
        from tqdm import tqdm
        return tqdm(total=total, disable=(not enabled) or None, unit="check",
                    file=sys.stderr, leave=False)
    except Exception:  # noqa: BLE001
        class _Null:
            def update(self, n=1):
                pass

            def close(self):
                pass
        return _Null()


def check_tasks(checks) -> list:
    return [Task(c) for c in checks]


def plant_tasks(plants) -> list:
    return [Task(p.check, dict(p.overrides), p) for p in plants]


def plant_killed(ev: Evidence, plant=None) -> bool:
    """A plant is killed when its check judges it as it must: a wrong statement false
    (refuted or corrected), a plant with ``expect`` exactly that verdict."""
    if plant is not None and plant.expect is not None:
        return ev.verdict == plant.expect
    return ev.verdict in ("refuted", "corrected")
