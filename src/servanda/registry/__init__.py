"""The registry: accords and the evidence about them, stored in the log's database and logged.

Each call is the library behind one command: ``register_accord`` (``servanda accord
add``), ``add_evidence`` (``servanda evidence add``: signed records, all or none),
``import_events`` (``servanda evidence import``: an ACLED or UCDP GED CSV, streamed and
idempotent) and ``stored_evidence`` (``servanda evidence export``). Every record stored
is logged in the same transaction, so what the database holds is what the log proves.
"""

from servanda.registry._accords import Registered, register_accord, registered_accord
from servanda.registry._events import ImportReport, ProgressStart, import_events
from servanda.registry._evidence import Added, add_evidence, stored_evidence

__all__ = [
    "Added",
    "ImportReport",
    "ProgressStart",
    "Registered",
    "add_evidence",
    "import_events",
    "register_accord",
    "registered_accord",
    "stored_evidence",
]
