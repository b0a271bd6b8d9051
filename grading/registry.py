"""The registry of all hidden checks: the `Registry` class and the course's one instance.

`registry()` fills it once per process from each assignment's ``checks`` module
(``grading.assignments.<assignment>.checks.CHECKS``).
"""
import importlib

ASSIGNMENTS = ("matrix_fundamentals", "nonlinear_regression")


class Registry:
    """All checks of all assignments, by id and by (assignment, grade cell)."""

    def __init__(self):
        self._by_id = {}  # check id -> (assignment, Check)

    def add(self, assignment, checks):
        for check in checks:
            if check.id in self._by_id:
                raise ValueError(f"duplicate check id {check.id}")
            self._by_id[check.id] = (assignment, check)

    def _entry(self, check_id):
        try:
            return self._by_id[check_id]
        except KeyError:
            raise KeyError(f"no check with id {check_id!r}") from None

    def get(self, check_id):
        """The `Check` registered as ``check_id``."""
        return self._entry(check_id)[1]

    def owner(self, check_id):
        """The assignment that registered ``check_id``."""
        return self._entry(check_id)[0]

    def for_cell(self, assignment, cell):
        """The checks of one autograded cell, in registration order."""
        return [check for owner, check in self._by_id.values()
                if owner == assignment and check.cell == cell]

    def cells(self, assignment):
        return sorted({check.cell for owner, check in self._by_id.values() if owner == assignment})

    def all(self, assignment=None):
        return [check for owner, check in self._by_id.values()
                if assignment is None or owner == assignment]


_registry = None


def registry():
    """The course's `Registry` (built once per process)."""
    global _registry
    if _registry is None:
        built = Registry()
        for assignment in ASSIGNMENTS:
            name = f"grading.assignments.{assignment}.checks"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name not in (name, name.rpartition(".")[0]):
                    raise
                continue  # an assignment without hidden checks yet
            built.add(assignment, module.CHECKS)
        _registry = built
    return _registry
