#!/usr/bin/env bash
# End-to-end on kind (needs Docker, kind, kubectl ≥ 1.30 and helm): builds the image, installs the chart, creates a
# 4-party KmsCluster with S3 + managed Redis, waits for Ready, runs an insecure KeyGen to Succeeded.
# KEEP=1 leaves the cluster running. See test/e2e/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=${KIND_CLUSTER:-kms-e2e}
IMAGE=kms:e2e
cleanup() { [ "${KEEP:-0}" = 1 ] || kind delete cluster --name "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT

kind get clusters | grep -qx "$NAME" || kind create cluster --name "$NAME" --config kind-config.yaml --wait 120s
docker build -t "$IMAGE" .
kind load docker-image "$IMAGE" --name "$NAME"

helm upgrade --install kms-operator charts/kms-operator -n kms-system --create-namespace \
  --set image.repository=kms --set image.tag=e2e --set image.pullPolicy=Never --wait --timeout 5m
kubectl -n kms-system rollout status deployment/kms-operator --timeout=3m

kubectl create namespace kms-e2e --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f test/e2e/manifests.yaml
kubectl -n kms-e2e rollout status deployment/s3 --timeout=3m
kubectl -n kms-e2e wait kmscluster/demo --for=condition=Ready --timeout=10m
kubectl -n kms-e2e get kmscluster,statefulsets,pods

# Invalid specs are refused by the API server.
if kubectl -n kms-e2e patch kmscluster demo --type=merge -p '{"spec":{"parties":7}}' 2>/dev/null; then
  echo "expected the API server to refuse parties=7 with threshold=1" >&2; exit 1
fi

KG=$(kubectl create -f test/e2e/keygen.yaml -o name)
kubectl -n kms-e2e wait "$KG" --for=condition=Ready --timeout=15m
kubectl -n kms-e2e get "$KG" -o jsonpath='{.status.phase} {.status.result.keyId}{"\n"}'
test "$(kubectl -n kms-e2e get "$KG" -o jsonpath='{.status.phase}')" = Succeeded

# Deleting the cluster removes its children.
kubectl -n kms-e2e delete kmscluster demo --wait
kubectl -n kms-e2e wait statefulset -l kms.example.com/cluster=demo --for=delete --timeout=2m
echo "e2e passed"
