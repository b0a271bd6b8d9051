"""The hidden-test region of an autograded test cell, cut as nbgrader cuts it.

A test cell's source (str) ends with a region of whole lines between nbgrader's delimiters,
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``. nbgrader's `ClearHiddenTests`
preprocessor removes that region when it releases an assignment; the same preprocessor
(with its delimiters) makes the visible part here, so that the sample submissions, the
feedback and the tests see exactly what students see.
"""
from nbformat.v4 import new_code_cell
from nbgrader.preprocessors import ClearHiddenTests

BEGIN = ClearHiddenTests.begin_test_delimeter.default_value   # "BEGIN HIDDEN TESTS"
END = ClearHiddenTests.end_test_delimeter.default_value       # "END HIDDEN TESTS"


def visible_part(source):
    """``source`` without its hidden-test region (str), as nbgrader releases the cell.

    Raises RuntimeError (nbgrader's) for a region without its end delimiter.
    """
    clear = ClearHiddenTests(enforce_metadata=False)
    cell, _ = clear.preprocess_cell(new_code_cell(source), {}, 0)
    return cell.source


def hidden_part(source):
    """The lines between the delimiters of ``source``'s first hidden-test region (str,
    one line per line, '' when there is none)."""
    lines = source.split("\n")
    begin = next((i for i, line in enumerate(lines) if BEGIN in line), None)
    if begin is None:
        return ""
    end = next((i for i, line in enumerate(lines) if i > begin and END in line), len(lines))
    return "\n".join(lines[begin + 1:end])
