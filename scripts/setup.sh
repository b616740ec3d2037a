#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for this project (idempotent): Debian packages where missing,
# a virtual environment with the pinned Python packages, Bootstrap from the npm lock file, migrations.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"

# chromium: browser tests; fonts-noto-cjk: Chinese in PDFs; pango/harfbuzz: WeasyPrint; poppler-utils: the tests read
# the PDFs as a user would (pdftotext, pdffonts).
PACKAGES=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils)
# Node.js and venv may come from elsewhere; ask Debian for them only when they are absent.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)
python3 -c "import venv, ensurepip" 2>/dev/null || PACKAGES+=(python3-venv)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt

if [ ! -f node_modules/bootstrap/dist/css/bootstrap.min.css ] || [ ! -f node_modules/chart.js/dist/chart.umd.min.js ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
