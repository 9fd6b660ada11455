"""verify: a claim-by-claim verification framework. It knows no paper.

Theorem modules import the data model from here::

    from verify import Claim, Evidence, Erratum, Constant
"""
from .claims import (DECIDED, SCOPES, VERDICTS, Check, Claim, Constant, Erratum, Evidence,
                     ModelError, Plant, combine_verdicts, inconclusive)

__all__ = ["Claim", "Check", "Evidence", "Erratum", "Constant", "Plant", "VERDICTS",
           "DECIDED", "SCOPES", "ModelError", "combine_verdicts", "inconclusive"]
__version__ = "0.1.0"
