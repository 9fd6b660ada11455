"""Shared helper for the arora2019 Section 5/6 modules (private: not a claim module).

``one_blas_thread``: run a check with OpenBLAS/MKL limited to one thread. On the small,
shared machine a multithreaded BLAS makes small dense solves 10-50x slower under load;
torch is already limited by the runner, numpy's BLAS is not.
"""
from __future__ import annotations

import functools

from threadpoolctl import threadpool_limits


def one_blas_thread(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1):
            return func(*args, **kwargs)
    return wrapper


CONVERGING = -0.1   # slope in m separating "shrinks like m^(-1/4)" (predicted) from a plateau (0)


def width_trend_evidence(fit, worst_at_largest, plateau_floor, *, quantity, where, stated,
                         expected, observed, table, setting, details=""):
    """Verdict of a "the deviation vanishes as m grows" check (Theorems 3.2, 4.1, equation (7)).

    ``fit`` is the bootstrap log-log fit of the deviation against the width m.
    Reproduced when the whole slope interval lies below CONVERGING (the fitted
    rate goes into the constants table as ``quantity ~ A m^s``); refuted when it
    lies above CONVERGING and the deviation at the largest width is still above
    ``plateau_floor`` (a plateau: wider nets do not approach the prediction);
    inconclusive otherwise.
    """
    from verify import Constant, Evidence

    common = dict(expected=expected, observed=observed, table=table, interval=[fit.lo, fit.hi])
    rate = f"s = {fit.slope:.3f} [{fit.lo:.3f}, {fit.hi:.3f}], A = {fit.constant:.3g}"
    if fit.hi < CONVERGING:
        return Evidence(verdict="reproduced", **common,
                        constants=[Constant(name=f"{quantity} ~ A m^s", where=where, stated=stated,
                                            found=rate, certified=False,
                                            how="bootstrap log-log fit over widths and seeds")],
                        details=f"the deviation shrinks like m^{fit.slope:.2f}{details}. "
                                f"Setting: {setting}.")
    if fit.lo > CONVERGING and worst_at_largest > plateau_floor:
        return Evidence(verdict="refuted", **common,
                        details=f"the deviation plateaus at {worst_at_largest:.3f} (slope "
                                f"{fit.slope:.2f}): wider nets do not approach this prediction. "
                                f"Setting: {setting}.")
    return Evidence(verdict="inconclusive", **common,
                    details=f"no clear trend (slope {fit.slope:.2f}). Setting: {setting}.")
