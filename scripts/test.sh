#!/usr/bin/env bash
# Runs every check and test of Lotse. Needs PostgreSQL at LOTSE_TEST_POSTGRES_URL
# (default postgres://postgres@127.0.0.1:5432/postgres, a role that may create databases).
set -euo pipefail
cd "$(dirname "$0")/.."

# sqlx must never see DATABASE_URL while building (see services/eventstore/sqlx.toml).
unset DATABASE_URL

pg_url="${LOTSE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$pg_url"; then
  echo "PostgreSQL is not reachable at $pg_url." >&2
  echo "Start it (e.g. pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)" >&2
  echo "or point LOTSE_TEST_POSTGRES_URL at one." >&2
  exit 1
fi

if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  echo "The mail tests need a real SMTP server: python3 -m pip install aiosmtpd==1.4.6" >&2
  exit 1
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked

echo "== web: install, type check, lint, unit tests"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run typecheck && npm run lint && npm test)

if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "== web: accessibility and screenshots in Chromium"
  (cd web && npm run e2e)
  echo "== web: the app against the real server (target/debug/lotse from cargo test)"
  cargo build -p lotse --locked
  (cd web && npm run e2e:real)
else
  echo "Chromium is missing (apt-get install chromium): the browser checks did not run." >&2
  exit 1
fi
