# syntax=docker/dockerfile:1
# One image for every role: `kms core`, `kms operator`, `kms local …` and the client commands. The CLI runs the
# TypeScript sources through tsx's loader (a runtime dependency), so there is no separate compile step; only the
# WebAssembly kernels are built. Pin the base images by digest in release builds.

# Rust toolchain for the BLS12-446 kernel (native/bls446-wasm → src/fhe/bls446/bls446-kernel.wasm)
FROM rust:1-slim-bookworm AS rust
RUN rustup target add wasm32-unknown-unknown

FROM node:22-bookworm-slim AS build
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:$PATH
COPY --from=rust /usr/local/rustup /usr/local/rustup
COPY --from=rust /usr/local/cargo /usr/local/cargo
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY bin ./bin
COPY proto ./proto
COPY scripts/build-wasm.mjs ./scripts/build-wasm.mjs
COPY native ./native
COPY src ./src
RUN npm run build:wasm && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/.cache && find src -name '*.test.ts' -delete

FROM gcr.io/distroless/nodejs22-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/proto ./proto
COPY --from=build /app/src ./src
# 65532 = distroless "nonroot"; Kubernetes mounts an emptyDir on /tmp (the root filesystem is read-only).
USER 65532:65532
# The distroless entrypoint is node itself: arguments start with the script, e.g. `bin/kms.mjs operator`.
CMD ["bin/kms.mjs", "--help"]
