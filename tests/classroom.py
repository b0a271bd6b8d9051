"""The test class: every bank variant, hostile submission and bad input as one student.

One course is generated per test run and graded with the standard ``nbgrader autograde``
(sandbox and trusted verdicts on, as configured in nbgrader_config.py). Each student's
expected outcome is derived from the variant file and the points in the notebook metadata.
"""
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.course import Course
from grading.cell_metadata import points_of_test_cells
from grading.paths import BANK, source_notebook
from grading.registry import ASSIGNMENTS
from grading.simulated_class import (SimulatedStudent, bank_variant, fill_from_variant,
                                     simulate_class)
from grading.submissions import load_variant

HOSTILE = Path(__file__).parent / "hostile"   # attacks on the grader, one student each
BYSTANDER_VARIANT = "passes_all_reference"


@dataclass
class StudentCase:
    """A student of the test class and what they must get (simulated by `simulated`)."""
    id: str
    assignment: str
    kind: str                      # "bank", "hostile", "bad-input", "bystander", "blank"
    expected_failing_cells: tuple  # None: every autograded cell fails (score 0)
    expected_flags: tuple = ()
    expected_problem: str = ""     # a word the intake/summary line must contain
    variant: object = None
    prepare: object = None         # prepare(folder) after the notebook is written
    after_collect: object = None   # after_collect(submitted_folder)

    def expected_score(self):
        points = points_of_test_cells(nbformat.read(str(source_notebook(self.assignment)), 4))
        if self.expected_failing_cells is None:
            return 0.0
        return sum(value for cell, value in points.items()
                   if cell not in self.expected_failing_cells)


def _safe_id(text):
    return text.replace("_", "-")


def bank_students(assignment):
    students = []
    for path in sorted((BANK / assignment).glob("*.py")):
        variant = load_variant(path, assignment)
        students.append(StudentCase(f"bank-{_safe_id(variant.name)}", assignment, "bank",
                                variant.expected_failing(), variant.expected_flags,
                                variant=variant))
    return students


def hostile_students():
    students = []
    for path in sorted(HOSTILE.glob("*.py")):
        variant = load_variant(path)
        students.append(StudentCase(f"hostile-{_safe_id(variant.name)}", variant.assignment,
                                "hostile", variant.expected_failing(),
                                variant.expected_flags, variant=variant))
    return students


def _notebook_edit(edit):
    def prepare(folder):
        path = next(Path(folder).glob("*.ipynb"))
        raw = json.loads(path.read_text())
        edit(raw, path)
    return prepare


def _delete_test_cell(raw, path):
    first = _first_test(raw)
    raw["cells"] = [cell for cell in raw["cells"] if cell is not first]
    path.write_text(json.dumps(raw))


def _first_test(raw):
    return next(cell for cell in raw["cells"] if cell["metadata"].get("nbgrader", {}).get("grade")
                and not cell["metadata"]["nbgrader"].get("solution"))


def _copy_graded_cells(raw, path):
    copies = [json.loads(json.dumps(cell)) for cell in raw["cells"]
              if cell["metadata"].get("nbgrader", {}).get("grade_id")]
    raw["cells"] += copies[:3]
    path.write_text(json.dumps(raw))


def _edit_test_cell(raw, path):
    _first_test(raw)["source"] = "pass  # edited by the student"
    path.write_text(json.dumps(raw))


def _strip_metadata(raw, path):
    raw.pop("metadata", None)
    path.write_text(json.dumps(raw))


def _to_v3(raw, path):
    notebook = nbformat.reads(json.dumps(raw), as_version=4)
    path.write_text(nbformat.writes(nbformat.convert(notebook, 3)))


def _invalid_json(raw, path):
    path.write_text(json.dumps(raw)[:5000])


def _rename(raw, path):
    path.rename(path.with_name("my_homework_final.ipynb"))


def _remove(raw, path):
    path.unlink()


def _huge_file(folder):
    with open(Path(folder) / "recording.wav", "wb") as handle:
        handle.truncate(60 * 2**20)  # sparse: 60 MB of zeros


def _non_utf8_name(folder):
    with open(os.path.join(os.fsencode(folder), b"notes-\xff\xfe.txt"), "wb") as handle:
        handle.write(b"my notes\n")


