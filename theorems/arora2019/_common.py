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
