"""Verdict of a fit of the NTK as positive multiples of known kernels (private helper).

Shared by the lifting of Appendix B.1 and equation (B.1): both fit Monte Carlo NTK values
as a combination of two known kernels, compare the fitted multiples with the pinned ones
(z-scores) and require them to be positive.
"""
from __future__ import annotations

import numpy as np


def sign_finding(label, coef, sd, z_crit, what="a multiple"):
    """("bad", msg) if some multiple is significantly negative, ("weak", msg) if some is not
    significantly positive, (None, None) otherwise."""
    coef, sd = np.asarray(coef, float), np.asarray(sd, float)
    if (coef + z_crit * sd).min() < 0:
        return "bad", f"{label}: {what} is significantly negative"
    if (coef - z_crit * sd).min() <= 0:
        return "weak", f"{label}: {what} is not significantly positive"
    return None, None


def multiples_evidence(bad, weak, *, expected, observed, rows, seed, tolerance, details):
    """Refuted on any bad finding; inconclusive when only positivity is not shown; else confirmed."""
    from verify import Evidence

    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        seed=seed, details="; ".join(bad))
    if weak:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        seed=seed, details="agrees with the pinned multiples, but too few "
                                           "samples to show positivity: " + "; ".join(weak))
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    seed=seed, tolerance=tolerance, details=details)
