#!/usr/bin/env bash
# Installs the services the integration tests start (test/support/{redis,s3}.ts):
#   - redis-server from Debian (apt-get, only when missing)
#   - Versity S3 Gateway (Apache-2.0), built with `go install` into a cache outside the repository
# Idempotent: when both binaries are present it only prints their paths and exits quickly.
#
# Environment:
#   TKMS_CACHE_DIR      cache root (default $HOME/.cache/tkms); GOBIN = $TKMS_CACHE_DIR/bin
#   VERSITYGW_VERSION   module version to build (default below; list tags with
#                       `go list -m -versions github.com/versity/versitygw`)
set -euo pipefail

CACHE_DIR="${TKMS_CACHE_DIR:-$HOME/.cache/tkms}"
VERSITYGW_VERSION="${VERSITYGW_VERSION:-v1.8.0}"
GOBIN_DIR="$CACHE_DIR/bin"

log() { printf '[install-test-services] %s\n' "$*" >&2; }

install_redis() {
  if command -v redis-server >/dev/null 2>&1; then
    log "redis-server present: $(command -v redis-server) ($(redis-server --version | awk '{print $3}'))"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "redis-server missing and apt-get unavailable: install redis-server (>= 7.0) by hand"
    return 1
  fi
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  log "installing redis-server from Debian"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  # The Debian package may start a system-wide instance on 6379; tests start their own on free ports.
  log "redis-server installed: $(command -v redis-server)"
}

install_versitygw() {
  local bin="$GOBIN_DIR/versitygw"
  local stamp="$GOBIN_DIR/versitygw.version"
  if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$VERSITYGW_VERSION" ]; then
    log "versitygw present: $bin ($VERSITYGW_VERSION)"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    log "go not found: cannot build versitygw; the S3 tests will fail until $bin exists"
    return 1
  fi
  mkdir -p "$GOBIN_DIR" "$CACHE_DIR/gopath" "$CACHE_DIR/gomodcache" "$CACHE_DIR/gocache"
  log "building versitygw $VERSITYGW_VERSION into $GOBIN_DIR (first build takes a few minutes)"
  (
    cd "$CACHE_DIR"
    GOBIN="$GOBIN_DIR" GOPATH="$CACHE_DIR/gopath" GOMODCACHE="$CACHE_DIR/gomodcache" \
      GOCACHE="$CACHE_DIR/gocache" GOFLAGS='-trimpath' CGO_ENABLED=0 \
      go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  )
  echo "$VERSITYGW_VERSION" >"$stamp"
  log "versitygw built: $bin"
}

status=0
install_redis || status=1
install_versitygw || status=1
exit "$status"
