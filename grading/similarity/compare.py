"""Pairwise overlap of a class's fingerprints (copydetect's ``compare_files``).

Only pairs that share at least one fingerprint are compared (an inverted index from
hash to students finds them); every other pair has overlap 0. For a pair (a, b):

- ``a_in_b``: the share of a's fingerprinted tokens that lie in code matching b;
- ``b_in_a``: the same the other way round;
- ``score`` = max of both: a student who copied a part of a longer solution is as
  suspicious as the other way round;
- ``tokens``: tokens of a in matching code.
"""
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from copydetect import compare_files


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
    """`Pair` of two `Fingerprint`s (ordered by student name)."""
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


def candidate_pairs(fingerprints):
    """Index pairs (i, j), i < j, of fingerprints that share at least one hash."""
    owners = defaultdict(list)
    for index, fingerprint in enumerate(fingerprints):
        for value in fingerprint.code.hashes:
            owners[value].append(index)
    pairs = set()
    for indices in owners.values():
        if len(indices) > 1:
            pairs.update(combinations(indices, 2))
    return sorted(pairs)


def all_pairs(fingerprints):
    """A `Pair` for every two students (zero overlap for those sharing nothing), ranked
    by score, highest first, then by names."""
    scored = {(i, j): compare(fingerprints[i], fingerprints[j])
              for i, j in candidate_pairs(fingerprints)}
    pairs = []
    for i, j in combinations(range(len(fingerprints)), 2):
        pair = scored.get((i, j))
        if pair is None:
            a, b = sorted((fingerprints[i].student, fingerprints[j].student))
            pair = Pair(a, b, 0.0, 0.0, 0)
        pairs.append(pair)
    return sorted(pairs, key=lambda pair: (-pair.score, pair.a, pair.b))
