#!/usr/bin/env bash
# Runs every check and test of Lotse, after setting up what the tests need:
#
# - aiosmtpd 1.4.6 (the real SMTP server of the mail tests) in a virtual environment of
#   its own, target/test-venv (python3 -m venv, then pip from PyPI; nothing system-wide), whose
#   bin/ goes first on PATH so that `python3 -m aiosmtpd` finds it;
# - Chromium for the browser checks: Debian's package `chromium`, installed with apt-get
#   when this runs as root and neither CHROMIUM_PATH nor /usr/bin/chromium is there;
# - PostgreSQL at LOTSE_TEST_POSTGRES_URL (default
#   postgres://postgres@127.0.0.1:5432/postgres, a role that may create databases): a local
#   cluster that is installed but stopped is started with pg_ctlcluster.
#
# The machine needs beforehand: Rust (cargo), Node >= 20.19 with npm, the PostgreSQL server
# (Debian: postgresql) and python3 with venv (Debian: python3-venv).
#
# LOTSE_TEST_SETUP_ONLY=1 stops after the set-up (to check it without running the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

# sqlx must never see DATABASE_URL while building (see services/eventstore/sqlx.toml).
unset DATABASE_URL

say() { echo "== $*"; }
fail() {
  echo "scripts/test.sh: $*" >&2
  exit 1
}

# --- What the machine must have already --------------------------------------------------
command -v cargo >/dev/null || fail "Rust is missing: install it with rustup (https://rustup.rs)."
command -v node >/dev/null && command -v npm >/dev/null ||
  fail "Node >= 20.19 with npm is missing (the web app's checks need it)."
node_version="$(node --version)"
node_version="${node_version#v}"
IFS=. read -r node_major node_minor _ <<<"$node_version"
if ((node_major < 20 || (node_major == 20 && node_minor < 19))); then
  fail "Node $node_version is too old: the web app needs Node >= 20.19."
fi

# --- PostgreSQL ---------------------------------------------------------------------------
pg_url="${LOTSE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
command -v pg_isready >/dev/null && command -v psql >/dev/null ||
  fail "PostgreSQL is not installed: the tests need its server and client (Debian: apt-get install postgresql), or LOTSE_TEST_POSTGRES_URL pointing at a server with pg_isready and psql here."
if pg_isready -q -d "$pg_url"; then
  say "PostgreSQL is running at $pg_url"
else
  clusters=()
  if [ -d /etc/postgresql ]; then
    mapfile -t clusters < <(ls /etc/postgresql)
  fi
  if [ "${#clusters[@]}" -ne 1 ] || ! command -v pg_ctlcluster >/dev/null; then
    fail "PostgreSQL is not reachable at $pg_url and there is no single local cluster to start (/etc/postgresql holds: ${clusters[*]:-nothing}). Start it yourself or set LOTSE_TEST_POSTGRES_URL."
  fi
  say "PostgreSQL is not running: starting cluster ${clusters[0]}/main"
  pg_ctlcluster --skip-systemctl-redirect "${clusters[0]}" main start ||
    fail "could not start PostgreSQL ${clusters[0]}/main (run this as root or as the postgres user, or start it yourself)."
  for _ in $(seq 1 30); do
    pg_isready -q -d "$pg_url" && break
    sleep 1
  done
  pg_isready -q -d "$pg_url" ||
    fail "PostgreSQL ${clusters[0]}/main started but does not answer at $pg_url within 30 s."
  say "PostgreSQL is running at $pg_url"
fi

# --- aiosmtpd in target/test-venv ---------------------------------------------------------
venv="$PWD/target/test-venv"
if ! "$venv/bin/python3" -c "import aiosmtpd" 2>/dev/null; then
  say "installing aiosmtpd 1.4.6 into $venv (python3 -m venv, then pip)"
  rm -rf "$venv"
  mkdir -p target
  python3 -m venv "$venv" ||
    fail "python3 cannot create a virtual environment: install python3 with its venv module (Debian: apt-get install python3-venv)."
  "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6 ||
    fail "pip could not install aiosmtpd 1.4.6 into $venv."
fi
export PATH="$venv/bin:$PATH"
say "aiosmtpd $(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)') from $venv"

# --- Chromium -----------------------------------------------------------------------------
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "Chromium is missing: installing Debian's package chromium (apt-get)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null ||
      fail "apt-get could not install the package chromium."
    chromium=/usr/bin/chromium
  else
    fail "Chromium is missing at $chromium: install Debian's package chromium (apt-get install chromium, as root) or set CHROMIUM_PATH to a Chromium binary."
  fi
fi
export CHROMIUM_PATH="$chromium"
say "Chromium: $chromium"

if [ "${LOTSE_TEST_SETUP_ONLY:-}" = 1 ]; then
  say "set-up done (LOTSE_TEST_SETUP_ONLY=1: no checks or tests run)"
  exit 0
fi

# --- Checks and tests ---------------------------------------------------------------------
say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
say "cargo test"
cargo test --workspace --locked

say "web: install, type check, lint, unit tests"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run typecheck && npm run lint && npm test)

say "web: accessibility and screenshots in Chromium"
(cd web && npm run e2e)
say "web: the app against the real server (target/debug/lotse from cargo test)"
cargo build -p lotse --locked
(cd web && npm run e2e:real)
