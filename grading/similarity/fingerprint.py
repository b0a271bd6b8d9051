"""Winnowing fingerprints of a student's canonical token stream, with copydetect.

Each canonical token (see normalize.py) is mapped to one character, so that a
copydetect "document" is the student's token stream and copydetect's k-grams are
k-token windows. `fingerprint` -> `Fingerprint`: the copydetect ``CodeFingerprint``
(hashes of the winnowed k-grams, the k-gram positions of each hash, token coverage)
with boilerplate hashes removed, and the way back from a token position to the chunk and
character span of the canonical code (for the side-by-side report).

Hashes use Python's ``hash`` of strings (as copydetect does): they are comparable only
within one process, so a class is fingerprinted and compared in one process.
"""
import io
from dataclasses import dataclass, field

import numpy as np
from copydetect import CodeFingerprint
from copydetect.utils import get_token_coverage, hashed_kgrams

from .normalize import normalize

# Chosen on the calibration (calibrate.py; margins in threshold.py). Window 1 keeps every
# k-gram: scores are then exact and do not depend on the per-process string hash (with
# window 4 the selected fingerprints, and so the scores, moved by a few points between
# runs), and a class of 300 is still compared in seconds.
K = 12          # tokens per k-gram: about one statement; k = 8 gave independent pairs 0.89
WINDOW = 1      # winnowing window (1: every k-gram is a fingerprint)
SEPARATOR = "\x00"

_symbols = {}
FIRST_SYMBOL, LAST_SYMBOL = 0x4E00, 0x10FFFF


def symbol(token):
    """The one character standing for canonical ``token`` (stable within a process). Past
    the last code point (a million distinct tokens, only a flood of literals gets there)
    every new token shares the last one."""
    found = _symbols.get(token)
    if found is None:
        found = _symbols[token] = chr(min(FIRST_SYMBOL + len(_symbols), LAST_SYMBOL))
    return found


@dataclass
class Fingerprint:
    """One student's fingerprints.

    ``code``: copydetect CodeFingerprint (document = one character per token);
    ``displays``: [(chunk label, canonical code)]; ``spans``: for each token position,
    (chunk index, start, end) in that chunk's canonical code; ``tokens``: token count.
    """
    student: str
    code: object
    displays: list = field(default_factory=list)
    spans: list = field(default_factory=list)

    @property
    def tokens(self):
        return len(self.spans)

    def kept(self):
        """(positions, hashes): the start of every fingerprinted k-gram, sorted, and its
        hash (the arrays the class-wide comparison works on)."""
        pairs = sorted((position, value) for value, positions in self.code.hash_idx.items()
                       for position in positions)
        return (np.array([position for position, _ in pairs], dtype=np.int64),
                np.array([value for _, value in pairs], dtype=np.int64))


def _document(chunks):
    """(document, displays, spans) of a list of `Chunk`."""
    document, displays, spans = [], [], []
    for index, chunk in enumerate(chunks):
        normalized = normalize(chunk.text)
        if not normalized.tokens:
            continue
        displays.append((chunk.label, normalized.display))
        where = len(displays) - 1
        for token, start, end in normalized.tokens:
            document.append(symbol(token))
            spans.append((where, start, end))
        document.append(SEPARATOR)
        spans.append((where, len(normalized.display), len(normalized.display)))
    return "".join(document), displays, spans


def boilerplate_hashes(chunks, k=K):
    """Sorted unique hashes of every k-gram of the canonical boilerplate code."""
    hashes = []
    for chunk in chunks:
        document, _, _ = _document([chunk])
        if len(document) >= k:
            hashes.append(hashed_kgrams(document, k))
    return np.unique(np.concatenate(hashes)) if hashes else np.array([], dtype=np.int64)


def _separator_hashes(document, k):
    """Hashes of the k-grams that span a chunk boundary: code of two cells is never one
    match (a boundary lies elsewhere in each notebook and in the boilerplate)."""
    values = set()
    position = document.find(SEPARATOR)
    while position >= 0:
        for start in range(max(0, position - k + 1), min(position + 1, len(document) - k + 1)):
            values.add(hash(document[start:start + k]))
        position = document.find(SEPARATOR, position + 1)
    return values


def fingerprint(student, chunks, boilerplate=(), k=K, window=WINDOW):
    """`Fingerprint` of ``chunks`` (a list of `Chunk`); ``boilerplate``: hashes to drop."""
    document, displays, spans = _document(chunks)
    code = CodeFingerprint(student, k, window, filter=False, fp=io.StringIO(document))
    dropped = code.hashes & (set(np.asarray(boilerplate).tolist()) |
                             _separator_hashes(document, k))
    if dropped:
        code.hashes -= dropped
        for value in dropped:
            code.hash_idx.pop(value, None)
        code.token_coverage = get_token_coverage(code.hash_idx, k, len(document))
    return Fingerprint(student, code, displays, spans)
