"""The review web app: ``create_app(store)`` returns a FastAPI application.

Server-rendered pages (Jinja2, autoescaped) with a little vanilla JavaScript; no
front-end build. Article text is untrusted: highlights are built server-side by
slicing the text at span offsets and escaping every piece.
"""
