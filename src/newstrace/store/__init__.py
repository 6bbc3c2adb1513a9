"""The local store: a SQLite file of records, de-duplicated, resumable (see store.py)."""

from newstrace.store.dedup import text_key
from newstrace.store.store import AddResult, CopyMeta, Store, StoreError, default_db_path

__all__ = ["AddResult", "CopyMeta", "Store", "StoreError", "default_db_path", "text_key"]
