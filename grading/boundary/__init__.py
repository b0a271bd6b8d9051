"""The process boundary between student code and the grader's judgement."""
from .student import (BoundaryFailure, ForbiddenCall, Handle, LocalTransport,
                      MissingFunction, Observation, Student, StudentError, StudentRaised,
                      Tampering, Unsupported)

__all__ = ["BoundaryFailure", "ForbiddenCall", "Handle", "LocalTransport", "MissingFunction",
           "Observation", "Student", "StudentError", "StudentRaised", "Tampering",
           "Unsupported"]
