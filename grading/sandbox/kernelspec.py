"""Install the ``ddasp-sandbox`` kernelspec (the sandboxed kernel used by autograde).

The launcher runs as the grader in the submission's folder: ``-I`` keeps that folder,
``PYTHON*`` variables and user site-packages off its ``sys.path``, so no submitted file
(``json.py``, ``sitecustomize.py``, a ``grading/`` folder) is imported outside the sandbox.
"""
import json
import sys
from pathlib import Path

from .preflight import KERNEL_NAME


def spec(python=None):
    """The kernel.json of the sandbox kernel, launched by ``python``."""
    return {
        "argv": [python or sys.executable, "-I", "-m", "grading.sandbox.launch", "-f",
                 "{connection_file}"],
        "display_name": "Python 3 (ddasp grading sandbox)",
        "language": "python",
        # the launcher is not the kernel: interrupts travel as control messages
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }


def install(prefix=sys.prefix):
    """Write ``<prefix>/share/jupyter/kernels/ddasp-sandbox/kernel.json``; returns its folder."""
    folder = Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec(), indent=1) + "\n")
    return folder
