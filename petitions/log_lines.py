"""Where the apps' log lines go: stderr at INFO, one line per event, which gunicorn and the development server
both keep (the officers' app logs under "petitions", the lookup app under "petitions.lookup")."""

from __future__ import annotations

import logging


def log_to_stderr(name: str) -> None:
    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
