"""nbgrader integration: the trusted Execute step, feedback redaction, submission intake."""
from .trusted_execute import TrustedExecute, record, verdict_outputs

__all__ = ["TrustedExecute", "record", "verdict_outputs"]
