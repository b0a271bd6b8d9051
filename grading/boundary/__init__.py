"""The process boundary between student code and the grader's judgement."""
from .student import (BoundaryFailure, ForbiddenCall, Handle, LocalTransport,
                      MissingFunction, Observation, StudentNotebook, StudentError, StudentRaised,
                      Tampering, Unsupported)

__all__ = ["BoundaryFailure", "ForbiddenCall", "Handle", "LocalTransport", "MissingFunction",
           "Observation", "StudentNotebook", "StudentError", "StudentRaised", "Tampering",
           "Unsupported"]
