#!/usr/bin/env bash
# The e2e server: a fresh database (delete, migrate, seed) in its own folder, served from the
# production build by the same start script users run.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf "${DATA_DIR:?DATA_DIR must be set}"
mkdir -p "$DATA_DIR"
exec node scripts/start.mjs
