"""Views for rehabilitation coordination: thin, each one a form and a service or a selector.

- Försäkringskassan: the coordination case, needs mapping, consent per actor, the plan and its
  history (:mod:`.coordinations`), avstämningsmöten (:mod:`.meetings`) (``/rehab/…``).
- Vård: the rehab coordinator's overview of the unit's sick-listed patients (``/rehab/vard/``),
  every actor's part of FK's plan through the gate (``/rehab/plan/<person>/``) and the aggregated
  statistics (``/rehab/statistik/``) (:mod:`.actors`).
- :mod:`.common`: access, the request's official and organisation, objects fetched through the selectors.
"""
