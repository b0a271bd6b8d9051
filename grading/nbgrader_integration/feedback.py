"""Feedback that shows verdicts but neither hidden test code nor reference values."""
import re

from nbgrader.preprocessors import NbGraderPreprocessor

from ..nbcells import is_autograded_test

HIDDEN_REGION = re.compile(r"[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[^\n]*\n?", re.S)
NOTICE = "# (hidden tests are not shown)\n"


class RedactHiddenTests(NbGraderPreprocessor):
    """Remove hidden-test regions from test cells and code context from their tracebacks.

    nbgrader shows hidden tests in feedback by default, and a traceback of a test that ran
    in the kernel quotes the failing hidden line. Verdict messages (ename and evalue) stay.
    """

    def preprocess_cell(self, cell, resources, index):
        if not is_autograded_test(cell):
            return cell, resources
        cell.source = HIDDEN_REGION.sub(NOTICE, cell.source)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
