"""The graph that describes the others (``{base}/graph/meta``): written on every build, read by the pages.

- :mod:`.meta_graph`: the DCAT-AP catalogue, VoID statistics and PROV-O provenance of a generation.
- :mod:`.provenance`: the sources as that catalogue describes them, read once per generation.

The names below are the package's public interface; import them from ``cultuurgraaf.catalogue``.
"""

from .meta_graph import Names, catalogue_graph, catalogue_quads, describe_generation
from .provenance import Source, SourceCatalogue, licence_label

__all__ = ["Names", "Source", "SourceCatalogue", "catalogue_graph", "catalogue_quads", "describe_generation",
           "licence_label"]
