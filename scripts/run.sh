#!/usr/bin/env bash
# Builds the web app and runs Lotse with the demo programme:
#   ./scripts/run.sh                  (serves http://127.0.0.1:8080/)
#   ./scripts/run.sh --listen 0.0.0.0:8080   (extra arguments go to `lotse serve --demo`)
# Needs Rust, and Node >= 20.19 with npm for the web app.
set -euo pipefail
cd "$(dirname "$0")/.."

# sqlx must never see DATABASE_URL while building (see services/eventstore/sqlx.toml).
unset DATABASE_URL

if ! command -v npm >/dev/null; then
  echo "npm is missing: the web app needs Node >= 20.19 with npm (https://nodejs.org/)." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Node $(node --version) is too old: the web app needs Node >= 20.19." >&2
  exit 1
fi

(
  cd web
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
  npm run build
)

export LOTSE_WEB_DIR="${LOTSE_WEB_DIR:-$PWD/web/dist}"
exec cargo run -p lotse -- serve --demo "$@"
