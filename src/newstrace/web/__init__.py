"""`newstrace serve`: a local JSON API over a store (read-only by default).

`create_app(db_path)` builds the FastAPI application; `newstrace.cli.serve` runs it with uvicorn.
"""

from __future__ import annotations

from newstrace.web.app import create_app

__all__ = ["create_app"]
