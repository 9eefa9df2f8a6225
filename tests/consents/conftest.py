from tests.disclosures.conftest import Gate, gate

__all__ = ["Gate", "gate"]
