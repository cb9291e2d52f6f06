#!/usr/bin/env bash
# `npm run test:n8n` (after `npm run build`): end-to-end check of the built package inside the REAL n8n app.
# Installs n8n 2.41.1 on Node 24 into .cache/n8n-app (first run ~10 min, ~2.4 GB; reused afterwards), then
# scripts/test-n8n.ts drives it against the sandbox. Never part of `npm install` or CI.
# `npm run test:n8n -- --ui [--update-docs]`: instead, the editor in a real browser (scripts/test-n8n-ui.ts) with
# Debian's chromium, installed here with apt-get when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
bash scripts/n8n-app-install.sh
export N8N_APP_CACHE="${N8N_APP_CACHE:-$ROOT/.cache/n8n-app}"
set +e
if [[ "${1:-}" == "--ui" ]]; then
  shift
  if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
    echo "[test:n8n:ui] installing Debian's chromium (apt-get)"
    sudo_cmd=""; [[ "$(id -u)" != "0" ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium || exit 1
  fi
  npx tsx scripts/test-n8n-ui.ts "$@"
  status=$?
else
  npx tsx scripts/test-n8n.ts
  status=$?
  # Wait for callback across an n8n restart (issue #14): its own n8n user folder, sandbox and port.
  npx tsx scripts/test-n8n-wait.ts || status=1
fi
set -e
echo "[test:n8n] cost: $(du -sh "$N8N_APP_CACHE" | cut -f1) of disk in $N8N_APP_CACHE, $(( ($(date +%s) - started + 59) / 60 )) minute(s) this run"
exit $status
