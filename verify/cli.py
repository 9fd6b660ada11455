"""The ``verify`` command (also ``python -m verify``).

    verify list [--json]
    verify run [ID ...] [--tier quick|full] [--device cpu|cuda|auto] [--json]
    verify report [--tier ...] [--device ...] [--out DIR]
    verify audit [--tier ...] [--json]
    verify mutate [ID ...] [--tier ...] [--json]

Bad input (an unknown claim id, an unknown flag, ``--device cuda`` without a
GPU) gives one line on stderr and exit status 2, before anything is written.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from . import registry as _registry
from .claims import DECIDED
from .runner import BASE_SEED, DeviceError, Runner, check_tasks


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):            # one line, exit 2 (argparse prints usage too)
        raise UsageError(message)


def _common(p, ids=False):
    if ids:
        p.add_argument("ids", nargs="*", metavar="ID", help="claim ids (default: all)")
    p.add_argument("--tier", choices=("quick", "full"), default="quick")
    p.add_argument("--device", choices=("cpu", "cuda", "auto"), default="cpu")
    p.add_argument("--seed", type=int, default=BASE_SEED, help="base seed")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    p.add_argument("--cache-dir", default=None,
                   help="cache folder (default $VERIFY_CACHE_DIR or .verify-cache)")
    p.add_argument("--jobs", "-j", type=int, default=0, help="parallel checks (default 2)")
    p.add_argument("--executor", choices=("process", "inline"), default="process")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds per check (default: each check's own)")
    p.add_argument("--no-progress", action="store_true")


def make_parser() -> Parser:
    parser = Parser(prog="verify", description="Claim-by-claim verification of NTK papers.")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    p = sub.add_parser("list", help="every claim with its checks")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("run", help="run the checks of some or all claims")
    _common(p, ids=True)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("report", help="write report.json, report.md and index.html")
    _common(p)
    p.add_argument("--out", default="report", help="output folder (default ./report)")
    p = sub.add_parser("audit", help="the constants table")
    _common(p)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("mutate", help="run every planted wrong statement")
    _common(p, ids=True)
    p.add_argument("--json", action="store_true")
    return parser


def _runner(args) -> Runner:
    if args.jobs < 0:
        raise UsageError("--jobs must be >= 0")
    if args.time_limit is not None and args.time_limit <= 0:
        raise UsageError("--time-limit must be positive")
    try:
        return Runner(tier=args.tier, device=args.device, base_seed=args.seed,
                      cache_dir=args.cache_dir, use_cache=not args.no_cache,
                      executor=args.executor, jobs=args.jobs, time_limit=args.time_limit,
                      progress=not args.no_progress)
    except DeviceError as e:
        raise UsageError(str(e)) from None


def _registry_or_fail(ids=()):
    reg = _registry.discover()
    for name, err in reg.errors.items():
        last = err.strip().splitlines()[-1] if err.strip() else "?"
        print(f"verify: warning: module {name} failed to load: {last}", file=sys.stderr)
    unknown = [i for i in ids if i not in reg.claims]
    if unknown:
        raise UsageError(f"unknown claim id {unknown[0]!r} (see 'verify list')")
    return reg


def cmd_list(args):
    reg = _registry_or_fail()
    rows = [c.summary() for c in reg.claims.values()]
    if args.json:
        print(json.dumps({"claims": rows, "load_errors": sorted(reg.errors)}, indent=1))
        return 0
    for c in rows:
        checks = ", ".join(f"{k['name']}[{k['method']},{k['tier']}{',gpu' if k['needs'] == 'gpu' else ''}]"
                           for k in c["checks"])
        print(f"{c['id']:<46} {c['label']:<28} {checks}")
    print(f"{len(rows)} claims, {sum(len(c['checks']) for c in rows)} checks, "
          f"{sum(len(c['plants']) for c in rows)} plants")
    return 0


def _run_claims(args, ids=()):
    reg = _registry_or_fail(ids)
    runner = _runner(args)
    t0 = time.perf_counter()
    results = runner.run(check_tasks(reg.checks(list(ids))))
    return reg, runner, results, time.perf_counter() - t0


def cmd_run(args):
    from .claims import combine_verdicts
    reg, runner, results, secs = _run_claims(args, args.ids)
    by_claim = {}
    for r in results:
        by_claim.setdefault(r.check.claim.id, []).append(r)
    if args.json:
        out = [{"id": cid, "verdict": combine_verdicts([r.evidence.verdict for r in rs],
                                                     [r.check.scope for r in rs]),
                "checks": [{"name": r.check.name, **r.evidence.to_json()} for r in rs]}
               for cid, rs in by_claim.items()]
        print(json.dumps({"tier": args.tier, "device": runner.device, "seconds": round(secs, 2),
                          "claims": out}, indent=1, default=str))
        return 0
    for cid, rs in by_claim.items():
        verdict = combine_verdicts([r.evidence.verdict for r in rs], [r.check.scope for r in rs])
        print(f"{cid}: {verdict}")
        for r in rs:
            ev = r.evidence
            flag = "" if ev.verdict == r.check.established else \
                f"  [established: {r.check.established}]"
            first = (ev.details or "").strip().splitlines()[:1]
            print(f"  {r.check.name:<36} {ev.verdict:<13} {ev.seconds or 0:7.2f}s"
                  f"{' (cached)' if ev.cached else ''}{flag}"
                  + (f"\n      {first[0][:160]}" if first else ""))
    print(f"{len(by_claim)} claims, {len(results)} checks in {secs:.1f} s")
    return 0


def cmd_report(args):
    from .report import build, write
    reg, runner, results, secs = _run_claims(args)
    report = build(reg, results, tier=args.tier, device=runner.device,
                   base_seed=args.seed, load_errors=reg.errors)
    report["summary"]["seconds"] = round(secs, 2)
    out = write(report, args.out)
    s = report["summary"]
    decided = sum(n for v, n in s["verdicts"].items() if v in DECIDED)
    print(f"wrote {out}/report.json, report.md, index.html: {s['claims']} claims "
          f"({decided} decided), {s['checks']} checks, {s['errata']} errata, "
          f"{s['constants']} constants in {secs:.1f} s")
    return 0


def cmd_audit(args):
    from .audit import constants_of, render_constants
    reg, runner, results, secs = _run_claims(args)
    constants = constants_of(results)
    if args.json:
        print(json.dumps([k.__dict__ for k in constants], indent=1, default=str))
    else:
        print(render_constants(constants))
    return 0


def cmd_mutate(args):
    from .mutate import run_plants
    reg = _registry_or_fail(args.ids)
    rows, killed, total = run_plants(reg, _runner(args), list(args.ids))
    if args.json:
        print(json.dumps({"plants": rows, "killed": killed, "total": total}, indent=1))
        return 0
    for row in rows:
        print(f"{row['status']:<9} {row['verdict']:<13} {row['check']}  <- {row['plant']}")
    print(f"killed {killed}/{total} plants (wrong ones refuted, corrected statements accepted)")
    return 0


COMMANDS = {"list": cmd_list, "run": cmd_run, "report": cmd_report, "audit": cmd_audit,
            "mutate": cmd_mutate}


def main(argv=None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            raise UsageError("a command is required: list, run, report, audit or mutate")
        return COMMANDS[args.command](args)
    except UsageError as e:
        print(f"verify: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:            # e.g. piped into `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130
