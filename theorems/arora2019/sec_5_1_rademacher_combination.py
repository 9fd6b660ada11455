"""arora2019, Section 5.1: combining Lemmas 5.3 and 5.4 into Theorem 5.1.

Statement (our words). Putting Lemma 5.3's movement bounds (B ~ sqrt(y^T H_inf^-1 y), per-neuron
R = O(n/(sqrt(m) lambda_0 sqrt(delta)))) into Lemma 5.4 shows that the GD solution lies in a
class whose empirical Rademacher complexity is, as printed in the text we have,
sqrt(y^T H_inf^-1 y) / (2n) plus negligible terms; the standard Rademacher bound then gives
Theorem 5.1.

What we find. Lemma 5.4's leading term is B/sqrt(2n); at B = sqrt(y^T H^-1 y) this is
sqrt(y^T H^-1 y/(2n)), not sqrt(y^T H^-1 y)/(2n) (the two differ by a factor sqrt(2n)), and only
the former gives Theorem 5.1's sqrt(2 y^T H^-1 y/n) after the factor 2 of the Rademacher bound.
The printed form is probably a misplaced square root (possibly a transcription artefact of the
text we were given). Also, 'negligible' is loose: under Theorem 5.1's kappa = O(lambda_0 delta/n)
the kappa-term of Lemma 5.3 is O(1) and contributes O(1/sqrt(n)) to the complexity, of the same
order as the leading term when y^T H^-1 y = O(1); it is absorbed by the O-term of (9).

Checks
------
* ``as_printed`` (symbolic): sympy substitutes B and R from Lemma 5.3 into Lemma 5.4, takes
  m = kappa^-6 (which satisfies m >= kappa^-2 poly for small kappa) and kappa -> 0, and
  compares the limit with the printed expression.
* ``corrected_combination`` (symbolic): the limit equals sqrt(y^T H^-1 y/(2n)), and twice it is
  the leading term of (9).
"""
from __future__ import annotations

import sympy as sp

from verify import Claim, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.sec_5_1_rademacher_combination", paper="arora2019",
    label="Section 5.1, combination of Lemmas 5.3 and 5.4", section="5.1", kind="claim",
    statement=(
        "With Lemma 5.3's bounds in Lemma 5.4, the GD solution lies in a class of Rademacher "
        "complexity sqrt(y^T H_inf^-1 y)/(2n) (as printed) plus negligible terms, which yields "
        "Theorem 5.1."),
    depends_on=["arora2019.lemma_5_3", "arora2019.lemma_5_4"],
)

PAPER_COMPLEXITY = "sqrt(q)/(2*n)"          # as printed in the provided text; q = y^T H^-1 y
CORRECTED_COMPLEXITY = "sqrt(q/(2*n))"

q, n, lam0, delta, kappa, m, cR, cK, P = sp.symbols("q n lambda_0 delta kappa m c_R c_kappa P",
                                                   positive=True)


def combined_limit():
    """Lemma 5.4 at Lemma 5.3's B and R, with m = kappa^-6 and kappa -> 0."""
    B = sp.sqrt(q) + cK * n * kappa / (lam0 * delta) + P / (m ** sp.Rational(1, 4) * sp.sqrt(kappa))
    R = cR * n / (sp.sqrt(m) * lam0 * sp.sqrt(delta))
    L = sp.log(2 / delta)
    lemma54 = B / sp.sqrt(2 * n) * (1 + (2 * L / m) ** sp.Rational(1, 4)) + 2 * R ** 2 * sp.sqrt(m) / kappa \
        + R * sp.sqrt(2 * L)
    expr = lemma54.subs(m, kappa ** -6)
    return sp.simplify(sp.limit(expr, kappa, 0, "+")), lemma54


