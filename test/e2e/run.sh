#!/usr/bin/env bash
# npm run test:e2e: this package inside real n8n installs (test/e2e/*.e2e.test.ts).
#   E2E_N8N_VERSIONS   versions to cover (default "2.41.1 2.8.4")
#   CHINA_IM_N8N_CACHE where n8n installs are kept (default ~/.cache/n8n-nodes-china-im)
#   E2E_TMPDIR         where instances' user folders go (default $TMPDIR/n8n-nodes-china-im-e2e)
#   E2E_KEEP=1         keep every user folder, not only those of failed tests
# Extra arguments go to jest, e.g. `npm run test:e2e -- -t webhook`.
set -euo pipefail
cd "$(dirname "$0")/../.."

export E2E_N8N_VERSIONS="${E2E_N8N_VERSIONS:-2.41.1 2.8.4}"
root="${E2E_TMPDIR:-${TMPDIR:-/tmp}/n8n-nodes-china-im-e2e}"

# The harness records each n8n process group it starts; one whose owner (the jest process) is
# gone was left behind by a crash or a kill. Runs by other users of the machine still have a live
# owner and are left alone.
reap() {
	local dir="$root/live" file pgid owner
	[ -d "$dir" ] || return 0
	for file in "$dir"/*; do
		[ -e "$file" ] || continue
		pgid="$(basename "$file")"
		read -r owner _ <"$file" || owner=""
		if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then continue; fi
		if grep -q n8n "/proc/$pgid/cmdline" 2>/dev/null; then
			echo "[e2e] killing leftover n8n process group $pgid" >&2
			kill -KILL -- "-$pgid" 2>/dev/null || true
		fi
		rm -f "$file"
	done
}
trap reap EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
reap

for version in $E2E_N8N_VERSIONS; do
	started=$SECONDS
	dir="$(bash test/e2e/install-n8n.sh "$version")"
	echo "[e2e] n8n $version: $dir ($((SECONDS - started))s)"
done

# tsc writes dist/index.js on every build, so anything newer than it has not been built yet.
stale="$(find credentials nodes index.ts tsconfig.json gulpfile.js -newer dist/index.js \
	-not -name '*.test.ts' -print -quit 2>/dev/null || true)"
if [ ! -f dist/index.js ] || [ -n "$stale" ]; then
	echo "[e2e] dist/ is missing or older than the sources${stale:+ ($stale)}: npm run build"
	npm run build
fi

# ts-jest only transpiles: type errors in the suite or the harness surface here instead.
npx tsc -p test/e2e/tsconfig.json

npx jest -c test/e2e/jest.config.js --runInBand "$@"
