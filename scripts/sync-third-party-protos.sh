#!/usr/bin/env bash
# Vendors the third-party protos our contracts and servers need into third_party/: googleapis (HTTP
# annotations, rpc.Status) from google-proto-files, and gRPC's health and reflection protocols from
# grpc-health-check and @grpc/reflection. The Buf Schema Registry is out of reach, so buf.yaml has no
# `deps`; run this after upgrading one of those packages.
set -euo pipefail
cd "$(dirname "$0")/.."
copy() { install -D -m 0644 "node_modules/$1" "third_party/$2"; }
copy google-proto-files/google/api/annotations.proto google/api/annotations.proto
copy google-proto-files/google/api/http.proto google/api/http.proto
copy google-proto-files/google/rpc/status.proto google/rpc/status.proto
copy grpc-health-check/proto/health/v1/health.proto grpc/health/v1/health.proto
copy @grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto grpc/reflection/v1/reflection.proto
copy @grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto grpc/reflection/v1alpha/reflection.proto
