"""The web face of the graph: the SPARQL endpoint, entity pages, and the browse pages.

``app.create_app(project)`` builds the FastAPI application; routes live per page family
(``sparql_routes``, ``page_routes``); ``negotiation`` chooses a media type from one table.
"""
