"""nbgrader integration: the trusted Execute step, feedback redaction, submission sanitizing."""
from .trusted_execute import TrustedExecute, verdict_outputs

__all__ = ["TrustedExecute", "verdict_outputs"]
