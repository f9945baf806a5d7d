#!/usr/bin/env bash
# `npm test`: every test, from a fresh clone. Installs what the tests need when it is missing
# (node modules, Debian's Chromium and PDF tools), then: type check, migration drift check,
# unit + integration tests (vitest), production build, end-to-end tests (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v qpdf >/dev/null || need_apt+=(qpdf)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== Installing ${need_apt[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing: ${need_apt[*]}. Install them with: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

mkdir -p tmp
echo "== Type check"
npx tsc --noEmit

echo "== Migration drift check (schema.prisma vs prisma/migrations)"
if ! npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --exit-code >tmp/drift.txt 2>&1; then
  cat tmp/drift.txt
  echo "prisma/schema.prisma and prisma/migrations differ: create a migration." >&2
  exit 1
fi

echo "== Unit and integration tests (vitest)"
vitest_status=0
npx vitest run --reporter=default --reporter=json --outputFile=tmp/vitest.json || vitest_status=$?

echo "== Production build"
npx remix vite:build >tmp/build.log 2>&1 || { cat tmp/build.log; exit 1; }

echo "== End-to-end tests (Playwright, Debian Chromium)"
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME=tmp/playwright.json npx playwright test --reporter=list,json || e2e_status=$?

node -e '
const fs = require("fs");
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
const v = read("tmp/vitest.json"), p = read("tmp/playwright.json");
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0);
const failed = (v ? v.numFailedTests : 1) + (p ? p.stats.unexpected : 1);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
console.log(`\nvitest: ${v?.numPassedTests ?? 0} passed, ${v?.numFailedTests ?? "?"} failed; playwright: ${p?.stats?.expected ?? 0} passed, ${p?.stats?.unexpected ?? "?"} failed, ${p?.stats?.flaky ?? 0} flaky`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
echo "total time: $(( $(date +%s) - started )) s"
[ "$vitest_status" = 0 ] && [ "$e2e_status" = 0 ]
