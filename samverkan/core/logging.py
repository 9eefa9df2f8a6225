"""Logging that never shows a personnummer (issue 16 point 6).

:class:`RedactIdentityNumbers` is a filter for every handler (``settings.LOGGING``): it masks whatever looks
like a Swedish personnummer or samordningsnummer in a record's message, its arguments and its traceback, so
a request line (``django.server``), a 404 or 500 (``django.request``) or an exception message never prints
one. The searches no longer put numbers in URLs (``samverkan.core.searches``); this is the second line.

What is masked (the safe reading, a log is no place to be exact): 10 or 12 digits standing alone, ``YYMMDD``
or ``YYYYMMDD`` (century 18, 19 or 20; month 01–12; day 01–31, or 61–91 for a samordningsnummer), the date
parts either unseparated or separated alike by ``-`` or ``.``, then ``-``, ``+``, a space, an en dash or their
URL encodings (``%2B``, ``%20``, ``%E2%80%93``) or nothing, then four digits. Full-width digits are folded
first. A log line loses a look-alike now and then (a 10-digit telephone number written without grouping
whose first six digits form a date); it never keeps a number.
"""

from __future__ import annotations

import contextvars
import logging
import re

import pythonjsonlogger.json

MASK = "[personnummer]"

_FULL_WIDTH = str.maketrans("".join(chr(0xFF10 + i) for i in range(10)), "0123456789")
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
_DAY_SEPARATOR = r"(?:[-+ \u2013]|%2[bB]|%20|%[eE]2%80%93)?"
IDENTITY_NUMBER = re.compile(
    rf"(?<![0-9])(?:18|19|20)?[0-9]{{2}}(?P<s>[-.]?){_MONTH}(?P=s){_DAY}{_DAY_SEPARATOR}[0-9]{{4}}(?![0-9])"
)


def redact(text: str) -> str:
    """``text`` with every look-alike of an identity number replaced by :data:`MASK`."""
    folded = text.translate(_FULL_WIDTH)
    if not any(c.isdigit() for c in folded):
        return text
    masked = IDENTITY_NUMBER.sub(MASK, folded)
    return text if masked == folded else masked


class RedactIdentityNumbers(logging.Filter):
    """Masks identity numbers in a record's message and arguments (the message is formatted and masked once; the
    record keeps its arguments when none held a number) and in its traceback and stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record with broken arguments: mask its parts, the handler reports the rest
            record.msg = redact(str(record.msg))
            if isinstance(record.args, tuple):
                record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        else:
            masked = redact(message)
            if masked != message:
                record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# --- Request ids (issue 20 point 4: structured logs with a request id) ------------------------------------------

#: The id of the request being served (``-`` outside a request), set by ``core.middleware.RequestIdMiddleware``.
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("samverkan_request_id", default="-")
#: An id a proxy or load balancer sent in ``X-Request-ID`` is kept only if it is this harmless.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestId(logging.Filter):
    """Puts the current request's id on every record (``%(request_id)s``), so a line can be followed to its request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """One JSON object per line (python-json-logger), masked once more as a whole: the formatter adds the record's
    extra fields (Django's request, a traceback it formats itself), which the filter never saw."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