@CLAIM.check(method="symbolic", tier="quick", established="corrected")
def as_printed(ctx, printed=PAPER_COMPLEXITY):
    """The limit of Lemma 5.4 at Lemma 5.3's movement bounds against the printed complexity."""
    lim, _ = combined_limit()
    P_ = sp.sympify(printed, locals={"q": q, "n": n})
    gap = sp.simplify(lim - P_)
    ratio = sp.simplify(lim / P_)
    theorem = sp.simplify(2 * P_ - sp.sqrt(2 * q / n))
    observed = {"limit": str(lim), "limit / printed": str(ratio), "2 printed - sqrt(2q/n)": str(theorem)}
    if gap == 0:
        return Evidence(verdict="proved", expected=f"R_S -> {printed}", observed=observed,
                        details="the printed complexity is the limit")
    corrected = f"Rademacher complexity sqrt(y^T H^-1 y/(2n)) (+ O(1/sqrt(n)) from the kappa-term)"
    ok_corr = sp.simplify(lim - sp.sympify(CORRECTED_COMPLEXITY, locals={"q": q, "n": n})) == 0
    if not ok_corr:
        return Evidence(verdict="refuted", expected=f"R_S -> {printed}", observed=observed,
                        details=f"the limit is {lim}")
    return Evidence(
        verdict="corrected", expected=f"R_S -> {printed}", observed=observed, corrected=corrected,
        errata=[
            Erratum(kind="typo", says="Rademacher complexity at most sqrt(y^T (H_inf)^-1 y)/(2n)",
                    correct="sqrt(y^T (H_inf)^-1 y / (2n))",
                    evidence=f"sympy: Lemma 5.4 at B = sqrt(y^T H^-1 y) tends to {lim}, which is "
                             f"{ratio} times the printed value; only the corrected form, doubled by "
                             "the Rademacher bound, gives (9). (Possibly a transcription artefact.)"),
            Erratum(kind="loose", says="plus negligible errors",
                    correct="plus O(1/sqrt(n)): with kappa = c lambda_0 delta/n (Theorem 5.1), Lemma "
                            "5.3's O(n kappa/(lambda_0 delta)) = O(c) adds c/sqrt(2n) to the complexity, "
                            "comparable with the leading term when y^T H^-1 y = O(1); it is absorbed "
                            "by the O-term of (9)",
                    evidence="substituting kappa = c lambda_0 delta/n in Lemma 5.3's kappa-term")],
        details=f"Lemma 5.4 with Lemma 5.3's B and R tends to {lim} as m = kappa^-6 -> infinity; the "
                f"printed {printed} differs from it by the factor limit/printed = {ratio}.")


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def corrected_combination(ctx, complexity=CORRECTED_COMPLEXITY, rademacher_factor=2):
    """The limit is sqrt(q/(2n)) and rademacher_factor times it is Theorem 5.1's leading term."""
    lim, _ = combined_limit()
    C = sp.sympify(complexity, locals={"q": q, "n": n})
    gap1 = sp.simplify(lim - C)
    gap2 = sp.simplify(rademacher_factor * C - sp.sqrt(2 * q / n))
    observed = {"limit": str(lim), "limit - stated": str(gap1),
                f"{rademacher_factor} x stated - sqrt(2 q/n)": str(gap2)}
    if gap1 == 0 and gap2 == 0:
        return Evidence(verdict="proved", expected=f"R_S -> {complexity}; x{rademacher_factor} = (9)",
                        observed=observed,
                        details="exact (sympy): every per-neuron term (2R^2 sqrt(m)/kappa, "
                                "R sqrt(2 log(2/delta))), the m^-1/4 factor and the kappa-terms vanish "
                                "in the limit; what remains doubles to sqrt(2 y^T H^-1 y/n).")
    return Evidence(verdict="refuted", expected=f"R_S -> {complexity}; x{rademacher_factor} = (9)",
                    observed=observed, details=f"mismatch: {gap1}, {gap2}")


CLAIM.plant("corrected_combination", "complexity sqrt(q/n) (factor 1/2 lost)", complexity="sqrt(q/n)")
CLAIM.plant("corrected_combination", "Rademacher bound without the factor 2", rademacher_factor=1)
CLAIM.plant("as_printed", "corrected statement: complexity sqrt(q/(2n))", expect="proved",
            printed=CORRECTED_COMPLEXITY)
CLAIM.plant("as_printed", "complexity sqrt(2q/n) (Theorem 5.1's term, Rademacher factor 2 applied)",
            printed="sqrt(2*q/n)")
