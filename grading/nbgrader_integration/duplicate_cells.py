"""`SanitizeDuplicates`: copied graded cells lose their grade id before nbgrader sees them.

It runs inside nbgrader's sanitize step: a graded or solution cell that a student copied
carries a duplicate grade id, on which nbgrader 0.9.6 stops the whole batch. The first cell
with an id keeps it; later copies lose their nbgrader metadata and become ordinary cells.
The step also drops any findings the submitted notebook carries (`grading.findings.clear`).
"""
from nbgrader.preprocessors import NbGraderPreprocessor

from .. import findings
from ..cell_metadata import grade_id, nbgrader_metadata


class SanitizeDuplicates(NbGraderPreprocessor):
    """Strip nbgrader metadata from every repeated occurrence of a grade id."""

    def preprocess(self, nb, resources):
        findings.clear(nb)  # flags are the grader's to write, never the student's
        seen = set()
        duplicates = []
        for cell in nb.cells:
            if not nbgrader_metadata(cell):
                continue
            identifier = grade_id(cell)
            if identifier in seen:
                duplicates.append(identifier)
                cell.metadata.pop("nbgrader", None)
            elif identifier is not None:
                seen.add(identifier)
        if duplicates:
            self.log.warning("Duplicate grade ids removed: %s", ", ".join(sorted(set(duplicates))))
            findings.record(nb, flags=["duplicate-cells"],
                            problems=[f"cell {identifier} appears more than once; graded the "
                                      "first copy" for identifier in sorted(set(duplicates))])
        return nb, resources
