"""The Romulus backend: games in a database, served over HTTP with FastAPI.

Needs the ``server`` extra (``pip install 'romulus-nb[server]'``). ``romulus serve`` runs it
with uvicorn; `romulus_nb.server.app.create_app` makes the ASGI application. This package's
``__init__`` imports nothing, so that the ``romulus`` command can list ``serve`` and ``db``
without loading FastAPI or SQLAlchemy.
"""
