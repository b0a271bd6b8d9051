"""The grader's static scan of a submission (never imports or runs any of it).

``scan_submission(nb, folder, forbidden, banned_modules)`` reads the notebook's code
cells and every ``.py`` file below the submission ``folder`` (`sources`), parses them
with ``ast`` and returns a `Scan`:

- ``scan.findings_for(function, names)``: the forbidden names (`Finding` list) that the
  contract function ``function`` reaches — in its own code, through the notebook's other
  functions and variables it uses, and through submitted modules it imports — by any
  spelling `names.Names` can follow (aliases, ``getattr`` with built strings, private
  modules, LAPACK drivers, ``np.vectorize(np.linalg.svd)``, ``functools.partial``, ...);
- ``scan.reviews``: circumvention constructs (`constructs`) and forbidden names outside
  any graded function, each with file or cell, line and code, for the instructor.

`verdicts.scanned_run_cell` turns findings into failed checks; `TrustedExecute` calls
both before the student's kernel starts.
"""
from .analysis import Finding, Namespace
from .sources import folder_units, instructor_cells, notebook_units

NOTEBOOK = "<notebook>"


class Scan:
    """Result of `scan_submission` (see the module docstring)."""

    def __init__(self, namespaces, reviews, problems):
        self.namespaces = namespaces     # name -> Namespace; NOTEBOOK is the notebook
        self.problems = problems         # lines about what could not be scanned
        self.reviews = reviews

    def _roots(self, function):
        notebook = self.namespaces.get(NOTEBOOK)
        if notebook is None:
            return []
        if function in notebook.bindings:
            return [(NOTEBOOK, function)]
        cell = f"solution_{function}"   # a task cell without a def (e.g. the training run)
        return [(NOTEBOOK, name) for name, binding in notebook.bindings.items()
                if cell in binding.cells]

    def _reachable(self, roots, answered=()):
        """Nodes reachable from ``roots``; the notebook functions ``answered`` (by the
        grader, error carried forward) are not entered: their code does not run."""
        stop = {(NOTEBOOK, name) for name in answered} - set(roots)
        seen, todo = set(), list(roots)
        while todo:
            node = todo.pop()
            if node in seen or node in stop:
                continue
            seen.add(node)
            namespace = self.namespaces.get(node[0])
            if namespace is None:
                continue
            if node[1] == "*":
                todo += [(node[0], name) for name in namespace.bindings]
                continue
            binding = namespace.bindings.get(node[1])
            if binding is not None:
                todo += [ref for ref in binding.refs if ref not in seen]
        return seen

    def findings_for(self, function, names=None, answered=()):
        """Forbidden `Finding`s reached by ``function`` (only ``names`` if given), in order.

        ``answered``: functions whose calls the grader answers while ``function`` is
        checked (its declared dependencies under error carried forward): not charged.
        """
        found = []
        for namespace_name, binding_name in sorted(self._reachable(self._roots(function),
                                                                   answered)):
            namespace = self.namespaces[namespace_name]
            if binding_name in ("*", "<loose>"):
                found += namespace.loose
                continue
            binding = namespace.bindings.get(binding_name)
            if binding is not None:
                found += binding.findings
        found = [finding for finding in found if names is None or finding.name in names]
        return list(dict.fromkeys(found))

    def unreached(self, functions):
        """Forbidden findings no contract function in ``functions`` reaches: for review."""
        reached = set()
        for function in functions:
            reached |= self._reachable(self._roots(function))
        left = []
        for namespace_name, namespace in self.namespaces.items():
            left += namespace.loose
            for binding_name, binding in namespace.bindings.items():
                if (namespace_name, binding_name) not in reached and \
                        (namespace_name, "*") not in reached:
                    left += binding.findings
        return list(dict.fromkeys(left))

    def review_lines(self, functions=()):
        """Lines for the instructor: every construct and every unreached forbidden name."""
        lines = [f"not scanned: {problem}" for problem in self.problems]
        lines += [f"needs review: {finding.line()}" for finding in self.reviews]
        lines += [f"needs review: {finding.line()} (forbidden, outside the graded functions)"
                  for finding in self.unreached(functions)]
        return list(dict.fromkeys(lines))


def scan_submission(nb, folder=None, forbidden=(), banned_modules=(), instructor=frozenset()):
    """Scan notebook ``nb`` (an nbformat node) and the ``.py`` files below ``folder``.

    ``instructor``: the release's own cells (`sources.instructor_cells`): read for their
    bindings, their findings are not reported.
    """
    cells, problems = notebook_units(nb, instructor)
    files, file_problems = folder_units(folder)
    problems += file_problems
    modules = {unit.module for unit in files if unit.module}
    local = {module.split(".")[0] for module in modules} | modules
    namespaces = {NOTEBOOK: Namespace(NOTEBOOK, cells, forbidden, banned_modules, local)}
    for unit in files:
        name = unit.module or unit.label
        namespaces[name] = Namespace(name, [unit], forbidden, banned_modules, local)
    _drop_instructor_findings(namespaces.values(), [unit.label for unit in cells if unit.instructor])
    reviews = [finding for namespace in namespaces.values() for finding in namespace.reviews]
    return Scan(namespaces, list(dict.fromkeys(reviews)), problems)


def _drop_instructor_findings(namespaces, labels):
    """Findings inside the instructor's unchanged cells (``labels``) are not the student's."""
    if not labels:
        return

    def students(finding):
        return not any(finding.where == label or finding.where.startswith(label + ",")
                       for label in labels)

    for namespace in namespaces:
        namespace.reviews = [finding for finding in namespace.reviews if students(finding)]
        namespace.loose = [finding for finding in namespace.loose if students(finding)]
        for binding in namespace.bindings.values():
            binding.findings = [finding for finding in binding.findings if students(finding)]


__all__ = ["Finding", "Scan", "instructor_cells", "scan_submission"]
