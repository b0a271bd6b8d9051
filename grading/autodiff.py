"""Automatic-differentiation libraries: not in the grading environment, not allowed."""
import re

AUTODIFF_LIBRARIES = ("torch", "tensorflow", "jax", "jaxlib", "autograd")
_NAMED = re.compile(r"\b(" + "|".join(AUTODIFF_LIBRARIES) + r")\b")


def autodiff_library_named(text):
    """The autodiff library an import error's text names (e.g. "No module named 'torch'"), or None."""
    match = _NAMED.search(str(text))
    return match.group(1) if match else None
