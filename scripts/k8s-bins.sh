#!/usr/bin/env bash
# Builds (or reuses) a real Kubernetes control plane from the Go module proxy: kube-apiserver,
# kube-controller-manager, kube-scheduler, etcd 3.6, kwok and kwokctl. Prints the binary directory.
# The cache lives outside the work tree and is keyed by every version; a partial build is never reused.
set -euo pipefail
K8S=${K8S:-1.35.4}; ETCD=${ETCD:-3.6.15}; KWOK=${KWOK:-0.8.0}
DIR=${KMS_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kms-e2e}/k8s-$K8S-etcd-$ETCD-kwok-$KWOK
if [ -x "$DIR/kube-apiserver" ] && [ -x "$DIR/etcd" ] && [ -x "$DIR/kwokctl" ]; then echo "$DIR"; exit 0; fi
OUT="$DIR.partial"; rm -rf "$OUT"; mkdir -p "$OUT"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
STAGING="v0.${K8S#1.}"
MINOR=${K8S#1.}; MINOR=${MINOR%%.*}
CMDS="k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler"

# Kubernetes: a wrapper module pointing every staging module (v0.0.0 + replace in the upstream go.mod) at its
# published twin v0.X.Y, so `go build` can resolve them from the proxy.
W=$(mktemp -d)
(
  cd "$W"
  go mod init local.build/k8sbins >/dev/null 2>&1
  MOD=$(go mod download -json "k8s.io/kubernetes@v$K8S" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$MOD" | sort -u); do
    go mod edit -replace="$m=$m@$STAGING"
  done
  # shellcheck disable=SC2046
  go get $(for c in $CMDS; do printf '%s@v%s ' "$c" "$K8S"; done)
  X="-X k8s.io/component-base/version.gitVersion=v$K8S -X k8s.io/component-base/version.gitMajor=1"
  X="$X -X k8s.io/component-base/version.gitMinor=$MINOR -X k8s.io/client-go/pkg/version.gitVersion=v$K8S"
  # shellcheck disable=SC2086
  go build -trimpath -ldflags "-s -w $X" -o "$OUT/" $CMDS
) >&2

# etcd: its own wrapper (its go.mod has replace directives), separate so versions do not mix.
E=$(mktemp -d)
(
  cd "$E"
  go mod init local.build/etcdbin >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@v$ETCD"
  go build -trimpath -ldflags "-s -w" -o "$OUT/etcd" go.etcd.io/etcd/server/v3
) >&2

GOBIN="$OUT" go install "sigs.k8s.io/kwok/cmd/kwok@v$KWOK" "sigs.k8s.io/kwok/cmd/kwokctl@v$KWOK" >&2

"$OUT/kube-apiserver" --version | grep -q "v$K8S"
rm -rf "$W" "$E"
mv "$OUT" "$DIR"
echo "$DIR"
