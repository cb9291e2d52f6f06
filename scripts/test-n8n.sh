#!/usr/bin/env bash
# `npm run test:n8n` (after `npm run build`): end-to-end check of the built package inside the REAL n8n app.
# Installs n8n 2.41.1 on Node 24 into .cache/n8n-app (first run ~10 min, ~2.4 GB; reused afterwards), then
# scripts/test-n8n.ts drives it against the sandbox. Never part of `npm install` or CI.
# `npm run test:n8n -- --queue`: queue mode instead (scripts/test-n8n-queue.ts): Redis, Postgres, n8n main + 2 workers
# + 1 webhook processor; installs Debian's redis-server and postgresql with apt-get when they are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
queue=0
for arg in "$@"; do
  case "$arg" in
    --queue) queue=1 ;;
    *) echo "[test:n8n] unknown option $arg (known: --queue)" >&2; exit 2 ;;
  esac
done

if [[ $queue == 1 ]]; then
  # Debian packages, only when missing (by hand only: this script is never part of npm install, npm test or CI).
  missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "[test:n8n] installing ${missing[*]} with apt-get"
    SUDO=$([[ $(id -u) == 0 ]] && echo "" || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

bash scripts/n8n-app-install.sh
export N8N_APP_CACHE="${N8N_APP_CACHE:-$ROOT/.cache/n8n-app}"
set +e
if [[ $queue == 1 ]]; then
  npx tsx scripts/test-n8n-queue.ts
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
