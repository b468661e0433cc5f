#!/usr/bin/env bash
# Installs everything the demo and the tests need, on a fresh machine with Python 3.11, make and
# git. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "bootstrap: Python 3.11 is required (python3.11 or python3)." >&2; exit 1; }

# --- Debian packages: browser for the browser tests, WeasyPrint's libraries, gettext for the
# translations, Redis for the tests of real workers when no REDIS_URL is given, pg_dump,
# pdftotext (the report tests read PDFs back).
has_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)  # the report tests read PDFs back
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  if command -v dpkg-query >/dev/null 2>&1 && ! has_deb "$pkg"; then need_apt+=("$pkg"); fi
done
# Debian's own Python keeps venv's pip bootstrap in a separate package.
if ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then need_apt+=(python3-venv); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: please install these Debian packages (as root): ${need_apt[*]}" >&2
  fi
fi

# --- Python environment, reinstalled only when the pins change.
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# --- Translations: .po files are committed, .mo files are built here.
( cd "$(pwd)" && SPOTME_SKIP_EMBEDDED=1 .venv/bin/python manage.py compilemessages --ignore=.venv -v 0 )
