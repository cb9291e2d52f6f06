#!/usr/bin/env bash
# `npm run test:n8n` (after `npm run build`): end-to-end check of the built package inside the REAL n8n app.
# Installs n8n 2.41.1 on Node 24 into .cache/n8n-app (first run ~10 min, ~2.4 GB; reused afterwards), then
# scripts/test-n8n.ts drives it against the sandbox. Never part of `npm install` or CI.
# `npm run test:n8n -- --ui [--update-docs]`: instead, the editor in a real browser (scripts/test-n8n-ui.ts) with
# Debian's chromium.
# `npm run test:n8n -- --queue`: instead, queue mode (scripts/test-n8n-queue.ts): Redis, Postgres, n8n main + 2 workers
# + 1 webhook processor.
# Debian packages a mode needs are installed with apt-get when missing (by hand only: never npm install/test or CI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
mode=default
ui_args=()
for arg in "$@"; do
  case "$arg" in
    --queue) mode=queue ;;
    --ui) mode=ui ;;
    --update-docs) ui_args+=("$arg") ;;
    *) echo "[test:n8n] unknown option $arg (known: --queue, --ui [--update-docs])" >&2; exit 2 ;;
  esac
done

missing=()
if [[ $mode == queue ]]; then
  command -v redis-server >/dev/null || missing+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
elif [[ $mode == ui ]]; then
  [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "[test:n8n] installing ${missing[*]} with apt-get"
  SUDO=$([[ $(id -u) == 0 ]] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash scripts/n8n-app-install.sh
export N8N_APP_CACHE="${N8N_APP_CACHE:-$ROOT/.cache/n8n-app}"
set +e
case $mode in
  queue) npx tsx scripts/test-n8n-queue.ts; status=$? ;;
  ui) npx tsx scripts/test-n8n-ui.ts "${ui_args[@]}"; status=$? ;;
  *)
    npx tsx scripts/test-n8n.ts
    status=$?
    # Wait for callback across an n8n restart (issue #14): its own n8n user folder, sandbox and port.
    npx tsx scripts/test-n8n-wait.ts || status=1
    ;;
esac
set -e
echo "[test:n8n] cost: $(du -sh "$N8N_APP_CACHE" | cut -f1) of disk in $N8N_APP_CACHE, $(( ($(date +%s) - started + 59) / 60 )) minute(s) this run"
exit $status
