"""Benchmark of “Hämta uppgifter”: a household of four against four sources with injected latencies.

Uses the synthetic sandbox in memory (no database): every source generates its records for the
four persons and answers after its latency. Prints

1. the lookup's wall time as a ratio to the slowest source's latency (aim ≤ 1.2: the sources are
   asked in parallel, so the answer takes as long as the slowest, not the sum);
2. the time to a partial answer when one source hangs, as a ratio to that source's time-out
   (aim ≤ 1.1: the others are shown as soon as the hanging one passes its time-out).

Run: ``.venv/bin/python bench/lookup.py`` (or ``make bench``). Exit status 1 if an aim is missed.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
os.environ.setdefault("SAMVERKAN_DEMO", "1")  # a benchmark is not production (settings.py)

import django

django.setup()

from samverkan.registries.sources.fanout import fan_out  # noqa: E402
from samverkan.registries.sources.sandbox import SandboxSource  # noqa: E402

ON = dt.date(2026, 11, 2)
PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 11, 30))
#: A household of four: two adults and two children (synthetic test numbers).
HOUSEHOLD = ["19850412-9803", "19870903-9807", "20150621-9805", "20190130-9805"]
LATENCIES = {"fk": 0.40, "pm": 0.30, "af": 0.50, "unemployment_fund": 0.35}
TIMEOUT = 2.0
HANG_TIMEOUT = 0.6
RUNS = 5


def _sources(latencies: dict[str, float], timeouts: dict[str, float]) -> dict[str, tuple[SandboxSource, list[str]]]:
    return {
        agency: (SandboxSource(agency, latency=latency, timeout=timeouts[agency], store="generated", on=ON), HOUSEHOLD)
        for agency, latency in latencies.items()
    }


def _timed(requests: dict[str, tuple[SandboxSource, list[str]]]) -> tuple[float, dict[str, str]]:
    started = time.monotonic()
    outcomes = fan_out(requests, PERIOD)
    return time.monotonic() - started, {agency: o.status for agency, o in outcomes.items()}


def main() -> int:
    for number in HOUSEHOLD:  # warm up: imports, thread pool start-up
        SandboxSource("fk", store="generated", on=ON).fetch([number], PERIOD)
    slowest = max(LATENCIES.values())
    walls = []
    for _ in range(RUNS):
        wall, statuses = _timed(_sources(LATENCIES, dict.fromkeys(LATENCIES, TIMEOUT)))
        assert set(statuses.values()) == {"ok"}, statuses
        walls.append(wall)
    wall = statistics.median(walls)
    ratio = wall / slowest
    total = sum(LATENCIES.values())
    print(f"Hushåll med {len(HOUSEHOLD)} personer, {len(LATENCIES)} källor, latenser {LATENCIES} s")
    print(f"  väggtid (median av {RUNS}): {wall:.3f} s; långsammaste källan {slowest:.2f} s; summan {total:.2f} s")
    print(f"  kvot väggtid / långsammaste källan: {ratio:.3f} (mål ≤ 1.2)")

    hanging = {**LATENCIES, "af": 3.0}
    timeouts = {**dict.fromkeys(LATENCIES, TIMEOUT), "af": HANG_TIMEOUT}
    partial, statuses = _timed(_sources(hanging, timeouts))
    assert statuses["af"] == "timeout" and all(s == "ok" for a, s in statuses.items() if a != "af"), statuses
    hang_ratio = partial / HANG_TIMEOUT
    print(f"Arbetsförmedlingen hänger (svarar efter 3 s, tidsgräns {HANG_TIMEOUT} s):")
    print(f"  delsvar efter {partial:.3f} s; kvot / tidsgränsen: {hang_ratio:.3f} (mål ≤ 1.1)")
    ok = ratio <= 1.2 and hang_ratio <= 1.1
    print("Resultat: " + ("båda målen nådda" if ok else "ett mål missades"))
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # do not wait for the hanging source's thread to wake up
