"""The witness fixture (see ``tests/_witnesses.py``)."""

from tests._witnesses import start_witness

__all__ = ["start_witness"]
