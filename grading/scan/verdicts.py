"""From scan findings to verdicts: a check whose function reaches a forbidden name fails.

The part costs as a forbidden call caught at run time does (flag
``forbidden-call:<name>``, or ``autodiff-import`` for an automatic-differentiation
library), plus ``static-scan`` so the summary says where it was found. The message names
the file or cell, the line and the code.
"""
from ..autodiff import AUTODIFF_LIBRARIES
from ..boundary import StudentNotebook
from ..carry import oracle_for
from ..runner import CellVerdict, Verdict, run_cell

MAX_LINES = 40  # review lines per notebook in its metadata (the first ones, in order)


def check_names(check):
    """Everything a check forbids: dotted function names and whole modules."""
    return tuple(check.forbidden) + tuple(getattr(check, "forbidden_modules", ()))


def static_verdict(scan, check, answered=()):
    """A failed `Verdict` for ``check`` if its function reaches a forbidden name, else None.

    ``answered``: the functions the grader answers during the check (carried forward).
    """
    findings = scan.findings_for(check.function, set(check_names(check)), answered)
    if not findings:
        return None
    lines = []
    for finding in findings[:5]:
        via = "" if finding.binding in (None, check.function) else f" (in {finding.binding}, which it uses)"
        lines.append(f"  {finding.where}{via}: {finding.name}: `{finding.code}`")
    names = sorted({finding.name for finding in findings})
    autodiff = [name for name in names if name.split(".")[0] in AUTODIFF_LIBRARIES]
    rule = ("automatic differentiation is not allowed in this assignment: write the backward "
            "pass by hand with numpy" if autodiff else
            "which is off limits in this assignment: compute it by hand with the allowed numpy "
            "functions")
    message = (f"{check.function} uses {', '.join(names)}, {rule}. Found in the submitted "
               "code (it counts whether or not the line runs):\n" + "\n".join(lines))
    flags = ["static-scan"] + [f"forbidden-call:{name}" for name in names if name not in autodiff]
    if autodiff:
        flags.append("autodiff-import")
    return Verdict(check.id, check.cell, False, message, flags)


def scanned_run_cell(scan, checks, student, student_id, submission="", failed_before=()):
    """`runner.run_cell`, with checks the scan fails replaced by their static verdict."""
    if scan is None:
        return run_cell(checks, student, student_id, submission, failed_before)
    oracle = getattr(student, "oracle", None)
    static = {check.id: static_verdict(scan, check,
                                       oracle.of(check.function) if oracle is not None else ())
              for check in checks}
    rest = [check for check in checks if static[check.id] is None]
    if not rest:
        return CellVerdict(checks[0].cell, [static[check.id] for check in checks],
                           failed_before=tuple(failed_before))
    ran = run_cell(rest, student, student_id, submission, failed_before)
    by_id = {verdict.check_id: verdict for verdict in ran.verdicts}
    return CellVerdict(checks[0].cell, [static[check.id] or by_id[check.id] for check in checks],
                       ran.carried, ran.failed_before)


def grade_cell(scan, checks, transport, assignment, carry_forward, student_id, submission,
               failed):
    """One graded cell as autograde grades it: ``checks`` (the cell's registered checks)
    against the notebook behind ``transport``, with the oracle of the ``carry_forward``
    policy and the scan's static verdicts first. ``failed``: the set of contract functions
    whose cells failed before; it grows by this cell's functions if it fails. Returns the
    `CellVerdict`."""
    student = StudentNotebook(transport, oracle_for(assignment, carry_forward, checks[0].cell))
    verdict = scanned_run_cell(scan, checks, student, student_id, submission, failed)
    if not verdict.passed:
        failed.update(check.function for check in checks)
    return verdict


def forbidden_lists(checks):
    """(dotted names, whole modules) forbidden by any of ``checks``: what to scan for."""
    names, modules = set(), set()
    for check in checks:
        names.update(check.forbidden)
        modules.update(getattr(check, "forbidden_modules", ()))
    return tuple(sorted(names)), tuple(sorted(modules))


def release_cells(assignment):
    """The instructor's locked cells of ``assignment``'s release notebook (not scanned)."""
    import nbformat
    from ..paths import release_notebook
    from .sources import instructor_cells
    path = release_notebook(assignment) if assignment else None
    if path is None or not path.exists():
        return frozenset()
    return instructor_cells(nbformat.read(str(path), as_version=4))


def scan_for_grading(nb, folder, assignment):
    """Scan a submission for `TrustedExecute`: (scan or None, flags, problem lines).

    Scans for everything the assignment's checks forbid; a construct for review or a
    forbidden name outside the graded functions gives the flag ``needs-review``. A scan
    that fails (it should not) is itself a line for review, never a stopped grading run.
    """
    from ..registry import registry
    checks = registry().all(assignment) if assignment else []
    names, modules = forbidden_lists(checks)
    try:
        from . import scan_submission
        scan = scan_submission(nb, folder, names, modules, release_cells(assignment))
        lines = scan.review_lines({check.function for check in checks})
    except Exception as error:  # noqa: BLE001 - reported, grading goes on
        return None, ["needs-review"], [f"needs review: the static scan failed ({type(error).__name__}: "
                                        f"{str(error)[:200]})"]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [f"needs review: ... and {len(lines) - MAX_LINES} more lines"]
    return scan, (["needs-review"] if lines else []), lines
