"""Duplicate detection. Exact: a hash of the normalised text. Near: MinHash over word shingles,
with LSH bands kept in SQL.

A signature is 128 MinHash values (datasketch, affine32 scheme, fixed seed, so every process and
every run computes the same signature for the same text). It is cut into 32 bands of 4 values;
each band is hashed to one signed 64-bit integer, the form SQLite stores natively. Two articles
whose signatures agree on a whole band are candidates; with 32 x 4 an article pair at Jaccard 0.8
becomes a candidate with probability > 0.9999, at 0.5 about 0.87, at 0.2 about 0.05. Candidates are
filtered on the estimated Jaccard (share of equal values) and then verified on the exact Jaccard
of their shingle sets against the threshold.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SHINGLE = 5
BANDS = 32
ROWS = 4
DEFAULT_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u4")  # fixed byte order: the blob reads the same on any machine

Shingle = tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint32[NUM_PERM]

    def to_blob(self) -> bytes:
        return self.hashvalues.astype(_DTYPE).tobytes()

    @classmethod
    def from_blob(cls, blob: bytes) -> Signature:
        return cls(np.frombuffer(blob, dtype=_DTYPE))

    def bands(self) -> list[tuple[int, int]]:
        """(band number, band hash) for each of the BANDS bands."""
        values = self.hashvalues.astype(_DTYPE)
        return [(band, _band_hash(values[band * ROWS : (band + 1) * ROWS])) for band in range(BANDS)]

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of positions where the signatures agree."""
        return float(np.mean(self.hashvalues == other.hashvalues))

    def jaccard_many(self, blobs: list[bytes]) -> list[float]:
        """`jaccard` against many stored signatures at once (one numpy comparison)."""
        if not blobs:
            return []
        others = np.frombuffer(b"".join(blobs), dtype=_DTYPE).reshape(len(blobs), -1)
        return (others == self.hashvalues).mean(axis=1).tolist()


def _band_hash(values: np.ndarray) -> int:
    digest = hashlib.blake2b(values.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def text_key(text: str) -> str:
    """The exact-duplicate key: SHA-256 of the text in NFC, whitespace runs collapsed to one space,
    stripped. Texts that differ only in spacing or Unicode composition are the same text."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[Shingle]:
    """Word SHINGLE-grams of the lower-cased text; a text shorter than that is one shingle.

    Tuples, not joined strings: building and comparing them is several times cheaper, which
    matters for the exact Jaccard checks run under the store's write lock."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return set(zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def signature(grams: set[Shingle]) -> Signature | None:
    """The MinHash signature of a shingle set, or None when it is empty (no words to compare)."""
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([" ".join(gram).encode("utf-8") for gram in grams])
    return Signature(np.asarray(minhash.hashvalues, dtype=np.uint32))


def jaccard(text: str, other: str) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets."""
    return jaccard_sets(shingles(text), shingles(other))


def jaccard_sets(a: set[Shingle], b: set[Shingle]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
