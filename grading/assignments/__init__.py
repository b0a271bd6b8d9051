"""One sub-package per assignment: ``reference`` (solutions) and ``checks`` (hidden checks)."""
