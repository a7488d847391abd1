#!/usr/bin/env bash
# `npm test`: builds (the e2e tests load dist/ and run dist-cli/), then runs every test — unit and
# end-to-end — in one vitest run, and ends with the line `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run --silent build >/tmp/har-redactor-build.log 2>&1 || { cat /tmp/har-redactor-build.log; echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p test-results
rm -f test-results/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
node scripts/summarize-vitest.mjs test-results/vitest.json || status=1
exit $status
