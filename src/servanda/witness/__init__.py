"""A C2SP tlog-witness, as a guarantor runs it: verify, cosign, remember, refuse forks.

``create_app`` builds the HTTP application (``POST /add-checkpoint``, the monitoring
``GET /<sha256(origin)>/checkpoint``) over a ``WitnessStore``; ``serve`` runs it.
"""

from servanda.witness._app import MAX_BODY, create_app
from servanda.witness._evidence import conflict
from servanda.witness._serve import BackgroundServer, parse_listen, serve

__all__ = ["MAX_BODY", "BackgroundServer", "conflict", "create_app", "parse_listen", "serve"]
