"""The one builder of simulated classes (`grading.simulated_class`) and the demo's class."""
from pathlib import Path

import nbformat
from classroom import HOSTILE

from grading.demo import demo_class
from grading.paths import BANK
from grading.simulated_class import (SimulatedStudent, bank_names, bank_variant,
                                     fill_from_variant, simulate_class, submit_class)
from grading.submissions import build_submission, load_variant


class RecordingCourse:
    """Stands in for `grading.course.Course`: records the steps, fetches an empty folder."""

    def __init__(self, homes):
        self.homes, self.steps = Path(homes), []

    def generate(self, assignment):
        self.steps.append(("generate", assignment))

    def release(self, assignment):
        self.steps.append(("release", assignment))

    def fetch(self, student, assignment, homes):
        folder = Path(homes) / student / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text("released")
        self.steps.append(("fetch", student))
        return folder

    def submit(self, student, assignment, homes):
        files = sorted(path.name for path in (Path(homes) / student / assignment).iterdir())
        self.steps.append(("submit", student, tuple(files)))

    def collect(self, assignment):
        self.steps.append(("collect", assignment))


def test_the_demo_class_is_the_same_students_with_the_same_work():
    students = demo_class()
    kinds = {student.id: student.kind for student in students}
    assert [student.id for student in students] == [
        f"{short}-{label}" for short in ("mf", "nr") for label in (
            "correct-1", "correct-2", "correct-3", "partial-1", "partial-2", "partial-3",
            "partial-4", "partial-5", "blank", "broken", "tampered", "copy-of-correct-2",
            "renamed-copy-of-correct-3")]
    assert [kinds[f"mf-correct-{i}"] for i in (1, 2, 3)] == [
        "passes_all_eig_with_orthonormalization", "passes_all_gram_schmidt_completion",
        "passes_all_keeps_round_off"]
    assert [kinds[f"nr-partial-{i}"] for i in (1, 2, 3, 4, 5)] == [
        "fails_all_functions_float32", "fails_backward_autodiff_import_at_cell_top",
        "fails_backward_autodiff_torch", "fails_backward_cache_from_wrong_layer",
        "fails_backward_skips_tanh_derivative_layer1"]
    assert kinds["nr-tampered"] == "test cells replaced by pass (passes_all_copying_train)"
    blank = next(student for student in students if student.id == "mf-blank")
    assert blank.fill is None


def test_bank_lookups_read_the_package_bank():
    assert BANK.parent.parent.name == "grading" and BANK.is_dir()
    assert bank_names("matrix_fundamentals", "passes_all")[0] == "passes_all_eig_with_orthonormalization"
    names = bank_names("nonlinear_regression", "fails_")
    assert names and names == sorted(name for name in bank_names("nonlinear_regression")
                                     if name.startswith("fails_"))
    variant = bank_variant("nonlinear_regression", "passes_all_reference")
    assert variant.assignment == "nonlinear_regression" and variant.expected_failing_cells == ()


def test_fill_from_variant_writes_the_notebook_the_edit_and_the_extra_files(tmp_path):
    variant = load_variant(HOSTILE / "hostile_numpy_shadow.py")
    assert variant.extra_files
    marked = []

    def edit(notebook):
        marked.append(True)
        notebook.metadata["edited"] = True
        return notebook

    fill_from_variant(variant.assignment, variant, edit)(tmp_path)
    written = nbformat.read(str(tmp_path / f"{variant.assignment}.ipynb"), 4)
    expected = build_submission(variant.assignment, variant)
    assert [cell.source for cell in written.cells] == [cell.source for cell in expected.cells]
    assert written.metadata["edited"] and marked == [True]
    for name, text in variant.extra_files.items():
        assert (tmp_path / name).read_text() == text


def test_simulate_class_releases_then_submits_in_order_then_collects(tmp_path):
    course = RecordingCourse(tmp_path)

    def note(folder):
        (folder / "note.txt").write_text("mine")

    students = [SimulatedStudent("ann", "hw1", note), SimulatedStudent("bob", "hw2"),
                SimulatedStudent("cy", "hw1", note)]
    assert simulate_class(course, ["hw1", "hw2"], students, tmp_path) is course
    assert course.steps == [
        ("generate", "hw1"), ("release", "hw1"), ("generate", "hw2"), ("release", "hw2"),
        ("fetch", "ann"), ("submit", "ann", ("hw1.ipynb", "note.txt")),
        ("fetch", "bob"), ("submit", "bob", ("hw2.ipynb",)),
        ("fetch", "cy"), ("submit", "cy", ("hw1.ipynb", "note.txt")),
        ("collect", "hw1"), ("collect", "hw2")]
    assert (tmp_path / "bob" / "hw2" / "hw2.ipynb").read_text() == "released"  # blank


def test_submit_class_takes_any_iterable_of_students(tmp_path):
    course = RecordingCourse(tmp_path)
    submit_class(course, iter([SimulatedStudent("ann", "hw1")]), tmp_path)
    assert course.steps == [("fetch", "ann"), ("submit", "ann", ("hw1.ipynb",))]
