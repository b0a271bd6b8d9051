"""Student HTML and JavaScript made inert in autograded notebooks.

The formgrader renders an autograded notebook as HTML inside the instructor's
JupyterLab, on the same origin as the Jupyter server: a student's ``<script>`` or
``onerror=`` there would run with the instructor's session (open a terminal, rewrite the
gradebook). nbgrader renders outputs and markdown cells as they are, so the autograde
step sanitizes them before the notebook is written (and before feedback is made from it):

- code cell outputs: nbconvert's ``SanitizeHTML`` (bleach): ``text/html`` and
  ``text/markdown`` are cleaned to a small tag allowlist; ``application/javascript``,
  ``image/svg+xml`` and every other rich type are dropped (their ``text/plain`` stays);
  streams, errors, PNG/JPEG, LaTeX and JSON are shown as text or images anyway;
- markdown cells: cleaned by the same sanitizer when they contain any place where HTML
  markup could start (``contains_markup``). Cells without markup are left as written, because
  bleach would turn the ``&``, ``<`` and ``>`` of LaTeX into entities that the
  markdown renderer then shows literally; markdown syntax itself creates no script;
- raw cells: always cleaned.

Run it after ``SaveAutoGrades``: a cleaned answer cell must not look changed to nbgrader's
checksum test (which decides whether a manually graded answer needs grading).
"""
import string

from nbconvert.preprocessors.sanitize import SanitizeHTML
from traitlets import Bool


def contains_markup(text):
    """True when ``text`` has a place where an HTML tokenizer would start markup.

    By the HTML standard a tag, end tag, comment, declaration or processing instruction
    can only begin with ``<`` directly followed by an ASCII letter, ``/``, ``!`` or ``?``
    (the "tag open" state); ``$M < N$`` or ``$i > r$`` cannot start any.
    """
    return any(text[index + 1] in _MARKUP_START for index in range(len(text) - 1)
               if text[index] == "<")


_MARKUP_START = frozenset(string.ascii_letters + "/!?")


class SanitizeStudentHTML(SanitizeHTML):
    """nbconvert's SanitizeHTML for autograded notebooks (see module docstring).

    Enabled by default: nbconvert preprocessors are disabled unless told otherwise, and an
    exporter silently skips a disabled one.
    """

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown" and not contains_markup(cell.source):
            return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)
