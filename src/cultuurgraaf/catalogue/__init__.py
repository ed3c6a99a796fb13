"""The graph that describes the others (``{base}/graph/meta``): written on every build, read by the pages.

- :mod:`.meta_graph`: the DCAT-AP catalogue, VoID statistics and PROV-O provenance of a generation.
- :mod:`.provenance`: the sources as that catalogue describes them, read once per generation.
- :mod:`.overview`: the dataset and catalogue pages, as tables of labelled terms and counts.

The names below are the package's public interface; import them from ``cultuurgraaf.catalogue``.
"""

from .meta_graph import Names, catalogue_graph, catalogue_quads, describe_generation
from .overview import OVERVIEW_KINDS, DatasetOverview, Overviews
from .provenance import Source, SourceCatalogue, licence_label

__all__ = ["OVERVIEW_KINDS", "DatasetOverview", "Names", "Overviews", "Source", "SourceCatalogue", "catalogue_graph", "catalogue_quads", "describe_generation",
           "licence_label"]
