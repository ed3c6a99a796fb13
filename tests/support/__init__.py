"""What the tests share, so that no test module imports another.

- :mod:`.paths`: the checkout's folders, and ``../shared`` (skipped, saying so, where it is absent).
- :mod:`.http`: an app behind a real server on 127.0.0.1, and the check of the one JSON error shape.
- :mod:`.apps`: the one factory of app clients; ``conftest.py`` makes its shared variants fixtures.
- :mod:`.graphs`: graphs and datasets compared by isomorphism, with a diff that says what is only in
  the expected graph and what only in the actual one.
- :mod:`.manifests`: the one reader of the conformance suites' manifests (RML, SHACL, SPARQL Protocol).
- :mod:`.shape_cases`: the golden cases of the shapes (``tests/cases/shapes/``) and what each expects.
- :mod:`.demo_facts`, :mod:`.demo_things`, :mod:`.projects`: the demo project: what its extracts say,
  the things the page tests look at, and throw-away copies of it.
- :mod:`.samples`: the samples project over ``../shared/samples``, built once per run.
- :mod:`.oxigraph_server`: Oxigraph's own SPARQL server, loaded with a test's files.
- :mod:`.parallel`: which tests may run beside which on the two workers of a run (pytest-xdist).
"""
