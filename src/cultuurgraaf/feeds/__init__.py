"""Doors for systems that follow the graph rather than query it, written from the builds' changes.

- :mod:`.changes`: the change log: what each build changed in each source, kept across builds.
- :mod:`.ldes`: each source's changes as a Linked Data Event Stream (docs/ldes.md).
- :mod:`.oai`: an OAI-PMH 2.0 provider over the same log (docs/oai-pmh.md), with the records in
  Dublin Core, EDM and LIDO written by :mod:`.crosswalks`.
"""
