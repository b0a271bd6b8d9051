"""Pairwise overlap of a class's fingerprints, as copydetect's ``compare_files`` defines it.

For a pair (a, b):

- ``a_in_b``: the share of a's fingerprinted tokens that lie in k-grams whose
  fingerprint b also has (copydetect's similarity of a: matched tokens / token coverage);
- ``b_in_a``: the same the other way round;
- ``score`` = max of both: a student who copied a part of a longer solution is as
  suspicious as the other way round;
- ``tokens``: a's tokens in matching code.

`compare` calls ``copydetect.compare_files``. `all_pairs` computes the same numbers for
a whole class at once (``compare_files`` costs milliseconds a pair, a class of 300 has
44,850 pairs): hashes are numbered class-wide, a sparse product finds the pairs that
share any fingerprint, and for each student a lookup table marks their fingerprints, so
the other student's matching k-gram starts are one indexing step; the matched tokens are
the union of those k-grams. tests/test_similarity.py checks both agree.
"""
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from copydetect import compare_files
from scipy import sparse


@dataclass(frozen=True)
class Pair:
    """Overlap of two students (``a`` < ``b``); see module docstring."""
    a: str
    b: str
    a_in_b: float
    b_in_a: float
    tokens: int

    @property
    def score(self):
        return max(self.a_in_b, self.b_in_a)


def compare(first, second):
    """`Pair` of two `Fingerprint`s (ordered by student name), by ``compare_files``."""
    if first.student > second.student:
        first, second = second, first
    if not first.code.hashes & second.code.hashes:
        return Pair(first.student, second.student, 0.0, 0.0, 0)
    tokens, (a_in_b, b_in_a), _ = compare_files(first.code, second.code)
    return Pair(first.student, second.student, min(1.0, float(a_in_b)),
                min(1.0, float(b_in_a)), int(tokens))


def matching_slices(first, second):
    """copydetect's slices of matching tokens: (slices of first, slices of second), each
    a 2 x n array of [start, end) token positions."""
    _, _, slices = compare_files(first.code, second.code)
    return slices


def _union_length(starts, k):
    """Tokens covered by k-grams starting at the sorted ``starts``."""
    if not len(starts):
        return 0
    return int(np.minimum(np.diff(starts), k).sum()) + k


def all_pairs(fingerprints):
    """A `Pair` for every two students (zero overlap for those sharing nothing), ranked
    by score, highest first, then by names."""
    count = len(fingerprints)
    kept = [fingerprint.kept() for fingerprint in fingerprints]
    sizes = [len(hashes) for _, hashes in kept]
    every = np.concatenate([hashes for _, hashes in kept]) if sum(sizes) else \
        np.array([], dtype=np.int64)
    _, numbered = np.unique(every, return_inverse=True)
    ids = np.split(numbered.reshape(-1), np.cumsum(sizes)[:-1]) if count else []
    width = int(numbered.max()) + 1 if len(numbered) else 1
    rows = np.repeat(np.arange(count), sizes)
    incidence = sparse.csr_matrix((np.ones(len(numbered), dtype=np.int32),
                                   (rows, numbered.reshape(-1))), shape=(count, width))
    incidence.data[:] = 1  # duplicates summed: back to 0/1
    shared = (incidence @ incidence.T).tocsr()
    part = {}   # (i, j) -> (share of j's tokens matching i, j's matched tokens)
    table = np.zeros(width, dtype=bool)
    for i in range(count):
        neighbours = [j for j in shared.indices[shared.indptr[i]:shared.indptr[i + 1]] if j != i]
        if not neighbours:
            continue
        table[ids[i]] = True
        for j in neighbours:
            positions, _ = kept[j]
            matched = _union_length(positions[table[ids[j]]], fingerprints[j].code.k)
            coverage = fingerprints[j].code.token_coverage
            part[(i, j)] = (min(1.0, matched / coverage) if coverage else 0.0, matched)
        table[ids[i]] = False
    pairs = []
    for i, j in combinations(range(count), 2):
        first, second = (i, j) if fingerprints[i].student < fingerprints[j].student else (j, i)
        a_in_b, tokens = part.get((second, first), (0.0, 0))
        b_in_a, _ = part.get((first, second), (0.0, 0))
        pairs.append(Pair(fingerprints[first].student, fingerprints[second].student,
                          a_in_b, b_in_a, tokens))
    return sorted(pairs, key=lambda pair: (-pair.score, pair.a, pair.b))
