"""A class's similarity: read, fingerprint, compare; the result a report is written from.

`analyse(course_root, assignment)` -> `SimilarityResult`: the students' fingerprints,
every pair ranked (compare.py), each student's highest pair, and the flagged pairs
(score >= threshold).
"""
from dataclasses import dataclass, field
from pathlib import Path

from .compare import all_pairs
from .extract import file_chunks, read_class, release_chunks
from .fingerprint import boilerplate_hashes, fingerprint
from .threshold import MIN_TOKENS, THRESHOLD


@dataclass
class SimilarityResult:
    """What `analyse` found; ``fingerprints`` by student, ``pairs`` ranked."""
    assignment: str
    threshold: float
    min_tokens: int = MIN_TOKENS
    fingerprints: dict = field(default_factory=dict)
    pairs: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)   # student -> [files not read, why]

    def is_flagged(self, pair):
        """Score at or above the threshold on at least ``min_tokens`` matching tokens."""
        return pair.score >= self.threshold and pair.tokens >= self.min_tokens

    @property
    def flagged(self):
        """The flagged pairs, ranked."""
        return [pair for pair in self.pairs if self.is_flagged(pair)]

    def highest(self):
        """{student: the student's highest-scoring `Pair`, None if it shares nothing}."""
        best = {student: None for student in self.fingerprints}
        for pair in self.pairs:  # ranked: the first pair of a student is the highest
            if not pair.score:
                break
            for student in (pair.a, pair.b):
                if best[student] is None:
                    best[student] = pair
        return best

    def flags(self):
        """{student: ["similar-to:<other>", ...]} for every flagged student."""
        flags = {}
        for pair in self.flagged:
            flags.setdefault(pair.a, []).append(f"similar-to:{pair.b}")
            flags.setdefault(pair.b, []).append(f"similar-to:{pair.a}")
        return {student: sorted(values) for student, values in sorted(flags.items())}


def analyse(course_root, assignment, source="submitted", boilerplate_files=(),
            threshold=THRESHOLD, min_tokens=MIN_TOKENS):
    """`SimilarityResult` of the submissions in ``<course_root>/<source>/``.

    Boilerplate: the release of ``assignment`` in ``<course_root>/release/`` and each of
    ``boilerplate_files`` (notebooks or .py files, e.g. code handed out in the lecture).
    """
    boilerplate_chunks = release_chunks(course_root, assignment)
    for path in boilerplate_files:
        boilerplate_chunks += file_chunks(Path(path))
    boilerplate = boilerplate_hashes(boilerplate_chunks)
    result = SimilarityResult(assignment, threshold, min_tokens)
    for submission in read_class(course_root, assignment, source):
        try:
            result.fingerprints[submission.student] = fingerprint(
                submission.student, submission.chunks, boilerplate)
        except Exception as error:   # noqa: BLE001 - one student's files never stop the class
            submission.skipped.append(f"not compared: {type(error).__name__}: {error}"[:300])
        if submission.skipped:
            result.skipped[submission.student] = submission.skipped
    result.pairs = all_pairs(list(result.fingerprints.values()))
    return result
