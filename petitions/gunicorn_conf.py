"""Gunicorn settings for production: `gunicorn -c python:petitions.gunicorn_conf 'petitions:create_app()'`.

Read by gunicorn only (the app never imports it). Every value can be changed from the environment
without editing the file:

  PETITIONS_BIND      address to listen on (default 127.0.0.1:8000, behind the reverse proxy)
  WEB_CONCURRENCY     worker processes (default: one per CPU core, at least 2)
  PETITIONS_THREADS   threads per worker (default 4): a request mostly waits for the database, and
                      each thread holds its own SQLAlchemy session and pooled connection
  PETITIONS_TIMEOUT   seconds before a silent worker is replaced (default 60; the annual report's
                      PDF is the slowest page)

Several instances (hosts or ports) may serve one database: sessions, sign-in throttling and
lock-outs live in the database, so a sign-in, a sign-out or a lock-out on one is seen by all.
"""

from __future__ import annotations

import os

bind = os.environ.get("PETITIONS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("PETITIONS_THREADS", "4"))
timeout = int(os.environ.get("PETITIONS_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# PETITIONS_MAX_REQUESTS=N replaces a worker after about N requests (with jitter, so they do not
# restart together) if memory ever creeps up; off by default: a restart closes the worker's
# keep-alive connections, which a client without a proxy in front sees as errors.
max_requests = int(os.environ.get("PETITIONS_MAX_REQUESTS", "0"))
max_requests_jitter = 100
# The app is built in each worker after the fork: no database connection is shared across processes.
preload_app = False
# Access log on stderr without the query string (%(U)s is the path alone): filters and cursors stay
# out of the logs, as in the app's own request log. The request id ties a line to the app's log line.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("PETITIONS_LOG_LEVEL", "info")
# Behind nginx on the same host: trust its X-Forwarded-* (the app's PROXY_FIX_HOPS does the rest).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
