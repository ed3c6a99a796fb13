"""A proposed mapping for an export that no built-in kind reads: ``cultuurgraaf init``.

The flow, module by module: ``reading`` decides how to read the export (format, encoding, CSV
dialect and header, where the records are); ``fields`` lists what a rule can reference (columns,
JSON paths, XML paths); ``profile`` reads every record and counts what each field holds, by the
value forms of ``forms``; ``kinds`` guesses what a record is; ``roles`` reads what a field is for
from its name; ``propose``, ``related`` and ``parts`` write the mapping onto the model, every
rule with the comment that says what it saw (``yaml_text``); ``write`` puts it into a project.
"""

from .profile import Profile, profile_export
from .propose import Proposal, propose
from .write import InitResult, init_source

__all__ = ["InitResult", "Profile", "Proposal", "init_source", "profile_export", "propose"]
