"""SanitizeStudentHTML: student HTML/JavaScript made inert, the course's own text untouched."""
import nbformat
import pytest
from traitlets.config import Config

from nbconvert.filters import markdown2html

from grading.nbgrader_integration.sanitize import SanitizeStudentHTML, contains_markup, unsafe_schemes
from grading.paths import COURSE_ROOT, source_notebook
from grading.registry import ASSIGNMENTS


def _sanitized(*cells):
    """Run as an exporter runs it (``__call__`` skips a disabled preprocessor)."""
    notebook, _ = SanitizeStudentHTML()(nbformat.v4.new_notebook(cells=list(cells)), {})
    return notebook.cells


def test_html_output_is_escaped_and_script_outputs_dropped():
    code = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={
            "text/html": '<b>ok</b><script>steal()</script><img src=x onerror="steal()">',
            "text/plain": "<HTML object>"}),
        nbformat.v4.new_output("display_data", data={
            "application/javascript": "steal()", "text/plain": "<Javascript object>"}),
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": "<svg><script>steal()</script></svg>", "text/plain": "<SVG>",
            "image/png": "iVBORw0KGgo="}),
        nbformat.v4.new_output("stream", name="stdout", text="<script>steal()</script>\n")])
    html, javascript, svg, stream = _sanitized(code)[0].outputs
    assert html.data["text/html"] == \
        '<b>ok</b>&lt;script&gt;steal()&lt;/script&gt;&lt;img src=x onerror="steal()"&gt;'
    assert set(javascript.data) == {"text/plain"}
    assert set(svg.data) == {"text/plain", "image/png"}
    assert stream.text == "<script>steal()</script>\n"    # rendered as escaped text anyway


def test_markdown_with_markup_is_escaped():
    cell = _sanitized(nbformat.v4.new_markdown_cell(
        'My answer <img src=x onerror="steal()"> <svg/onload="steal()">'))[0]
    assert "<img" not in cell.source and "<svg" not in cell.source
    assert "&lt;img" in cell.source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_course_markdown_without_markup_is_left_as_written(assignment):
    notebook = nbformat.read(str(source_notebook(assignment)), 4)
    before = [cell.source for cell in notebook.cells]
    notebook, _ = SanitizeStudentHTML()(notebook, {})
    markdown = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"]
    unchanged = [index for index in markdown if notebook.cells[index].source == before[index]]
    with_markup = [index for index in markdown if contains_markup(before[index])]
    assert sorted(unchanged + with_markup) == markdown
    assert len(unchanged) > len(markdown) // 2


@pytest.mark.parametrize("text, markup", [
    ("$M < N$ and $i > r$, $x & y$", False), ("&lt;script&gt;", False), ("a < b", False),
    ("text <", False), ("<img src=x onerror=a()>", True), ("x <img src=x onerror=a()", True),
    ("<!-- c -->", True), ("</p>", True), ("<?x ?>", True), ("$a<b$", True)])
def test_contains_markup(text, markup):
    assert contains_markup(text) is markup


def test_the_course_configuration_sanitizes_after_saving_the_scores():
    namespace = {"get_config": Config, "__file__": str(COURSE_ROOT / "nbgrader_config.py")}
    exec(compile((COURSE_ROOT / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec"),
         namespace)
    steps = [step.__name__ for step in namespace["c"].Autograde.autograde_preprocessors]
    assert steps.index("SanitizeStudentHTML") > steps.index("SaveAutoGrades")


@pytest.mark.parametrize("source", [
    "[see my derivation](javascript:steal())", "[x](JaVaScRiPt:steal())",
    "[x][r]\n\n[r]: javascript:steal()", "[x](jav&#x61;script:steal())",
    "![i](javascript:steal())", "[x](vbscript:steal)",
    "[x](data:text/html,<script>steal()</script>)", "$a<b$ and <b>bold</b> [x](javascript:steal())"])
def test_markdown_links_with_a_script_address_lose_the_address_and_are_flagged(source):
    notebook, _ = SanitizeStudentHTML()(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(source)]), {})
    html = markdown2html(notebook.cells[0].source)
    assert "script:" not in html.lower() and "data:text" not in html
    assert unsafe_schemes(html) == []
    assert notebook.metadata.ddasp["flags"] == ["unsafe-link"]
    assert "markdown cell 1 links to" in notebook.metadata.ddasp["problems"][0]


def test_safe_links_images_and_math_are_left_as_written():
    source = ("See [the notes](https://example.org/a?b=1), [a section](#rank), "
              "[mail](mailto:x@y.z), ![plot](plot.png) and $M < N$, $x & y$.")
    notebook, _ = SanitizeStudentHTML()(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(source)]), {})
    assert notebook.cells[0].source == source and "ddasp" not in notebook.metadata


def test_unsafe_schemes_reads_addresses_as_a_browser_does():
    assert unsafe_schemes('<a href=" \tjava\nscript:x()">a</a><img src="data:image/png;base64,AA">'
                          '<a href="../x.ipynb">b</a><img src="HTTPS://x/y.png">') == ["javascript"]
