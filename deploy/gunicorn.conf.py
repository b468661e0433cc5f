"""Gunicorn settings for the SPOT-Me web container (``gunicorn -c deploy/gunicorn.conf.py``)."""

import multiprocessing
import os

# 0.0.0.0 because nginx reaches the container over the compose network;
# PORT lets platforms that assign a port (and local runs) override it.
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# WEB_CONCURRENCY is the conventional knob; the 2*cores+1 default matches
# gunicorn's guidance for a mostly I/O-bound Django app. Each worker holds its
# own PostgreSQL connection(s), so size it against max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# gthread lets a worker overlap requests blocked on the database or Redis;
# set GUNICORN_WORKER_CLASS=sync (threads are then ignored) to debug thread issues.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Slow PDF exports are Celery jobs; a request that needs more than a minute is a
# bug, and killing it frees the worker. nginx's proxy_read_timeout is longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30

# With a schema per agency, every long-lived PostgreSQL connection caches the
# catalog (relcache/catcache) of each schema it touches, so backend memory grows
# with the number of tenants served. Recycling workers bounds that growth; the
# jitter stops all workers restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Container logs are collected from stdout/stderr, not files.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Only trust X-Forwarded-* from the reverse proxy, otherwise a client could
# claim HTTPS. Default is loopback; the compose file sets the proxy's range.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Docker's overlay filesystem makes the worker heartbeat file slow to update,
# which can get healthy workers killed; tmpfs avoids that.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files in RAM, not a shared temp file