def bad_input_students(assignment):
    """The bad inputs of the course-repository issue, each on a correct submission."""
    ok = ()
    cases = [
        ("invalid-json", None, "invalid-json", _notebook_edit(_invalid_json), None),
        ("nbformat-v3", ok, "old-format", _notebook_edit(_to_v3), None),
        ("missing-metadata", ok, "missing-metadata", _notebook_edit(_strip_metadata), None),
        ("deleted-test-cell", ok, "", _notebook_edit(_delete_test_cell), None),
        ("copied-graded-cells", ok, "duplicate-cells", _notebook_edit(_copy_graded_cells), None),
        ("edited-test-cell", ok, "", _notebook_edit(_edit_test_cell), None),
        ("renamed-notebook", ok, "renamed-notebook", _notebook_edit(_rename), None),
        ("missing-notebook", None, "missing-notebook", _notebook_edit(_remove), None),
        ("huge-extra-file", ok, "huge-file", _huge_file, None),
        ("non-utf8-file-name", ok, "bad-file-name", None, _non_utf8_name),
    ]
    reference = bank_variant(assignment, BYSTANDER_VARIANT)
    return [StudentCase(f"bad-{name}", assignment, "bad-input", failing, (), problem,
                    variant=reference, prepare=prepare, after_collect=after)
            for name, failing, problem, prepare, after in cases]


# Modules the sandbox launcher, the course's grader and nbgrader load: a submitted file of
# any of these names must never be imported outside the sandbox.
GRADER_MODULES_PROBE = (
    "import sys, grading.sandbox.launch, grading.nbgrader_integration, grading.cli, "
    "grading.cli.autograde, grading.scale.worker, grading.intake, grading.report, "
    "nbgrader.apps.nbgraderapp, nbgrader.apps.autogradeapp, nbgrader.apps.feedbackapp, "
    "nbgrader.apps.exportapp, nbgrader.apps.collectapp, nbclient, nbconvert, "
    "jupyter_client, sqlalchemy\n"
    "print('\\n'.join(sorted({name.split('.')[0] for name in sys.modules})))")
CANARY = """_posix = __import__("posix")
if _posix.uname().nodename != "ddasp-sandbox":
    try:
        _posix.close(_posix.open({path!r}, _posix.O_WRONLY | _posix.O_CREAT, 0o644))
    except OSError:
        pass
"""


def canary_folder(course_root):
    """Where a canary imported outside the sandbox leaves its mark."""
    return Path(course_root).parent / "canaries"


def grader_module_names():
    import subprocess
    import sys
    names = subprocess.run([sys.executable, "-I", "-c", GRADER_MODULES_PROBE], check=True,
                           capture_output=True, text=True).stdout.split()
    return [name for name in names if name.isidentifier()]


def _plant_canaries(folder):
    """A module named after every module of the grader, plus every other start-up hook."""
    marks = canary_folder(Path(folder).parents[2] / "course")
    marks.mkdir(exist_ok=True)

    def canary(name):
        return CANARY.format(path=str(marks / name))

    for name in grader_module_names():
        (Path(folder) / f"{name}.py").write_text(canary(name))
    for name in ("sitecustomize", "usercustomize"):
        (Path(folder) / f"{name}.py").write_text(canary(name))
    (Path(folder) / "ddasp_canary_pth.py").write_text(canary("pth-file"))
    (Path(folder) / "zz-canary.pth").write_text("import ddasp_canary_pth\n")
    package = Path(folder) / "grading" / "sandbox"
    package.mkdir(parents=True)
    for path, name in ((package.parent / "__init__.py", "grading-package"),
                       (package / "__init__.py", "grading.sandbox-package"),
                       (package / "launch.py", "grading.sandbox.launch-module")):
        path.write_text(canary(name))


def canary_student(assignment):
    """Submits a correct notebook beside a canary for every module the grader imports."""
    reference = bank_variant(assignment, BYSTANDER_VARIANT)
    return StudentCase("hostile-canaries", assignment, "hostile", (), variant=reference,
                   prepare=_plant_canaries)


def bystanders(assignment):
    reference = bank_variant(assignment, BYSTANDER_VARIANT)
    return [StudentCase(f"{prefix}-bystander", assignment, "bystander", (), variant=reference)
            for prefix in ("aaa", "zzz")]


def blank_student(assignment):
    return StudentCase("blank-release", assignment, "blank", None)


