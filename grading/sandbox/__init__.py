"""The grading sandbox: students' kernels run in bubblewrap during autograde.

Public API:
- `install` (``kernelspec``): write the ``ddasp-sandbox`` kernelspec;
- `require_sandbox`, `SandboxUnavailable` (``preflight``): is the sandbox usable here, and if not,
  how to fix it;
- `sandbox_disabled`, `warn_unsandboxed` (``optout``): the explicit opt-out;
- `Limits` (``limits``): every limit, overridable by ``DDASP_SANDBOX_*`` variables.

The kernel launcher is ``python -m grading.sandbox.launch`` (``launch``); the bwrap
command line is built by ``command``; uids are allocated by ``slots``.
"""
from .kernelspec import install
from .limits import Limits
from .optout import sandbox_disabled, warn_unsandboxed
from .preflight import KERNEL_NAME, SandboxUnavailable, require_sandbox

__all__ = ["KERNEL_NAME", "Limits", "SandboxUnavailable", "install", "require_sandbox",
           "sandbox_disabled", "warn_unsandboxed"]
