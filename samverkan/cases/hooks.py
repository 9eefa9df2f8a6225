"""The cases app plugs in its demo step: a journal with a saved lookup, and a makulerat ärende."""

from __future__ import annotations

from samverkan.cases.demo import seed_case_file
from samverkan.core.demo import DemoStep, register_demo_step

register_demo_step(DemoStep("ärendeakt: journal och makulering", 96, seed_case_file))
