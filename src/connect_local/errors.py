"""Service errors, named exactly after the error shapes of the Connect model.

The protocol layer looks the HTTP status up in the model by class name, so a new error is one class here.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """An error the client sees as a modelled AWS error."""

    code: str = "InternalServiceException"

    def __init__(self, message: str, **members: Any) -> None:
        super().__init__(message)
        self.message = message
        self.members = members

    def body(self) -> dict[str, Any]:
        return {"Message": self.message, **self.members}


def _error(name: str) -> type[ServiceError]:
    return type(name, (ServiceError,), {"code": name})


InvalidParameterException = _error("InvalidParameterException")
InvalidRequestException = _error("InvalidRequestException")
AccessDeniedException = _error("AccessDeniedException")
ResourceNotFoundException = _error("ResourceNotFoundException")
ContactFlowNotPublishedException = _error("ContactFlowNotPublishedException")
DuplicateResourceException = _error("DuplicateResourceException")
ResourceConflictException = _error("ResourceConflictException")
ResourceInUseException = _error("ResourceInUseException")
ResourceNotReadyException = _error("ResourceNotReadyException")
IdempotencyException = _error("IdempotencyException")
ServiceQuotaExceededException = _error("ServiceQuotaExceededException")
LimitExceededException = _error("LimitExceededException")
ThrottlingException = _error("ThrottlingException")
InternalServiceException = _error("InternalServiceException")


class InvalidContactFlowException(ServiceError):
    """Flow content failed validation; `problems` names every fault (lower-case keys, as modelled; at most 50,
    which flow_language.validate already guarantees)."""

    code = "InvalidContactFlowException"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("The flow is not valid.")
        self.problems = problems

    def body(self) -> dict[str, Any]:
        return {"Message": self.message, "problems": [{"message": p} for p in self.problems]}


class UnmodelledError(ServiceError):
    """Errors that exist on the wire but not in the Connect model (routing, signing, throttling at the edge)."""

    def __init__(self, code: str, status: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
