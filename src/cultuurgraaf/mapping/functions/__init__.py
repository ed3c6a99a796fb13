"""Named value transforms that mappings may call: text (``text.py``), dates (``dates.py``), lists of
names (``names.py``) and the script and language of labels (``languages.py``),
registered by name in ``registry.py``, which also holds the one rule they all follow on missing,
empty and unreadable values (:data:`RULE`)."""

from . import dates, languages, names, text  # noqa: F401 - importing them registers their functions
from .registry import (ALIASES, CG, FUNCTIONS, GREL, RULE, Function, Guessed, Unreadable, Written, call, catalogue,
                       expand, local_name, lookup, short_name, signature, values_of)

__all__ = ["ALIASES", "CG", "FUNCTIONS", "GREL", "RULE", "Function", "Guessed", "Unreadable", "Written", "call", "catalogue",
           "expand", "local_name", "lookup", "short_name", "signature", "values_of"]
