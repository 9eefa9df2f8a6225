"""The law as code.

Framework-free: nothing in this package may import Django or touch a database
(``tests/domain/test_domain_is_framework_free.py`` enforces it). Every rule cites
its statute; explanations are in Swedish, identifiers in English.
"""
