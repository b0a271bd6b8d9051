"""The instructor's view: nbgrader's formgrader inside JupyterLab, in headless Chromium.

A small course (``formgrader_course``: both assignments, a class graded by the real
``nbgrader autograde`` in the sandbox, a 2-point manually graded answer cell) is served
by ``jupyter lab`` from the course root; the formgrader is opened from JupyterLab's
Nbgrader menu and used through its iframe the way an instructor clicks through it.
"""
import html

import nbformat
import pytest
from browser import alive, artifact_dir, chromium, jupyter_lab, wait_for
from conftest import TEST_ENV
from formgrader_course import MANUAL_ID, MANUAL_POINTS, PAYLOAD_ANSWER, PAYLOAD_CODE, build_course
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from grading.cell_metadata import points_of_test_cells
from grading.paths import source_notebook
from grading.nbgrader_integration.sanitize import SanitizeStudentHTML
from grading.paths import COURSE_ID
from grading.registry import ASSIGNMENTS

pytestmark = [pytest.mark.browser, pytest.mark.pipeline, pytest.mark.timeout(1200)]

PWNED = "return window.__pwned === undefined ? null : window.__pwned"


@pytest.fixture(scope="module")
def instructor(tmp_path_factory):
    """(course, grades before manual grading, lab, driver) with the formgrader open."""
    base = tmp_path_factory.mktemp("instructor-browser")
    course = build_course(base, ASSIGNMENTS, TEST_ENV)
    before = {(row["assignment"], row["student_id"]): row
              for row in course.export(base / "grades-before.csv")}
    with jupyter_lab(course.root, base / "lab", env=course.env) as lab:
        with chromium(base / "chromium", height=1100) as driver:
            open_formgrader(driver, lab)
            yield course, before, lab, driver
    assert not driver.killed, f"chromium processes left after quit: {driver.killed}"
    assert not lab.killed, f"jupyter lab processes left after shutdown: {lab.killed}"
    assert not alive(lab.tree | driver.tree)


def open_formgrader(driver, lab):
    """JupyterLab's Nbgrader menu -> Formgrader; the driver is left inside its iframe."""
    driver.get(lab.url(f"lab?token={lab.token}"))
    menu = wait_for(lambda: [item for item in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item")
                             if item.text == "Nbgrader"], 90, "JupyterLab's Nbgrader menu")[0]
    menu.click()
    entry = wait_for(lambda: [item for item in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-item")
                              if item.text.strip() == "Formgrader"], 10, "the Formgrader menu entry")[0]
    entry.click()
    frame = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".jp-MainAreaWidget iframe"), 30,
                     "the formgrader's iframe")[0]
    assert frame.get_attribute("src") == lab.url("formgrader")
    driver.switch_to.frame(frame)
    wait_for(lambda: body(driver).count("released") >= len(ASSIGNMENTS), 60, "the assignment list")


def body(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def click_link(driver, text, timeout=30):
    wait_for(lambda: driver.find_elements(By.LINK_TEXT, text), timeout, f"a link {text!r}")[0].click()


def rows(driver):
    """The text of each row of the page's table body."""
    return [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table tbody tr")]


def open_submission(driver, assignment, student):
    """Manual Grading -> assignment -> notebook -> (names shown) -> the student's submission."""
    click_link(driver, "Manual Grading")
    click_link(driver, assignment)
    wait_for(lambda: "Notebook ID" in body(driver), 30, "the assignment's notebooks")
    click_link(driver, assignment)
    wait_for(lambda: "Submission #1" in body(driver), 30, "the list of submissions")
    driver.find_element(By.ID, "toggle_names").click()
    wait_for(lambda: [link for link in driver.find_elements(By.CSS_SELECTOR, "a.name-shown")
                      if link.text == student], 10, f"{student}'s name")[0].click()
    # formgrade.js marks MathJax loaded at the end of its set-up (it stops there when
    # MathJax is missing, as with nbgrader's CDN link on a machine without the internet)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "input.score") and driver.execute_script(
        "return window.MathJax !== undefined && MathJax.loaded === true"), 60,
        "the grading form, set up with MathJax")


def score_inputs(driver):
    """{grade id: (manual score entered, automatic score shown, needs manual grade)}."""
    return {element.get_attribute("id"): (element.get_attribute("value"),
                                          element.get_attribute("placeholder"),
                                          "needs_manual_grade" in element.get_attribute("class"))
            for element in driver.find_elements(By.CSS_SELECTOR, "input.score")}


