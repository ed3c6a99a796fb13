"""Named value transforms that mappings may call: text (``text.py``) and dates (``dates.py``),
registered by name in ``registry.py``, which also holds the one rule they all follow on missing,
empty and unreadable values (:data:`RULE`)."""

from . import dates, text  # noqa: F401 - importing them registers their functions
from .registry import (ALIASES, CG, FUNCTIONS, GREL, RULE, Function, Unreadable, Written, call, catalogue,
                       expand, local_name, lookup, short_name, signature, values_of)

__all__ = ["ALIASES", "CG", "FUNCTIONS", "GREL", "RULE", "Function", "Unreadable", "Written", "call", "catalogue",
           "expand", "local_name", "lookup", "short_name", "signature", "values_of"]
