"""Benchmark of the secrecy gate's decision (samverkan.domain.decision.decide).

Run from the project root:  .venv/bin/python bench/gate.py [--requests N] [--seed S] [--repeat R]

Sections (each a function returning table rows):

1. ``bench_decide``: decisions per second of ``decide()`` over a realistic mix of
   generated requests (duty lookups by socialtjänsten, consent-based requests from
   vård and arbetsgivare, AF reviews, and noise).
2. ``bench_cedar``: the same decisions expressed as Cedar policies (duty as one
   permit policy per discloser and category, consent as entities checked by two
   permit policies), evaluated with ``cedarpy``. Every category decision is
   compared with ``decide()``; any disagreement is printed and makes the run
   exit non-zero. The Cedar lists below are written out by hand from
   förordningen (2008:975) 2–7 §§, not derived from the Python table, so
   the comparison is a real cross-check (2 § CSN, 4 § the a-kassor and 6 § Skatteverket too).
3. ``run_database_benchmarks``: a full request through the gate (decide + store the
   request and its decisions + audit append, ``disclosure_request``) on SQLite and on
   PostgreSQL, each as a ratio against a bare single-row INSERT and COMMIT on the same
   database in the same run. One full request here is 11 statements and a COMMIT: the
   household check, the consent lookup, INSERT of the request (with the one snapshot of the
   inputs, rules version, fingerprint and all decisions), one read per record kind that can
   yield a requested category (4 for these AF categories), one multi-row INSERT of the 9
   decision rows (each with its decision, citations and released values; the inputs are the
   request's, docs/adr/0006), and the audit append (lock the chain head, INSERT the entry,
   move the head). Each database runs in its own process on a throwaway
   SQLite file and the schema ``samverkan_bench_gate`` of ``--pg-url`` (default
   ``DATABASE_URL``, else postgres://postgres@127.0.0.1:5432/test); var/samverkan.sqlite3
   is never touched. ``--db-requests 0`` skips it. Beside it the batch path
   (``samverkan.disclosures.batch.disclosure_request_many``, docs/adr/0008) over batches of
   50 persons: requests per second, and its ratio to the bare INSERT and to the single path.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cedarpy  # noqa: E402

from samverkan.domain.consent import ConsentForm, ConsentRecord  # noqa: E402
from samverkan.domain.decision import decide  # noqa: E402
from samverkan.domain.disclosure import (  # noqa: E402
    CATEGORIES,
    RULES_VERSION,
    Basis,
    DisclosureDecision,
    DisclosureRequest,
    Outcome,
)
from samverkan.domain.organisations import OrganisationType as O  # noqa: E402

# --- Request generation --------------------------------------------------------------------------

FK_PM_DUTY = [
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
]
AF_DUTY = [
    "identity",
    "jobseeker_registration",
    "unemployment_fund_membership",
    "jobseeker_category",
    "labour_market_programme",
    "activity_report_date",
    "establishment_allowance_entitlement",
    "establishment_allowance_grant",
    "establishment_allowance_change",
]
#: The a-kassa's list, förordningen (2008:975) 4 §, read as built like 3 § (ersättning for förmån): identity, an
#: application made, the ersättning granted, its period and extent, the amount and the day paid; and the summary
#: code "utbetald arbetslöshetsersättning" of before the split.
UNEMPLOYMENT_FUND_DUTY = [
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
    "unemployment_benefit_payment",
]
#: Centrala studiestödsnämnden, förordningen (2008:975) 2 § första stycket 1–9: namn och nummer; att ansökan om
#: studiestöd lämnats in; vilken form som sökts, beviljats, betalats ut; för vilken tidsperiod; omfattningen;
#: belopp per form; belopp för lån till hemutrustning; datum för utbetalning; studiemedel på grundskolenivå.
CSN_DUTY = [
    "identity",
    "study_support_application",
    "study_support_form",
    "study_support_period",
    "study_support_extent",
    "study_support_amount",
    "home_equipment_loan_amount",
    "study_support_payment_date",
    "study_support_compulsory_school",
]
#: Skatteverket, förordningen (2008:975) 6 § (SoL 15 kap. 12 §), as the project reads it: namn och nummer,
#: inkomst av tjänst, inkomst av näringsverksamhet, beslut om slutlig skatt, skatteåterbäring och kvarskatt.
TAX_AGENCY_DUTY = [
    "identity",
    "employment_income",
    "business_income",
    "final_tax_assessment",
    "tax_refund",
    "residual_tax",
]
REHAB = ["rehab_plan", "work_capacity_assessment", "review_meeting_minutes", "sick_leave_certificate"]
ALL_CODES = sorted(CATEGORIES)
FIRST_DAY = dt.date(2025, 1, 1)


def _day(rnd: random.Random, span: int = 730) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rnd.randrange(span))


def _consent(
    rnd: random.Random, discloser: O, requester: O, codes: Sequence[str], on: dt.date, n: int
) -> ConsentRecord:
    """A consent that usually counts, sometimes with one realistic flaw."""
    start = on - dt.timedelta(days=rnd.randrange(0, 200))
    end: dt.date | None = start + dt.timedelta(days=rnd.randrange(30, 365))
    withdrawn: dt.date | None = None
    recorded_by, recipient, covered = discloser, requester, list(codes)
    flaw = rnd.random()
    if flaw < 0.08:
        withdrawn = on - dt.timedelta(days=rnd.randrange(0, 30))
    elif flaw < 0.16:
        recorded_by = requester  # the requesting agency says the person consented: no basis
    elif flaw < 0.22:
        covered = [rnd.choice(ALL_CODES)]
    elif flaw < 0.28:
        end = on - dt.timedelta(days=1)
        start = min(start, end)
    elif flaw < 0.32:
        end = None
    return ConsentRecord(
        recorded_by=recorded_by,
        recipient=recipient,
        categories=tuple(covered),
        purpose="utredning av ekonomiskt bistånd",
        valid_from=start,
        valid_to=end,
        form=ConsentForm.WRITTEN,
        withdrawn_on=withdrawn,
        id=n,
    )


def generate_requests(count: int, seed: int = 2026) -> list[DisclosureRequest]:
    """A realistic mix: most requests are socialtjänstens duty lookups (as SSBTEK), the rest consent-based."""
    rnd = random.Random(seed)
    made: list[DisclosureRequest] = []
    consent_no = 0
    for _ in range(count):
        on = _day(rnd)
        kind = rnd.random()
        consents: list[ConsentRecord] = []
        if kind < 0.55:  # socialtjänsten checks benefits and job-seeker status
            discloser = rnd.choice([O.FK, O.FK, O.PM, O.AF, O.UNEMPLOYMENT_FUND, O.CSN, O.TAX_AGENCY])
            pool = {
                O.AF: AF_DUTY,
                O.UNEMPLOYMENT_FUND: UNEMPLOYMENT_FUND_DUTY,
                O.CSN: CSN_DUTY,
                O.TAX_AGENCY: TAX_AGENCY_DUTY,
            }.get(discloser, FK_PM_DUTY)
            codes = rnd.sample(pool, rnd.randint(2, len(pool)))
            if rnd.random() < 0.15:
                codes.append(rnd.choice(["health_information", "case_notes", "sgi"]))
            requester, handles, active = O.SOCIAL_SERVICES, rnd.random() < 0.92, rnd.random() < 0.9
        elif kind < 0.75:  # vård or arbetsgivare asks FK in a rehabilitation
            discloser, requester = O.FK, rnd.choice([O.HEALTHCARE, O.EMPLOYER, O.SOCIAL_SERVICES])
            codes = rnd.sample(REHAB, rnd.randint(1, 3))
            handles, active = requester is O.SOCIAL_SERVICES, rnd.random() < 0.5
        elif kind < 0.9:  # socialtjänsten asks AF for more than the list: AF's own review
            discloser, requester = O.AF, O.SOCIAL_SERVICES
            codes = rnd.sample(AF_DUTY, 2) + rnd.sample(
                ["case_notes", "health_information", "work_capacity_assessment"], 1
            )
            handles, active = True, rnd.random() < 0.9
        else:  # anything
            discloser, requester = rnd.choice(list(O)), rnd.choice(list(O))
            codes = rnd.sample(ALL_CODES, rnd.randint(1, 4))
            handles, active = rnd.random() < 0.5, rnd.random() < 0.5
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3]) if kind >= 0.55 else rnd.choice([0, 0, 0, 1])):
            consent_no += 1
            consents.append(
                _consent(rnd, discloser, requester, rnd.sample(codes, max(1, len(codes) // 2)), on, consent_no)
            )
        made.append(
            DisclosureRequest(
                date=on,
                requester=requester,
                requester_handles_assistance=handles,
                discloser=discloser,
                active_case=active,
                categories=tuple(codes),
                consents=tuple(consents),
            )
        )
    return made


# --- Section 1: decide() -------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    requests: int
    category_decisions: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else float("inf")

    @property
    def categories_per_second(self) -> float:
        return self.category_decisions / self.seconds if self.seconds else float("inf")


def _best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def bench_decide(requests: Sequence[DisclosureRequest], repeat: int = 3) -> tuple[Timing, list[DisclosureDecision]]:
    decisions: list[DisclosureDecision] = []

    def run() -> None:
        decisions[:] = [decide(r) for r in requests]

    seconds = _best_of(repeat, run)
    total = sum(len(r.categories) for r in requests)
    return Timing("decide() (ren Python)", len(requests), total, seconds), decisions


# --- Section 2: the same rules in Cedar ------------------------------------------------------------

#: Duty lists of förordningen (2008:975), written out again for Cedar: 3 § (FK), 7 § (PM), 5 § (AF), 4 § (a-kassa),
#: 2 § (CSN), 6 § (Skatteverket).
CEDAR_DUTY_LISTS: dict[str, list[str]] = {
    "fk": FK_PM_DUTY,
    "pm": FK_PM_DUTY,
    "af": AF_DUTY,
    "unemployment_fund": UNEMPLOYMENT_FUND_DUTY,
    "csn": CSN_DUTY,
    "tax_agency": TAX_AGENCY_DUTY,
}
#: Disclosers that review a consent-based request themselves (Arbetsförmedlingen).
CEDAR_OWN_REVIEW = ["af"]
NEVER = 10**7  # an ordinal date after any real one: "no end", "not withdrawn"

CONSENT_COUNTS = """
  context.consent.recorded_by == resource.discloser &&
  context.consent.recipient == principal &&
  principal != Org::"finsam" &&
  context.consent.categories.contains(resource.category) &&
  context.consent.valid_from <= context.today &&
  context.today <= context.consent.valid_to &&
  context.today < context.consent.withdrawn_on"""


def cedar_policies() -> tuple[str, list[str]]:
    """The policy text and the name of each policy in order (cedarpy reports them as policy0, policy1, …)."""
    named: list[tuple[str, str]] = []
    for discloser, codes in CEDAR_DUTY_LISTS.items():
        for code in codes:
            named.append(
                (
                    f"duty:{discloser}/{code}",
                    f'permit(principal == Org::"social_services", action == Action::"disclose", '
                    f'resource == Datum::"{discloser}/{code}")\n'
                    f"when {{ context.handles_assistance && context.active_case }};",
                )
            )
    review_set = ", ".join(f'Org::"{o}"' for o in CEDAR_OWN_REVIEW)
    named.append(
        (
            "consent:release",
            f'permit(principal, action == Action::"use_consent", resource)\n'
            f"when {{{CONSENT_COUNTS} &&\n  !([{review_set}].contains(resource.discloser)) }};",
        )
    )
    named.append(
        (
            "consent:review",
            f'permit(principal, action == Action::"use_consent", resource)\n'
            f"when {{{CONSENT_COUNTS} &&\n  [{review_set}].contains(resource.discloser) }};",
        )
    )
    return "\n\n".join(text for _, text in named), [name for name, _ in named]


def _ref(kind: str, ident: str) -> dict[str, Any]:
    return {"__entity": {"type": kind, "id": ident}}


def cedar_entities(requests: Sequence[DisclosureRequest]) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """Organisations, data items (discloser/category) and one Consent entity per consent of each request."""
    entities: list[dict[str, Any]] = [{"uid": {"type": "Org", "id": o.value}, "attrs": {}, "parents": []} for o in O]
    for o in O:
        for code in ALL_CODES:
            entities.append(
                {
                    "uid": {"type": "Datum", "id": f"{o.value}/{code}"},
                    "attrs": {"discloser": _ref("Org", o.value), "category": code},
                    "parents": [],
                }
            )
    consent_ids: dict[int, list[str]] = {}
    for i, request in enumerate(requests):
        ids = []
        for j, c in enumerate(request.consents):  # already in the canonical order decide() uses
            ident = f"r{i}c{j}"
            ids.append(ident)
            entities.append(
                {
                    "uid": {"type": "Consent", "id": ident},
                    "attrs": {
                        "recorded_by": _ref("Org", str(c.recorded_by)),
                        "recipient": _ref("Org", str(c.recipient)),
                        "categories": list(c.categories),
                        "valid_from": c.valid_from.toordinal(),
                        "valid_to": c.valid_to.toordinal() if c.valid_to else NEVER,
                        "withdrawn_on": c.withdrawn_on.toordinal() if c.withdrawn_on else NEVER,
                    },
                    "parents": [],
                }
            )
        consent_ids[i] = ids
    return entities, consent_ids


@dataclass(frozen=True)
class CedarQuery:
    request_index: int
    category: str
    consent_index: int | None  # None: the duty query


def cedar_queries(
    requests: Sequence[DisclosureRequest], consent_ids: dict[int, list[str]]
) -> tuple[list[dict[str, Any]], list[CedarQuery]]:
    """Per category one duty query and one query per consent of the request."""
    batch: list[dict[str, Any]] = []
    keys: list[CedarQuery] = []
    for i, request in enumerate(requests):
        principal = {"type": "Org", "id": str(request.requester)}
        today = request.date.toordinal()
        for code in request.categories:
            resource = {"type": "Datum", "id": f"{request.discloser}/{code}"}
            batch.append(
                {
                    "principal": principal,
                    "action": {"type": "Action", "id": "disclose"},
                    "resource": resource,
                    "context": {
                        "handles_assistance": request.requester_handles_assistance,
                        "active_case": request.active_case,
                    },
                }
            )
            keys.append(CedarQuery(i, code, None))
            for j, ident in enumerate(consent_ids[i]):
                batch.append(
                    {
                        "principal": principal,
                        "action": {"type": "Action", "id": "use_consent"},
                        "resource": resource,
                        "context": {"consent": _ref("Consent", ident), "today": today},
                    }
                )
                keys.append(CedarQuery(i, code, j))
    return batch, keys


def cedar_outcomes(
    keys: Sequence[CedarQuery], answers: Sequence[Any], names: Sequence[str]
) -> dict[tuple[int, str], tuple[Outcome, Basis | None]]:
    """Combine the Cedar answers the way the gate does: duty, else the first counting consent, else denied."""
    outcome: dict[tuple[int, str], tuple[Outcome, Basis | None]] = {}
    for key, answer in zip(keys, answers, strict=True):
        slot = (key.request_index, key.category)
        outcome.setdefault(slot, (Outcome.DENIED, None))
        if not answer.allowed or outcome[slot][0] is not Outcome.DENIED:
            continue
        policy = names[int(answer.diagnostics.reasons[0].removeprefix("policy"))]
        if policy.startswith("duty:"):
            outcome[slot] = (Outcome.RELEASED, Basis.DUTY)
        elif policy == "consent:review":
            outcome[slot] = (Outcome.REVIEW, Basis.CONSENT)
        else:
            outcome[slot] = (Outcome.RELEASED, Basis.CONSENT)
    return outcome


def bench_cedar(
    requests: Sequence[DisclosureRequest], decisions: Sequence[DisclosureDecision], repeat: int = 3
) -> tuple[Timing, list[str]]:
    """Time Cedar on the same requests and list every disagreement with decide()."""
    text, names = cedar_policies()
    policies = cedarpy.PolicySet.from_str(text)
    entity_list, consent_ids = cedar_entities(requests)
    entities = cedarpy.Entities.from_json_str(json.dumps(entity_list))
    batch, keys = cedar_queries(requests, consent_ids)
    answers: list[Any] = []

    def run() -> None:
        answers[:] = cedarpy.is_authorized_batch(batch, policies, entities)

    seconds = _best_of(repeat, run)
    errors = sorted({str(e) for a in answers for e in a.diagnostics.errors})
    mismatches = [f"Cedar-fel: {e}" for e in errors[:5]]
    combined = cedar_outcomes(keys, answers, names)
    for i, decision in enumerate(decisions):
        for d in decision.decisions:
            cedar = combined[(i, d.category)]
            if cedar != (d.outcome, d.basis):
                mismatches.append(
                    f"begäran {i} {d.category}: decide()={d.outcome}/{d.basis}, Cedar={cedar[0]}/{cedar[1]}"
                )
    total = sum(len(r.categories) for r in requests)
    timing = Timing(f"Cedar (cedarpy, {len(batch)} frågor i batch)", len(requests), total, seconds)
    return timing, mismatches


# --- Section 3: a full request on SQLite and PostgreSQL --------------------------------------------
#
# A full request is what the gate does for one "Begär uppgifter": decide, store the request, one
# decision row per category with its snapshot and released values, and append the audit entry —
# ``samverkan.disclosures.services.disclosure_request`` in one transaction. It is compared with a bare
# single-row INSERT and COMMIT on the same database in the same run. Each database runs in its own
# process (Django is configured once per process): a throwaway SQLite file, and the schema
# ``samverkan_bench_gate`` in the PostgreSQL database of ``--pg-url`` (``DATABASE_URL`` by default).
# Neither touches var/samverkan.sqlite3.

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
DB_SCHEMA = "samverkan_bench_gate"
DB_PERSONS = 50


def _pg_admin(pg_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def _django_for(backend: str, sqlite_path: str, pg_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_DEMO", "1")  # a benchmark is not production (settings.py)
    # The audit chain's HMAC key (production settings on PostgreSQL want one; ADR 0007).
    os.environ.setdefault("SAMVERKAN_AUDIT_KEYS", "bench:YmVuY2gtZ2F0ZS1hdWRpdC1rZXktbm90LXNlY3JldC0wMTIzNDU2")
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SAMVERKAN_SQLITE"] = sqlite_path
    else:
        os.environ["DATABASE_URL"] = pg_url
    import django
    from django.conf import settings

    if backend == "postgres":
        settings.DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={DB_SCHEMA}"}
    django.setup()


def _db_world() -> tuple[Any, Any, list[Any]]:
    """A socialnamnd unit for ekonomiskt bistånd, Arbetsförmedlingen with records, persons with aktuella ärenden."""
    from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
    from samverkan.cases.models import Case, CaseMember
    from samverkan.core.demo import synthetic_identity_number
    from samverkan.people.models import Person
    from samverkan.registries.models import ActivityReport, JobseekerRegistration

    on = dt.date(2026, 11, 23)
    namnd = Organisation.objects.create(
        code="bench-socialnamnd", name="Socialnamnden i Bänk", org_type="social_services"
    )
    unit = Unit.objects.create(organisation=namnd, code="ekb", name="Ekonomiskt bistånd", handles_assistance=True)
    af = Organisation.objects.create(code="bench-af", name="Arbetsförmedlingen", org_type="af")
    user = User.objects.create(
        username="bench.socialsekreterare", first_name="Bänk", last_name="Sekreterare", unit=unit
    )
    RoleAssignment.objects.create(user=user, role="social_worker")
    persons = []
    for n in range(DB_PERSONS):
        birth = dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
        person = Person.objects.create(
            identity_number=synthetic_identity_number(birth, 980 + n % 20),
            identity_type="personnummer",
            birth_date=birth,
            first_name="Test",
            last_name=f"Person{n}",
        )
        case = Case.objects.create(
            organisation=namnd,
            unit=unit,
            reference=f"2026-{n + 1:05d}",
            case_type="assistance",
            subject=person,
            responsible=user,
            opened_on=on - dt.timedelta(days=60),
        )
        CaseMember.objects.create(case=case, person=person, relation="applicant")
        JobseekerRegistration.objects.create(
            organisation=af,
            person=person,
            external_id=f"reg-{n}",
            registered_from=on - dt.timedelta(days=200),
            category="openly_unemployed",
            unemployment_fund="A-kassan Bänk",
        )
        ActivityReport.objects.create(
            organisation=af,
            person=person,
            external_id=f"rep-{n}",
            submitted_on=on - dt.timedelta(days=20),
            report_month=dt.date(2026, 10, 1),
        )
        persons.append((person, case))
    return user, af, persons


def _rate(count: int, run: Callable[[int], object]) -> float:
    for i in range(min(20, count)):  # warm up connections and caches
        run(i)
    started = time.perf_counter()
    for i in range(count):
        run(i)
    return count / (time.perf_counter() - started)


def db_worker(backend: str, count: int, pg_url: str) -> dict[str, Any]:
    """One database in this process: migrate, seed a small world, time bare inserts and full requests."""
    import tempfile

    tmpdir = tempfile.mkdtemp(prefix="bench-gate-")
    sqlite_path = str(Path(tmpdir) / "bench.sqlite3")
    if backend == "postgres":
        _pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {DB_SCHEMA} CASCADE; CREATE SCHEMA {DB_SCHEMA}")
    try:
        _django_for(backend, sqlite_path, pg_url)
        from _migrated import migrate
        from django.db import connection, transaction

        from samverkan.disclosures.audit import audit_verify
        from samverkan.disclosures.batch import BatchRequest, disclosure_request_many
        from samverkan.disclosures.services import disclosure_request

        migrate(sqlite_path=sqlite_path, pg_url=pg_url, schema=DB_SCHEMA)
        user, af, persons = _db_world()
        ident = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE bench_bare (id {ident}, created_at VARCHAR(40), payload TEXT)")
        on = dt.date(2026, 11, 23)
        period = (on - dt.timedelta(days=90), on)

        def bare(i: int) -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_bare (created_at, payload) VALUES (%s, %s)", [f"{on.isoformat()}T{i}", "x" * 64]
                )

        from samverkan.people.models import Household

        def orm(i: int) -> None:
            with transaction.atomic():
                Household.objects.create(code=f"bench-{i}-{time.perf_counter_ns()}")

        def full(i: int) -> None:
            person, case = persons[i % len(persons)]
            disclosure_request(
                requester=user,
                discloser=af,
                person=person,
                case=case,
                categories=AF_DUTY,
                purpose="Utredning av rätt till ekonomiskt bistånd",
                period=period,
                on=on,
            )

        asks = [
            BatchRequest(
                requester=user,
                discloser=af,
                person=person,
                case=case,
                categories=AF_DUTY,
                purpose="Utredning av rätt till ekonomiskt bistånd",
                period=period,
            )
            for person, case in persons
        ]

        def batch(i: int) -> None:
            disclosure_request_many(asks, on=on)

        batches = max(1, count // len(asks))
        # Interleave the measurements so drift in the machine affects them alike.
        bare_rates, orm_rates, full_rates, batch_rates = [], [], [], []
        for _ in range(3):
            bare_rates.append(_rate(count, bare))
            orm_rates.append(_rate(count, orm))
            full_rates.append(_rate(count, full))
            batch_rates.append(_rate(batches, batch) * len(asks))
        verified = audit_verify()
        result = {
            "backend": backend,
            "vendor": connection.vendor,
            "bare_per_s": max(bare_rates),
            "orm_per_s": max(orm_rates),
            "full_per_s": max(full_rates),
            "batch_per_s": max(batch_rates),
            "batch_size": len(asks),
            "requests": count,
            "categories": len(AF_DUTY),
            "audit_ok": verified.ok,
            "audit_entries": verified.checked,
        }
        connection.close()
        return result
    finally:
        if backend == "postgres":
            _pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {DB_SCHEMA} CASCADE")
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite_path + suffix).unlink(missing_ok=True)
        if not os.listdir(tmpdir):
            os.rmdir(tmpdir)


def run_database_benchmarks(backends: Sequence[str], count: int, pg_url: str) -> tuple[list[list[str]], bool]:
    """Run each backend in its own process; the table rows and whether every run succeeded."""
    import subprocess

    rows = [
        [
            "databas",
            "full begäran/s",
            "bar INSERT+COMMIT/s (SQL)",
            "kvot full/bar",
            "INSERT+COMMIT/s (ORM)",
            "kvot full/ORM",
            "sats begäran/s",
            "kvot sats/bar",
            "kvot sats/full",
            "logg",
        ]
    ]
    ok = True
    for backend in backends:
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--db-worker",
                backend,
                "--db-requests",
                str(count),
                "--pg-url",
                pg_url,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if done.returncode != 0:
            ok = False
            reason = (done.stderr.strip().splitlines() or ["okänt fel"])[-1]
            rows.append([backend, "–", "–", "–", "–", "–", "–", "–", "–", f"fel: {reason}"])
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        ok = ok and r["audit_ok"]
        rows.append(
            [
                f"{r['vendor']}",
                f"{r['full_per_s']:,.0f}",
                f"{r['bare_per_s']:,.0f}",
                f"{r['full_per_s'] / r['bare_per_s']:.2f}",
                f"{r['orm_per_s']:,.0f}",
                f"{r['full_per_s'] / r['orm_per_s']:.2f}",
                f"{r['batch_per_s']:,.0f}",
                f"{r['batch_per_s'] / r['bare_per_s']:.2f}",
                f"{r['batch_per_s'] / r['full_per_s']:.1f}",
                f"{r['audit_entries']} poster, {'hel' if r['audit_ok'] else 'BRUTEN'}",
            ]
        )
    return rows, ok


# --- Output ---------------------------------------------------------------------------------------


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def timing_rows(timings: Sequence[Timing]) -> list[list[str]]:
    rows = [["metod", "begäran/s", "kategoribeslut/s", "tid (s)"]]
    for t in timings:
        rows.append([t.label, f"{t.per_second:,.0f}", f"{t.categories_per_second:,.0f}", f"{t.seconds:.3f}"])
    return rows


def run_pure_benchmarks(requests: Sequence[DisclosureRequest], repeat: int) -> tuple[list[Timing], list[str]]:
    own, decisions = bench_decide(requests, repeat)
    cedar, mismatches = bench_cedar(requests, decisions, repeat)
    return [own, cedar], mismatches


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prestanda för sekretessgrindens beslut.")
    parser.add_argument("--requests", type=int, default=10_000, help="antal genererade förfrågningar")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="bästa av så många körningar")
    parser.add_argument("--db-requests", type=int, default=300, help="fulla förfrågningar per databas (0: hoppa över)")
    parser.add_argument("--backends", default="sqlite,postgres", help="databaser för fulla förfrågningar")
    parser.add_argument("--pg-url", default=os.environ.get("DATABASE_URL", DEFAULT_PG_URL))
    parser.add_argument("--db-worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.db_worker:
        print(json.dumps(db_worker(args.db_worker, args.db_requests, args.pg_url)))
        return 0

    requests = generate_requests(args.requests, args.seed)
    categories = sum(len(r.categories) for r in requests)
    consents = sum(len(r.consents) for r in requests)
    print(
        f"Sekretessgrinden, regelversion {RULES_VERSION}: {len(requests)} förfrågningar, "
        f"{categories} kategoribeslut, {consents} samtycken (seed {args.seed}, bästa av {args.repeat})\n"
    )
    timings, mismatches = run_pure_benchmarks(requests, args.repeat)
    print(table(timing_rows(timings)))
    own, cedar = timings
    decisions = [decide(r) for r in requests]
    outcomes = [d.outcome for decision in decisions for d in decision.decisions]
    print()
    print(
        table(
            [
                ["jämförelse", "värde"],
                ["kvot decide/Cedar (begäran/s)", f"{own.per_second / cedar.per_second:.2f}"],
                ["lämnas ut", str(outcomes.count(Outcome.RELEASED))],
                ["sekretessprövning", str(outcomes.count(Outcome.REVIEW))],
                ["lämnas inte ut", str(outcomes.count(Outcome.DENIED))],
                [
                    "överens med Cedar",
                    f"{categories - len([m for m in mismatches if m.startswith('begäran')])}/{categories}",
                ],
            ]
        )
    )
    db_ok = True
    if args.db_requests > 0:
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
        print(
            f"\nFull begäran (beslut + lagring + loggpost, {len(AF_DUTY)} kategorier från Arbetsförmedlingen) mot en "
            f"bar INSERT med COMMIT i samma databas, {args.db_requests} av varje, bästa av 3; satsvägen "
            f"(disclosure_request_many) med {DB_PERSONS} personer i varje sats:\n"
        )
        rows, db_ok = run_database_benchmarks(backends, args.db_requests, args.pg_url)
        print(table(rows))
    if mismatches:
        print("\nOLIKA BESLUT:")
        for line in mismatches[:20]:
            print(f"  {line}")
        return 1
    return 0 if db_ok else 1


if __name__ == "__main__":
    sys.exit(main())
