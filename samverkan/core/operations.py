"""Wrapping a Ninja operation's ``run``: how ``@allowed`` and ``@idempotent`` act before Ninja reads the input."""

from __future__ import annotations

from collections.abc import Callable

from django.http.response import HttpResponseBase
from ninja.operation import Operation

#: An operation's ``run``: the request and the path parameters in, the response out.
Run = Callable[..., HttpResponseBase]


def wrap_run(operation: Operation, decorate: Callable[[Run], Run]) -> None:
    """Wrap ``operation.run`` with ``decorate``, on the operation and on every clone of it.

    Ninja clones an operation when it mounts its router and re-applies the decorators listed in the
    operation's ``_run_decorators`` to the clone's ``run`` (``Operation.clone``; ``ninja.decorators``
    keeps the same list for ``decorate_view``).
    """
    operation.run = decorate(operation.run)  # type: ignore[method-assign]  # Ninja's own way to wrap an operation
    decorators: list[Callable[[Run], Run]] | None = getattr(operation, "_run_decorators", None)
    if decorators is None:
        decorators = []
        operation._run_decorators = decorators  # type: ignore[attr-defined]  # Ninja reads it only with hasattr
    decorators.append(decorate)
