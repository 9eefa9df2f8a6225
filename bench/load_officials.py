"""The simulated officials of bench/load.py: one HTTP client with its own session each, and the recorder."""

from __future__ import annotations

import asyncio
import html
import random
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from load_world import AF_OFFICER, SECURITY_OFFICER, SOCIAL_WORKERS

# --- The officials ----------------------------------------------------------------------------------------------

_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_ATTR = re.compile(r'(\w[\w-]*)(?:="([^"]*)")?')
_OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


_SELECT = re.compile(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S)
_FORM = re.compile(r"<form\b.*?</form>", re.S)


def form_fields(page: str, containing: str = "csrfmiddlewaretoken") -> dict[str, list[str]]:
    """What a browser would send from the page's form with the field ``containing``: hidden, text and date inputs,
    checked boxes and the selected options (text areas are set by the caller)."""
    form = next((f for f in _FORM.findall(page) if f'name="{containing}"' in f), "")
    fields: dict[str, list[str]] = defaultdict(list)
    for tag in _INPUT.findall(form):
        attrs = {k: html.unescape(v or "") for k, v in _ATTR.findall(tag[6:])}
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            continue
        fields[name].append(attrs.get("value", "on" if kind == "checkbox" else ""))
    for name, options in _SELECT.findall(form):
        values = re.findall(r'<option value="([^"]*)"([^>]*)>', options)
        chosen = [v for v, rest in values if "selected" in rest] or [v for v, _ in values if v][:1]
        fields[name] = chosen
    return fields


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool


@dataclass
class Recorder:
    measuring: bool = False
    samples: list[Sample] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    failed_logins: int = 0

    def add(self, page: str, seconds: float, ok: bool, detail: str = "") -> None:
        if self.measuring:
            self.samples.append(Sample(page, seconds, ok))
            if not ok and page not in self.failures:
                self.failures[page] = detail


class Official:
    def __init__(self, client: Any, recorder: Recorder, rng: random.Random, plan: dict[str, Any], role: str) -> None:
        self.client, self.recorder, self.rng, self.plan, self.role = client, recorder, rng, plan, role

    async def request(self, page: str, method: str, url: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:  # a timeout or a refused connection is an error of the page
            self.recorder.add(page, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}")
            return None
        ok = response.status_code < 400
        self.recorder.add(page, time.perf_counter() - started, ok, f"HTTP {response.status_code} {url}")
        return response if ok else None

    async def follow(self, page: str, response: Any) -> Any:
        if response is not None and response.status_code in (301, 302, 303):
            return await self.request(page, "GET", response.headers["location"])
        return response

    async def login(self, how: str) -> bool:
        for _ in range(3):  # a login that times out on a busy server is tried again
            try:
                return await self._login(how)
            except Exception:  # httpx's timeouts and refused connections
                continue
        return False

    async def _login(self, how: str) -> bool:
        form = await self.client.get("/konto/logga-in/")
        token = form_fields(form.text).get("csrfmiddlewaretoken", [""])[0]
        if how == "password":
            data = {"csrfmiddlewaretoken": token, "username": self.role, "password": "samverkan-demo"}
            answer = await self.client.post("/konto/logga-in/", data=data)
        else:
            user_id = self.plan["users"][self.role]
            answer = await self.client.post(f"/konto/logga-in/demo/{user_id}/", data={"csrfmiddlewaretoken": token})
        return answer.status_code in (302, 303) and "logga-in" not in answer.headers.get("location", "logga-in")

    # The actions of each role, with their weights.

    async def start_page(self) -> None:
        await self.request("startsida", "GET", "/")

    async def case_list(self) -> None:
        await self.request("ärendelista", "GET", "/arenden/")

    async def case_search(self) -> None:
        name = self.rng.choice(self.plan["names"])
        await self.follow("ärendesökning", await self.request("ärendesökning", "GET", "/arenden/", params={"q": name}))

    async def case_page(self) -> None:
        await self.request("ärendesida", "GET", f"/arenden/{self.rng.choice(self.plan['cases'])}/")

    async def lookup(self) -> None:
        url = f"/arenden/{self.rng.choice(self.plan['cases'])}/hamta-uppgifter/"
        form = await self.request("hämta uppgifter (formulär)", "GET", url)
        if form is not None:
            await self.request("hämta uppgifter (POST)", "POST", url, data=form_fields(form.text, "period_start"))

    async def disclosure_request(self) -> None:
        url = f"/arenden/{self.rng.choice(self.plan['cases'])}/begar-uppgifter/"
        form = await self.request("begär uppgifter (formulär)", "GET", url)
        if form is None:
            return
        data = form_fields(form.text, "purpose")
        data["discloser"] = [value for value, label in _OPTION.findall(form.text) if "Försäkringskassan" in label][:1]
        data["categories"] = ["benefit_granted", "payment_amount", "payment_date"]
        data["purpose"] = ["Utredning av rätt till ekonomiskt bistånd"]
        sent = await self.request("begär uppgifter (POST)", "POST", url, data=data)
        await self.follow("förfrågan (svar)", sent)

    async def review_queue(self) -> None:
        await self.request("AF:s granskningskö", "GET", "/granskning/")

    async def log_review(self) -> None:
        await self.request("logggranskning", "GET", "/uppfoljning/logggranskning/")

    async def log_search(self) -> None:
        await self.request("loggsökning", "GET", "/uppfoljning/logggranskning/sok/")

    def actions(self) -> list[tuple[Callable[[], Awaitable[None]], int]]:
        if self.role == AF_OFFICER:
            return [(self.review_queue, 70), (self.start_page, 30)]
        if self.role == SECURITY_OFFICER:
            return [(self.log_review, 50), (self.log_search, 30), (self.start_page, 20)]
        return [
            (self.start_page, 15),
            (self.case_list, 15),
            (self.case_search, 10),
            (self.case_page, 35),
            (self.lookup, 15),
            (self.disclosure_request, 10),
        ]

    async def work(self, until: float, think: float) -> None:
        actions = self.actions()
        steps, weights = [a for a, _ in actions], [w for _, w in actions]
        while time.monotonic() < until:
            await self.rng.choices(steps, weights)[0]()
            if think:
                await asyncio.sleep(min(self.rng.uniform(0.5, 1.5) * think, max(0.0, until - time.monotonic())))


def _role(n: int) -> str:
    return {0: AF_OFFICER, 5: SECURITY_OFFICER}.get(n % 10, SOCIAL_WORKERS[n % 2])
