"""Types of the API's query and path parameters, with the bounds the database can hold.

A number beyond a 64-bit column never reaches a query: Ninja refuses it with a 422 in the API's
error shape (:mod:`samverkan.core.api_errors`) and the OpenAPI document states the bounds. Dates and
texts have their ranges in :mod:`samverkan.core.validation`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

#: The largest primary key a ``BigAutoField`` holds (PostgreSQL ``bigint``, SQLite ``INTEGER``).
MAX_ID = 2**63 - 1
#: The most rows a list operation skips (beyond it a narrower search is the answer).
MAX_OFFSET = 1_000_000

#: An object's id.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: How many rows to skip.
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
