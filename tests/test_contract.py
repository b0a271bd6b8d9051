"""docs/contract.md: the project's copy of the student-facing contract matches the code."""
from grading import tolerances as tol
from grading.assignments.matrix_fundamentals import checks as mf_checks
from grading.assignments.matrix_fundamentals import reference as mf_reference
from grading.assignments.nonlinear_regression import reference as nr_reference
from grading.paths import COURSE_ROOT

CONTRACT = COURSE_ROOT / "docs" / "contract.md"


def test_every_contract_function_is_in_the_contract_with_its_signature():
    text = CONTRACT.read_text()
    for name in ("rref", "svd_via_eig", "rank", "four_subspaces", "projectors", "pinv_via_svd",
                 "left_inverse", "right_inverse", "least_squares", "dense_forward", "dense_backward",
                 "tanh_forward", "tanh_backward", "empirical_risk", "empirical_risk_backward",
                 "forward", "backward", "gradient_descent_step", "train"):
        assert f"| `{name}(" in text, name
        assert hasattr(mf_reference, name) or hasattr(nr_reference, name), name


def test_forbidden_functions_and_the_training_rules_are_the_graded_ones():
    text = CONTRACT.read_text()
    for dotted in mf_checks.FORBIDDEN:
        name = dotted.rsplit(".", 1)[1]
        if dotted.startswith("scipy.linalg.lapack."):  # one line per driver: `?gesdd`
            name = "?" + name[1:]
        assert f"`{name}`" in text or f"`{dotted}`" in text, dotted
    assert f"below {tol.NLR_TRAINING_THRESHOLD:g}".replace("0.0005", "5e-4") in text
    for name in ("params_init", "learning_rate", "epochs", "params_trained", "history_trained"):
        assert f"`{name}`" in text


def test_code_and_readme_cite_the_contract_in_the_repository():
    for path in [COURSE_ROOT / "README.md", *(COURSE_ROOT / "docs").rglob("*.md"),
                 *(COURSE_ROOT / "grading").rglob("*.py")]:
        assert "CONTRACT.md" not in path.read_text(), path
