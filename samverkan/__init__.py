"""Samverkan: secure collaboration between Swedish welfare agencies."""
