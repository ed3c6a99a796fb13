"""cultuurgraaf: from the Flemish cultural sector's exports to one linked-data graph.

The package follows the data flow: ``sources`` read extracts, ``mapping`` turns records into
quads, ``validation`` checks them against the shapes, ``linking`` links records across sources,
``store`` keeps them, with ``catalogue`` (the graph that describes the others) and ``search`` (the
full-text index) beside it; ``sparql`` answers queries, ``entities`` describes one thing, and
``web`` and ``cli`` are thin adapters on top. ``pipeline`` writes the whole flow once.
"""

__version__ = "0.1.0"
