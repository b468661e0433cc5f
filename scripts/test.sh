#!/usr/bin/env bash
# The whole test command: lint, format, types, architecture contracts, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=spotme_platform.settings.test
echo "== ruff check";   .venv/bin/ruff check .
echo "== ruff format";  .venv/bin/ruff format --check .
echo "== mypy";         SPOTME_SKIP_EMBEDDED=1 .venv/bin/mypy
echo "== import contracts"; SPOTME_SKIP_EMBEDDED=1 .venv/bin/lint-imports
echo "== pytest";       .venv/bin/python -m pytest "$@"