def source_student(assignment):
    """Submits the instructor's source notebook verbatim: must score 100 %."""
    def prepare(folder):
        shutil.copyfile(source_notebook(assignment), Path(folder) / f"{assignment}.ipynb")
    return StudentCase("instructor-source", assignment, "source", (), prepare=prepare)


@dataclass
class GradedClass:
    """The outcome of grading the test class."""
    course: Course
    students: list
    grades: list = field(default_factory=list)       # rows of the exported CSV
    autograde_logs: dict = field(default_factory=dict)
    submitted_digests: dict = field(default_factory=dict)

    def student(self, student_id):
        return next(student for student in self.students if student.id == student_id)


def build_class(assignments=ASSIGNMENTS):
    students = []
    for assignment in assignments:
        students += bank_students(assignment) + bystanders(assignment) + \
            [blank_student(assignment), source_student(assignment)]
    students += [student for student in hostile_students() if student.assignment in assignments]
    if "matrix_fundamentals" in assignments:
        students += bad_input_students("matrix_fundamentals")
    if "nonlinear_regression" in assignments:  # graded by the course CLI's workers
        students.append(canary_student("nonlinear_regression"))
    return students


def simulated(student):
    """``student`` (a `StudentCase`) as a `SimulatedStudent`: their variant's notebook, then ``prepare``."""
    write = None if student.variant is None else \
        fill_from_variant(student.assignment, student.variant)

    def fill(folder):
        if write is not None:
            write(folder)
        if student.prepare is not None:
            student.prepare(folder)
    return SimulatedStudent(student.id, student.assignment, fill, student.kind)


def ddasp_intake(course, assignment):
    """``ddasp intake``: what an instructor runs between collect and autograde."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "grading", "intake", assignment,
                           "--course", str(course.root)],
                          env=course.env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def plain_nbgrader_autograde(course, assignment):
    """The standard sequential ``nbgrader autograde`` (after intake)."""
    return course.nbgrader("autograde", assignment, check=False)


def course_cli_autograde(course, assignment):
    """The course CLI: intake and two parallel workers running nbgrader's Autograde."""
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "grading", "autograde", assignment,
                           "--course", str(course.root), "--workers", "2", "--quiet"],
                          env=course.env, capture_output=True, text=True, timeout=3600)


# Both ways of grading run on every test run: nbgrader's own command for one assignment,
# the course CLI for the other.
GRADERS = {"matrix_fundamentals": plain_nbgrader_autograde,
           "nonlinear_regression": course_cli_autograde}


def run_course(root, students, assignments, env=None):
    """Create the course in ``root``, submit, collect, take in, autograde, feed back, export."""
    course = Course.create(Path(root) / "course", assignments, env=env)
    graded = GradedClass(course, students)
    simulate_class(course, assignments, [simulated(student) for student in students],
                   Path(root) / "homes")
    for student in students:
        if student.after_collect is not None:
            student.after_collect(course.root / "submitted" / student.id / student.assignment)
    for assignment in assignments:
        ddasp_intake(course, assignment)
    graded.submitted_digests = digests(course.root / "submitted")
    for assignment in assignments:
        done = GRADERS[assignment](course, assignment)
        graded.autograde_logs[assignment] = done.stdout + done.stderr
        (Path(root) / f"autograde-{assignment}.log").write_text(done.stdout + done.stderr)
        course.generate_feedback(assignment)
    graded.grades = course.export(Path(root) / "grades.csv")
    return graded


def digests(folder):
    """{relative path: sha256} of every file below ``folder``."""
    import hashlib
    result = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            result[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def submission_key(course, student_id, assignment):
    """The submission time the grader's seeds depend on (as TrustedExecute reads it)."""
    from grading.nbgrader_integration.trusted_execute import submission_key as key_of
    return key_of({"db_url": f"sqlite:///{course.root / 'gradebook.db'}",
                   "assignment": assignment, "student": student_id})


def cell_scores(course, student_id, assignment):
    """{grade id: score} of one student's autograded cells, from the gradebook."""
    from nbgrader.api import Gradebook
    from grading.paths import COURSE_ID
    db_url = f"sqlite:///{course.root / 'gradebook.db'}"
    with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student_id)
        return {grade.name: grade.score for grade in notebook.grades
                if grade.cell.cell_type == "code"}
