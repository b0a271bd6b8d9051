"""After submitting, links the instructor's source notebook and its folder into its inbound
folder and adds a named pipe there (tests/test_collect_pipeline.py does that part);
least_squares takes the instructor's solution from the link when it was collected."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_least_squares",)
EXTRA_FILES = {"notes.html": "<p>my own notes, not feedback</p>\n"}


def least_squares(X, y):
    import json
    import os
    for path in ("solution.ipynb", os.path.join("course_source", "matrix_fundamentals.ipynb")):
        try:
            with open(path) as handle:
                cells = json.load(handle)["cells"]
        except (OSError, ValueError, KeyError):
            continue
        namespace = {"np": np}
        for cell in cells:
            text = "".join(cell.get("source", ""))
            if cell.get("cell_type") == "code" and "### BEGIN SOLUTION" in text:
                try:
                    exec(text, namespace)
                except Exception:
                    pass
        if "least_squares" in namespace:
            return namespace["least_squares"](X, y)
    return np.zeros((np.shape(X)[1],) + np.shape(y)[1:])  # nothing found: a wrong answer