def gradebook_scores(course, assignment, student):
    """{grade id: (score, max score)} from nbgrader's gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course_id=COURSE_ID) as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student)
        return {grade.name: (grade.score, grade.max_score) for grade in notebook.grades}


def test_formgrader_lists_both_assignments_and_the_graded_class(instructor):
    course, before, lab, driver = instructor
    click_link(driver, "Manage Assignments")
    wait_for(lambda: len(rows(driver)) == len(ASSIGNMENTS), 30, "one row per assignment")
    submitted = {assignment: len(list((course.root / "submitted").glob(f"*/{assignment}")))
                 for assignment in ASSIGNMENTS}
    for assignment in ASSIGNMENTS:
        assert any(row.startswith(assignment) and "released" in row
                   and row.endswith(str(submitted[assignment])) for row in rows(driver)), rows(driver)

    for assignment in ASSIGNMENTS:
        click_link(driver, "Manage Assignments")
        click_link(driver, str(submitted[assignment]))
        wait_for(lambda: len([row for row in rows(driver) if " / " in row]) == submitted[assignment],
                 60, "the submissions of " + assignment)
        shown = rows(driver)
        graded = [(student, row) for (name, student), row in before.items()
                  if name == assignment and row["timestamp"]]
        assert len(shown) == len(graded) == submitted[assignment]
        for student, row in graded:
            line = f"{float(row['score']):g} / {float(row['max_score']):g}"
            assert any(f" {student} " in f" {text} " and line in text for text in shown), (student, line, shown)
    driver.save_screenshot(str(artifact_dir("instructor") / "manage-submissions.png"))


def test_instructor_grades_the_manual_answer_and_the_export_contains_it(instructor):
    course, before, lab, driver = instructor
    assignment, student, given = "matrix_fundamentals", "alice", 1.5
    open_submission(driver, assignment, student)
    form = score_inputs(driver)
    stored = gradebook_scores(course, assignment, student)
    # the autograded scores are shown, the manual answer waits for the instructor
    autograded = {name: value for name, value in form.items()
                  if name in points_of_test_cells(nbformat.read(str(source_notebook(assignment)), 4))}
    assert len(autograded) == 9
    for name, (value, placeholder, _) in autograded.items():
        assert value == "" and float(placeholder) == stored[name][0], name
    assert form[MANUAL_ID][0] == "" and form[MANUAL_ID][2], form[MANUAL_ID]
    assert float(before[(assignment, student)]["max_score"]) == sum(
        points for _, points in stored.values())

    field = driver.find_element(By.ID, MANUAL_ID)
    field.send_keys(str(given))
    field.send_keys(Keys.TAB)
    wait_for(lambda: gradebook_scores(course, assignment, student)[MANUAL_ID][0] == given, 30,
             "the formgrader to save the manual score")
    wait_for(lambda: not score_inputs(driver)[MANUAL_ID][2], 10, "the answer to be marked graded")
    driver.save_screenshot(str(artifact_dir("instructor") / "manual-grade.png"))

    after = {(row["assignment"], row["student_id"]): row
             for row in course.export(course.root.parent / "grades-after.csv")}
    assert float(after[(assignment, student)]["score"]) == \
        float(before[(assignment, student)]["score"]) + given
    assert float(after[(assignment, student)]["max_score"]) == \
        float(before[(assignment, student)]["max_score"])
    assert MANUAL_POINTS == stored[MANUAL_ID][1]
    others = {key: row["score"] for key, row in after.items() if key != (assignment, student)}
    assert others == {key: row["score"] for key, row in before.items() if key != (assignment, student)}


def test_student_html_and_javascript_do_not_run_in_the_formgrader(instructor):
    course, before, lab, driver = instructor
    open_submission(driver, "matrix_fundamentals", "mallory")
    # the submission is shown, with the student's markup as inert text
    wait_for(lambda: "window.__pwned" in body(driver), 30, "mallory's payload cell")
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    driver.save_screenshot(str(artifact_dir("instructor") / "hostile-submission.png"))
    images = driver.find_elements(By.CSS_SELECTOR, "img[src='x']")
    wait_for(lambda: driver.execute_script(
        "return Array.from(document.images).every(image => image.complete)"), 10, "images to load")
    assert driver.execute_script(PWNED) is None
    # no script element from the notebook (MathJax's own <script type="math/tex"> aside)
    assert driver.find_elements(By.CSS_SELECTOR,
                                ".cell script:not([type^='math/tex']), svg script") == []
    assert images == [], "student's <img onerror> reached the page as an element"
    driver.switch_to.parent_frame()
    try:
        assert driver.execute_script(PWNED) is None
    finally:
        driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, ".jp-MainAreaWidget iframe"))


def _payload_notebook():
    """The hostile cells as they come out of a kernel: raw rich outputs and a markdown answer."""
    from formgrader_course import payload_mark
    code = nbformat.v4.new_code_cell(PAYLOAD_CODE, outputs=[
        nbformat.v4.new_output("display_data", data={
            "text/html": f'<script>{payload_mark(1)}</script><img src=x onerror="{payload_mark(2)}">',
            "text/plain": "<IPython.core.display.HTML object>"}),
        nbformat.v4.new_output("display_data", data={
            "application/javascript": payload_mark(3), "text/plain": "<Javascript object>"}),
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg"><script>{payload_mark(4)}</script></svg>',
            "text/plain": "<SVG object>"}),
        nbformat.v4.new_output("stream", name="stdout", text=f"<script>{payload_mark(5)}</script>\n")])
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(PAYLOAD_ANSWER), code])


def test_the_probe_sees_payloads_run_without_the_sanitizer(tmp_path):
    """Control: the same payloads rendered by nbconvert without sanitizing do run in Chromium."""
    from nbconvert import HTMLExporter
    raw = _payload_notebook()
    cleaned = _payload_notebook()
    cleaned, _ = SanitizeStudentHTML()(cleaned, {})
    found = {}
    with chromium(tmp_path / "chromium") as driver:
        for name, notebook in [("raw", raw), ("sanitized", cleaned)]:
            page = tmp_path / f"{name}.html"
            page.write_text(HTMLExporter(template_name="classic").from_notebook_node(notebook)[0])
            driver.get(page.as_uri())
            wait_for(lambda: driver.execute_script(
                "return document.readyState === 'complete'"), 30, f"the {name} page")
            driver.execute_script("return new Promise(resolve => setTimeout(resolve, 500))")
            found[name] = driver.execute_script(PWNED)
    assert not driver.killed
    assert found["raw"] and len(set(found["raw"])) >= 3, found
    assert found["sanitized"] is None, found
    assert html.escape("<script>") in cleaned.cells[0].source
