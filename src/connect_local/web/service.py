"""The AWS endpoint's request pipeline: identify -> route -> parse -> validate -> dispatch -> serialize.

Sans-I/O: it takes a RawRequest and returns a Response; the ASGI app only moves bytes.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from botocore.model import OperationModel

from connect_local import api, errors
from connect_local.auth import strict
from connect_local.auth.identity import Identity, identify
from connect_local.clock import Clock
from connect_local.config import Settings
from connect_local.domain.lifecycle import settle_due
from connect_local.domain.records import Call, UnitOfWork
from connect_local.errors import ServiceError, UnmodelledError
from connect_local.ids import ACCOUNT_ID, REGION_NAME, IdFactory
from connect_local.ids import request_id as new_request_id
from connect_local.protocol import parser, serializer, validator
from connect_local.protocol.model import operation as operation_model
from connect_local.protocol.parser import RawRequest
from connect_local.protocol.router import Router
from connect_local.protocol.serializer import Response
from connect_local.store import Store
from connect_local.web.throttle import Throttle

log = logging.getLogger("connect_local")



class _CallScope:
    """`with service.call(...) as call:` (a class, not a generator: it runs on every request)."""

    __slots__ = ("_account", "_read_only", "_region", "_service", "_unit")

    def __init__(self, service: Service, account: str, region: str, read_only: bool) -> None:
        self._service = service
        self._account = account
        self._region = region
        self._read_only = read_only

    def __enter__(self) -> Call:
        service = self._service
        now = service.clock.now()
        self._unit = service.store.unit_of_work(self._read_only, now)
        uow = self._unit.__enter__()
        if not uow.nothing_due and self._settle(uow, now):
            # Settling is time passing, not part of the request: it commits on its own, so a request that then
            # fails (a Describe answering 404, say) cannot roll it back.
            self._unit.__exit__(None, None, None)
            self._unit = service.store.unit_of_work(self._read_only, now)
            uow = self._unit.__enter__()
            if not uow.nothing_due:
                self._settle(uow, now)  # due meanwhile (another process): settled with the request
        return Call(uow, self._account, self._region, now, service.settings, service.ids)

    def _settle(self, uow: UnitOfWork, now: float) -> int:
        service = self._service
        try:
            return settle_due(Call(uow, self._account, self._region, now, service.settings, service.ids))
        except BaseException as error:
            self._unit.__exit__(type(error), error, error.__traceback__)
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._unit.__exit__(kind, error, trace)


# Parsed inputs of read-only requests remembered at most (a full table starts over).
_REMEMBERED_INPUTS = 4096


def _reads_headers(op: OperationModel) -> bool:
    shape = op.input_shape
    return shape is not None and any(m.serialization.get("location") in ("header", "headers")
                                     for m in shape.members.values())


@functools.lru_cache(maxsize=4096)
def _check_identity(account: str, region: str) -> None:
    """Refuse identities whose Region or account could not name a real resource (cached: clients reuse them)."""
    if not REGION_NAME.fullmatch(region):
        raise UnmodelledError("IncompleteSignatureException", 400,
                              f"The credential scope names an invalid Region: {region[:40]!r}")
    if not ACCOUNT_ID.fullmatch(account):
        raise UnmodelledError("InvalidClientTokenId", 403, "The account id is not valid.")


@dataclass(slots=True)
class Outcome:
    response: Response
    request_id: str
    operation: str | None
    identity: Identity | None


class Service:
    def __init__(self, settings: Settings, store: Store, clock: Clock, ids: IdFactory) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.ids = ids
        self.router = Router()
        self._validation_error: dict[str, type[ServiceError] | None] = {}
        # operation -> (handler, model, read-only?, input memoized?), looked up once per operation
        self._plans: dict[str, tuple[api.Handler, OperationModel, bool, bool]] = {}
        self._inputs: dict[tuple[str, str, str, bytes], tuple[dict[str, Any], list[str]]] = {}
        self.strict = strict.from_settings(settings)
        self.throttle = Throttle() if settings.throttle else None

    def handle(self, request: RawRequest) -> Outcome:
        request_id = new_request_id()
        operation = None
        identity = None
        try:
            identity = self._identify(request)
            route = self.router.match(request.method, request.raw_path)
            if route is None:
                raise UnmodelledError("UnknownOperationException", 404,
                                      f"No operation matches {request.method} {request.raw_path}")
            operation = route.operation
            if self.throttle is not None:
                self.throttle.check(identity.account, identity.region, operation)
            response = self._dispatch(operation, route.labels, request, identity)
        except ServiceError as exc:
            response = serializer.error(exc)
        except parser.BadInput as exc:
            response = serializer.error(self._invalid(operation, exc.message))
        except Exception:
            log.exception("request %s (%s) failed", request_id, operation)
            response = serializer.error(UnmodelledError(
                "InternalServiceException", 500, f"Internal service error. Request id: {request_id}"))
        response.headers.append(("x-amzn-RequestId", request_id))
        return Outcome(response, request_id, operation, identity)

    def _identify(self, request: RawRequest) -> Identity:
        if self.strict is not None:
            identity = self.strict.identify(request.method, request.raw_path, request.query_string,
                                            request.headers, request.body)
        else:
            identity = identify(request.headers.get("authorization"), request.query_string,
                                self.settings.default_account, self.settings.default_region)
        _check_identity(identity.account, identity.region)
        return identity

    def _dispatch(self, operation: str, labels: dict[str, str], request: RawRequest,
                  identity: Identity) -> Response:
        plan = self._plans.get(operation)
        if plan is None:
            handler = api.HANDLERS.get(operation)
            if handler is None:
                raise UnmodelledError("NotImplementedException", 501,
                                      f"connect-local does not implement the {operation} operation yet.")
            model = operation_model(operation)
            read_only = operation in api.READ_ONLY
            plan = self._plans[operation] = (handler, model, read_only, read_only and not _reads_headers(model))
        handler, op, read_only, memoized = plan
        if memoized:
            params, problems = self._read_input(op, labels, request)
        else:
            params = parser.parse(op, labels, request, self.settings.max_json_depth)
            problems = validator.validate(op.input_shape, params)
        if problems:
            raise self._invalid(operation, validator.message(problems))
        with self.call(identity.account, identity.region, read_only) as call:
            output = handler(call, params)
        return serializer.success(op, output)

    def _read_input(self, op: OperationModel, labels: dict[str, str],
                    request: RawRequest) -> tuple[dict[str, Any], list[str]]:
        """Parse and validate a read-only operation's input, remembering the result: pollers repeat requests.

        Safe because parsing and validating are pure functions of path, query and body (operations that read
        headers are not memoized) and read-only handlers never change their params.
        """
        key = (op.name, request.raw_path, request.query_string, request.body)
        known = self._inputs.get(key)
        if known is None:
            params = parser.parse(op, labels, request, self.settings.max_json_depth)
            known = (params, validator.validate(op.input_shape, params))
            if len(self._inputs) >= _REMEMBERED_INPUTS:
                self._inputs.clear()
            self._inputs[key] = known
        return known

    def call(self, account: str, region: str, read_only: bool = False) -> _CallScope:
        """One unit of work for (account, Region), with due transitions settled first; commits on success.

        Control-plane endpoints use this too, so they see exactly what the AWS endpoint sees.
        """
        return _CallScope(self, account, region, read_only)

    def _invalid(self, operation: str | None, message: str) -> ServiceError:
        """The operation's own 400 error for bad input: InvalidParameterException where the model lists it."""
        if operation is None:
            return UnmodelledError("SerializationException", 400, message)
        if operation not in self._validation_error:
            names = {shape.name for shape in operation_model(operation).error_shapes}
            chosen: type[ServiceError] | None = None
            for candidate in ("InvalidParameterException", "InvalidRequestException"):
                if candidate in names:
                    chosen = getattr(errors, candidate)
                    break
            self._validation_error[operation] = chosen
        error_class = self._validation_error[operation]
        if error_class is None:
            return UnmodelledError("ValidationException", 400, message)
        return error_class(message)

