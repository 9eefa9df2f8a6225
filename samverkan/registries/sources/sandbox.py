"""The built-in synthetic sandbox: the default source, with configurable latency and faults.

:func:`generate_records` makes realistic, deterministic records for one person at one agency
(a random generator seeded by agency and identity number, dates relative to a reference day):

- Försäkringskassan: sjukpenning with its application, decision and monthly payments; some
  pending applications (bostadsbidrag, föräldrapenning); a few retroactive decisions
  (sjukersättning, aktivitetsersättning, bostadsbidrag) whose payout day is still ahead.
- Pensionsmyndigheten (people of 65 and older): bostadstillägg and often garantipension, with
  payments; now and then a retroactive bostadstillägg or a pending application.
- Arbetsförmedlingen: registration with sökandekategori and a-kassa, programmes, monthly
  aktivitetsrapporter (sometimes one missing), a few decisions on etableringsersättning.
- The a-kassa: the decision on arbetslöshetsersättning and its monthly payments.
- Centrala studiestödsnämnden (some adults under 57): studiemedel as bidrag and lån for the current
  term, paid monthly; now and then studies at compulsory-school level or a hemutrustningslån.
- Skatteverket (every adult): the decision on slutlig skatt for the last income year (income of
  tjänst, sometimes of näringsverksamhet) and its skatteåterbäring or kvarskatt.

The demo step (``hooks.py``) stores these in the registry tables, and :class:`SandboxSource`
reads them back from there (``store="db"``), so a lookup returns exactly what the agencies see in
their own UI. ``store="generated"`` generates in memory instead (no database: the benchmark).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from samverkan.domain.dates import age_on
from samverkan.domain.identity import parse_identity_number
from samverkan.registries.records import Agency, RecordData
from samverkan.registries.sources.base import Period, SourceError, SourceResult, period_result

#: Mixed into every generator seed; changing it changes all sandbox data.
SANDBOX_SEED = "samverkan-sandbox-1"

PROGRAMMES = (
    "Rusta och matcha",
    "Arbetsmarknadsutbildning",
    "Förberedande insatser",
    "Jobb- och utvecklingsgarantin",
    "Jobbgarantin för ungdomar",
    "Introduktionsjobb",
)
FUNDS = ("A-kassan Mälardalen", "Byggnadsarbetarnas a-kassa", "Handels a-kassa", "Kommunals a-kassa")


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _pro_rata(monthly: Decimal, start: dt.date, end: dt.date) -> Decimal:
    days = (end - start).days + 1
    in_month = (_month_end(start) - _month_start(start)).days + 1
    return (monthly * days / in_month).quantize(Decimal("0.01"))


class _Records:
    def __init__(self, agency: str, identity_number: str) -> None:
        self.agency = agency
        self.identity_number = identity_number
        self.digits = identity_number.replace("-", "")
        self.items: list[RecordData] = []
        self.counter = 0

    def add(self, kind: str, prefix: str, **values: object) -> None:
        self.counter += 1
        external_id = f"SBX-{self.agency.upper()}-{prefix}-{self.digits}-{self.counter:02d}"
        self.items.append(
            RecordData(
                kind=kind,
                external_id=external_id,
                identity_number=self.identity_number,
                values=values,
                agency=self.agency,
            )
        )

    def application(self, benefit: str, submitted_on: dt.date, status: str) -> None:
        self.add("benefit_application", "ANS", benefit=benefit, submitted_on=submitted_on, status=status)

    def decision(
        self,
        benefit: str,
        *,
        decided: dt.date,
        start: dt.date,
        monthly: Decimal,
        extent: str = "",
        outcome: str = "granted",
        period_end: dt.date | None = None,
        retroactive: tuple[Decimal, dt.date, dt.date, dt.date] | None = None,
    ) -> None:
        """A benefit decision; ``retroactive`` is (net amount, period from, period to, payout day)."""
        amount, retro_start, retro_end, payout = retroactive or (None, None, None, None)
        self.add(
            "benefit_decision",
            "BES",
            benefit=benefit,
            outcome=outcome,
            decision_date=decided,
            period_start=start,
            period_end=period_end,
            monthly_amount=monthly,
            extent=extent,
            retroactive_amount=amount,
            retroactive_start=retro_start,
            retroactive_end=retro_end,
            payout_date=payout,
        )

    def payment(self, benefit: str, start: dt.date, end: dt.date, amount: Decimal, paid_on: dt.date) -> None:
        self.add(
            "benefit_payment",
            "UTB",
            benefit=benefit,
            period_start=start,
            period_end=end,
            amount=amount,
            paid_on=paid_on,
        )


def _months(start: dt.date, end: dt.date) -> int:
    """The calendar months from ``start``'s to ``end``'s, both counted."""
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


def _fk(out: _Records, rng: random.Random, on: dt.date) -> None:
    roll = rng.random()
    if roll < 0.9:  # sjukpenning, decided, paid monthly in arrears on the 25th
        sick_from = on - dt.timedelta(days=rng.randint(70, 240))
        submitted = sick_from + dt.timedelta(days=rng.randint(2, 10))
        decided = submitted + dt.timedelta(days=rng.randint(12, 35))
        monthly = _money(rng, 9_000, 21_000)
        extent = rng.choice(("hel", "hel", "3/4", "1/2"))
        open_ended = rng.random() < 0.6
        period_end = None if open_ended else _month_end(on + dt.timedelta(days=rng.randint(10, 90)))
        out.application("sickness_benefit", submitted, "decided")
        out.decision(
            "sickness_benefit", decided=decided, start=sick_from, monthly=monthly, extent=extent, period_end=period_end
        )
        month = _month_start(sick_from)
        while True:  # each month is paid on the 25th of the next, never before the decision
            start = max(month, sick_from)
            end = _month_end(month) if period_end is None else min(_month_end(month), period_end)
            paid_on = max(_add_months(month, 1).replace(day=25), decided + dt.timedelta(days=4))
            if paid_on > on or (period_end is not None and start > period_end):
                break
            out.payment("sickness_benefit", start, end, _pro_rata(monthly, start, end), paid_on)
            month = _add_months(month, 1)
    if rng.random() < 0.25:  # an application still waiting for a decision
        benefit = rng.choice(("housing_allowance", "parental_benefit", "housing_allowance"))
        out.application(benefit, on - dt.timedelta(days=rng.randint(4, 45)), "submitted")
    if rng.random() < 0.18:  # a retroactive decision, payout still ahead
        benefit = rng.choice(("sickness_compensation", "activity_compensation", "housing_allowance"))
        retro_start = _month_start(on - dt.timedelta(days=rng.randint(60, 170)))
        retro_end = _month_start(on) - dt.timedelta(days=1)
        monthly = _money(rng, 3_000, 12_000) if benefit != "housing_allowance" else _money(rng, 1_200, 4_500)
        retro_amount = (monthly * _months(retro_start, retro_end) * Decimal("0.70")).quantize(Decimal("0.01"))
        decided = on - dt.timedelta(days=rng.randint(0, 6))
        out.application(benefit, retro_start + dt.timedelta(days=rng.randint(0, 20)), "decided")
        out.decision(
            benefit,
            decided=decided,
            start=retro_start,
            monthly=monthly,
            extent="hel" if benefit != "housing_allowance" else "",
            retroactive=(retro_amount, retro_start, retro_end, on + dt.timedelta(days=rng.randint(30, 60))),
        )


def _pm(out: _Records, rng: random.Random, on: dt.date, birth: dt.date) -> None:
    if age_on(birth, on) < 65:
        return
    decisions: list[tuple[str, Decimal, dt.date]] = []
    start = _month_start(on - dt.timedelta(days=rng.randint(200, 900)))
    decisions.append(("housing_supplement", _money(rng, 1_500, 6_500), start))
    if rng.random() < 0.7:
        decisions.append(
            ("guarantee_pension", _money(rng, 2_500, 9_500), _month_start(birth.replace(year=birth.year + 66)))
        )
    for benefit, monthly, begins in decisions:
        decided = begins - dt.timedelta(days=rng.randint(10, 40))
        out.application(benefit, decided - dt.timedelta(days=30), "decided")
        out.decision(benefit, decided=decided, start=begins, monthly=monthly)
        month = max(_month_start(begins), _add_months(_month_start(on), -6))
        while True:
            paid_on = month.replace(day=19)
            if paid_on > on:
                break
            out.payment(benefit, month, _month_end(month), monthly, paid_on)
            month = _add_months(month, 1)
    if rng.random() < 0.35:  # a higher bostadstillägg after a rent increase, decided retroactively
        retro_start = _month_start(on - dt.timedelta(days=rng.randint(60, 130)))
        retro_end = _month_start(on) - dt.timedelta(days=1)
        extra = _money(rng, 600, 2_200)
        out.decision(
            "housing_supplement",
            outcome="changed",
            decided=on - dt.timedelta(days=rng.randint(0, 5)),
            start=retro_start,
            monthly=decisions[0][1] + extra,
            retroactive=(
                (extra * _months(retro_start, retro_end)).quantize(Decimal("0.01")),
                retro_start,
                retro_end,
                on + dt.timedelta(days=rng.randint(30, 55)),
            ),
        )
    elif rng.random() < 0.3:
        out.application("housing_supplement", on - dt.timedelta(days=rng.randint(3, 30)), "submitted")


def _af(out: _Records, rng: random.Random, on: dt.date, coordination: bool) -> None:
    registered = on - dt.timedelta(days=rng.randint(45, 700))
    deregistered = on - dt.timedelta(days=rng.randint(3, 30)) if rng.random() < 0.1 else None
    category = rng.choices(("openly_unemployed", "with_obstacles", "in_programme", "other"), weights=(50, 20, 20, 10))[
        0
    ]
    out.add(
        "jobseeker_registration",
        "INS",
        registered_from=registered,
        registered_to=deregistered,
        category=category,
        unemployment_fund=rng.choice(FUNDS) if rng.random() < 0.45 else "",
    )
    if category == "in_programme" or rng.random() < 0.3:
        start = max(registered, on - dt.timedelta(days=rng.randint(20, 200)))
        end = start + dt.timedelta(days=rng.choice((90, 180, 365)))
        out.add(
            "labour_market_programme",
            "PRG",
            name="Etableringsprogrammet" if coordination else rng.choice(PROGRAMMES),
            period_start=start,
            period_end=end,
        )
    last_end = deregistered or on
    months = min(6, max(1, (last_end - registered).days // 30))
    skip_latest = rng.random() < 0.2  # the latest report has not come in
    for back in range(months, 0 if not skip_latest else 1, -1):
        report_month = _add_months(_month_start(last_end), -back)
        submitted = _add_months(report_month, 1).replace(day=rng.randint(1, 14))
        if submitted > on:
            continue
        out.add("activity_report", "AKT", submitted_on=submitted, report_month=report_month)
    if coordination or rng.random() < 0.08:
        start = max(registered, on - dt.timedelta(days=rng.randint(60, 300)))
        changed = rng.random() < 0.3
        out.add(
            "establishment_allowance_decision",
            "ETB",
            entitled=True,
            decision_date=start - dt.timedelta(days=rng.randint(5, 20)),
            monthly_amount=Decimal("6776.00") if not changed else Decimal("5082.00"),
            period_start=start,
            period_end=start + dt.timedelta(days=729),
            extent="hel" if not changed else "3/4",
            changed=changed,
        )


def _unemployment_fund(out: _Records, rng: random.Random, on: dt.date) -> None:
    months = rng.randint(2, 6)
    monthly = _money(rng, 9_000, 22_000)
    first_month = _add_months(_month_start(on), -months)
    for back in range(months, 0, -1):
        month = _add_months(_month_start(on), -back)
        paid_on = _add_months(month, 1).replace(day=rng.randint(8, 14))
        if paid_on > on:
            continue
        out.add(
            "unemployment_fund_payment",
            "UTB",
            period_start=month,
            period_end=_month_end(month),
            amount=(monthly * Decimal(rng.randint(80, 100)) / 100).quantize(Decimal("0.01")),
            paid_on=paid_on,
        )
    # The decision the payments follow (added last, from the values already drawn: the payments' ids stay).
    out.add(
        "unemployment_fund_decision",
        "BES",
        outcome="granted",
        decision_date=first_month + dt.timedelta(days=6),
        period_start=first_month,
        period_end=None,
        daily_amount=(monthly / 22).quantize(Decimal("0.01")),
        extent="heltid",
    )


#: Studiemedel per month of full-time studies (bidrag and the ordinary lån; CSN's rates, rounded).
STUDY_GRANT_MONTHLY = Decimal("3500.00")
STUDY_LOAN_MONTHLY = Decimal("8000.00")


def _term(on: dt.date) -> tuple[dt.date, dt.date]:
    """The current term: autumn (from late August to mid January) or spring (mid January to early June)."""
    if on.month >= 8:
        return dt.date(on.year, 8, 25), dt.date(on.year + 1, 1, 16)
    if on.month == 1 and on.day < 17:
        return dt.date(on.year - 1, 8, 25), dt.date(on.year, 1, 16)
    return dt.date(on.year, 1, 17), dt.date(on.year, 6, 7)


def _csn(out: _Records, rng: random.Random, on: dt.date, birth: dt.date) -> None:
    age = age_on(birth, on)
    if age < 18 or age > 56 or rng.random() >= 0.22:
        return
    start, end = _term(on)
    extent = rng.choice(("100", "100", "75", "50"))
    share = Decimal(extent) / 100
    months = _months(start, end)
    decided = start - dt.timedelta(days=rng.randint(10, 40))
    compulsory = rng.random() < 0.2
    forms = ["study_grant"] + (["study_loan"] if rng.random() < 0.6 else [])
    for form in forms:
        monthly = (STUDY_GRANT_MONTHLY if form == "study_grant" else STUDY_LOAN_MONTHLY) * share
        out.add(
            "study_support_decision",
            "BES",
            form=form,
            decision_date=decided,
            period_start=start,
            period_end=end,
            extent=extent,
            amount=(monthly * months).quantize(Decimal("0.01")),
            compulsory_school=compulsory,
        )
        month = _month_start(start)
        while month <= end:  # paid on the 25th for the coming month, the first on the term's start
            paid_on = start if month == _month_start(start) else (_add_months(month, -1).replace(day=25))
            if paid_on > on:
                break
            out.add(
                "study_support_payment",
                "UTB",
                form=form,
                period_start=max(month, start),
                period_end=min(_month_end(month), end),
                amount=monthly.quantize(Decimal("0.01")),
                paid_on=paid_on,
            )
            month = _add_months(month, 1)
    if rng.random() < 0.05:
        out.add(
            "study_support_payment",
            "HEM",
            form="home_equipment_loan",
            period_start=_month_start(on),
            period_end=_month_end(on),
            amount=_money(rng, 10_000, 30_000),
            paid_on=_month_start(on) + dt.timedelta(days=rng.randint(0, 10)),
        )


def _tax_agency(out: _Records, rng: random.Random, on: dt.date, birth: dt.date) -> None:
    if age_on(birth, on) < 18:
        return
    year = on.year - 1 if on.month >= 7 else on.year - 2
    decided = dt.date(year + 1, rng.choice((4, 6, 8)), rng.randint(1, 25))
    employment = _money(rng, 0, 420_000) if rng.random() < 0.75 else Decimal("0.00")
    business = _money(rng, 10_000, 180_000) if rng.random() < 0.08 else None
    taxable = employment + (business or Decimal("0.00"))
    final_tax = (taxable * Decimal("0.29")).quantize(Decimal("0.01"))
    out.add(
        "tax_assessment",
        "SLS",
        income_year=str(year),
        decision_date=decided,
        employment_income=employment,
        business_income=business,
        final_tax=final_tax,
    )
    roll = rng.random()
    if taxable and roll < 0.7:
        paid = decided + dt.timedelta(days=rng.randint(5, 20))
        if rng.random() < 0.15:  # a late refund after a reconsideration, in the reference month
            paid = _month_start(on) + dt.timedelta(days=rng.randint(0, 12))
        out.add(
            "tax_settlement",
            "ATB",
            income_year=str(year),
            settlement="refund",
            amount=_money(rng, 300, 9_000),
            due_on=paid,
        )
    elif taxable and roll < 0.9:
        out.add(
            "tax_settlement",
            "KVS",
            income_year=str(year),
            settlement="residual",
            amount=_money(rng, 500, 15_000),
            due_on=dt.date(year + 1, 11, 12),
        )


def generate_records(agency: str, identity_number: str, *, on: dt.date) -> list[RecordData]:
    """Deterministic synthetic records of ``agency`` for one person, as of ``on``."""
    parsed = parse_identity_number(identity_number, on=on)
    rng = random.Random(f"{SANDBOX_SEED}:{agency}:{identity_number}:{on.isoformat()}")
    out = _Records(agency, identity_number)
    if agency == Agency.FK:
        _fk(out, rng, on)
    elif agency == Agency.PM:
        _pm(out, rng, on, parsed.birth_date)
    elif agency == Agency.AF:
        _af(out, rng, on, parsed.is_samordningsnummer)
    elif agency == Agency.UNEMPLOYMENT_FUND:
        _unemployment_fund(out, rng, on)
    elif agency == Agency.CSN:
        _csn(out, rng, on, parsed.birth_date)
    elif agency == Agency.TAX_AGENCY:
        _tax_agency(out, rng, on, parsed.birth_date)
    else:
        raise ValueError(f"okänd myndighet {agency!r}")
    return out.items


class SandboxSource:
    """The synthetic agency: waits ``latency`` seconds, fails with probability ``failure_rate``.

    ``store="db"`` reads the registry tables (what the agency sees in its own UI);
    ``store="generated"`` generates records in memory as of ``on`` (no database).
    """

    kind = "sandbox"

    def __init__(
        self,
        agency: str,
        *,
        latency: float = 0.0,
        failure_rate: float = 0.0,
        timeout: float = 3.0,
        store: str = "db",
        on: dt.date | None = None,
        seed: int | None = None,
    ) -> None:
        if store not in ("db", "generated"):
            raise ValueError(f"okänt lager {store!r}")
        if not 0.0 <= failure_rate <= 1.0:
            raise ValueError("failure_rate ska vara mellan 0 och 1")
        self.agency = Agency(agency).value
        self.latency = max(0.0, float(latency))
        self.failure_rate = float(failure_rate)
        self.timeout = float(timeout)
        self.store = store
        #: Asked in the caller's thread when there is no latency to simulate (``sources.fanout``).
        self.in_process = self.latency == 0.0
        self.on = on
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def _fails(self) -> bool:
        if self.failure_rate <= 0.0:
            return False
        if self.failure_rate >= 1.0:
            return True
        with self._lock:
            return self._rng.random() < self.failure_rate

    def fetch(self, person_identity_numbers: Sequence[str], period: Period) -> SourceResult:
        started = time.monotonic()
        if self.latency:
            time.sleep(self.latency)
        if self._fails():
            raise SourceError(
                f"{Agency(self.agency).label} svarade med ett tekniskt fel (simulerat avbrott i sandlådan)."
            )
        asked = list(dict.fromkeys(person_identity_numbers))
        if self.store == "generated":
            on = self.on
            if on is None:
                from samverkan.core.demo import REFERENCE_DATE

                on = REFERENCE_DATE
            records = [r for number in asked for r in generate_records(self.agency, number, on=on)]
        else:
            records = self._from_tables(asked)
        return period_result(self, records, period, asked, started=started)

    def _from_tables(self, asked: Sequence[str]) -> list[RecordData]:
        from samverkan.registries.records import kinds_for

        records: list[RecordData] = []
        for spec in kinds_for(self.agency):
            rows = _kind_read(spec.kind).rows(self.agency, list(asked))
            records.extend(
                RecordData(
                    kind=spec.kind,
                    external_id=external_id,
                    identity_number=identity_number,
                    values=dict(zip(spec.field_names, values, strict=True)),
                    agency=self.agency,
                    organisation=organisation,
                )
                for external_id, identity_number, organisation, *values in rows
            )
        return records


_KIND_READS: dict[str, Any] = {}


def _kind_read(kind: str) -> Any:
    """The read of one record kind for an agency and some persons, compiled once (``samverkan.core.prepared``):
    the control run asks every source for every case."""
    read = _KIND_READS.get(kind)
    if read is None:
        from samverkan.core.prepared import PreparedRead
        from samverkan.registries.records import KIND_SPECS
        from samverkan.registries.services import model_for

        spec = KIND_SPECS[kind]
        model = model_for(kind)

        def build(agency: str, numbers: list[str]) -> Any:
            return (
                model._default_manager.filter(organisation__org_type=agency, person__identity_number__in=numbers)
                .order_by("pk")
                .values_list("external_id", "person__identity_number", "organisation__code", *spec.field_names)
            )

        read = _KIND_READS.setdefault(kind, PreparedRead(build))
    return read
