# syntax=docker/dockerfile:1
# One Dockerfile for every chrono image; pick one with --target:
#   docker build --target auth -t chrono/auth .          (also job-catalog, scheduler, executor, gateway)
#   docker build --target envoy -t chrono/envoy .        (official Envoy with envoy.yaml and the descriptor set)
# The build stage compiles everything once; each final stage installs only its own workspace's production
# dependencies (`npm ci --omit=dev`), copies the compiled code and runs as the unprivileged `node` user
# (uid 1000, numeric so that Kubernetes' runAsNonRoot can verify it).
# Debian slim rather than Alpine: bcrypt ships prebuilt binaries for glibc only.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG ENVOY_IMAGE=envoyproxy/envoy:v1.36.13

# ---- manifests: what npm needs to resolve the lockfile; its layer only changes with a package.json
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/kit/package.json packages/kit/
COPY packages/recurrence/package.json packages/recurrence/
COPY packages/targets/package.json packages/targets/
COPY packages/testkit/package.json packages/testkit/
COPY packages/client/package.json packages/client/
COPY packages/cli/package.json packages/cli/
COPY services/auth/package.json services/auth/
COPY services/job-catalog/package.json services/job-catalog/
COPY services/scheduler/package.json services/scheduler/
COPY services/executor/package.json services/executor/
COPY gateway/package.json gateway/
COPY console/package.json console/

# ---- build: every dependency (buf, ts-proto, tsc), then `npm run build` (generate, compile) and Envoy's descriptor set
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json buf.yaml buf.gen.yaml ./
COPY proto proto
COPY third_party third_party
COPY packages packages
COPY services services
COPY gateway gateway
COPY console console
RUN npm run build && npm run build:descriptor --workspace @chrono/gateway

# ---- runtime: the compiled shared packages and the health checks, on top of the manifests
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=manifests /app ./
COPY deploy/docker/grpc-health-check.js deploy/docker/http-health-check.js deploy/docker/

FROM runtime AS auth
RUN npm ci --omit=dev --workspace @chrono/auth --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/contracts/descriptor packages/contracts/descriptor
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/services/auth/dist services/auth/dist
ENV AUTH_GRPC_PORT=50051
EXPOSE 50051
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "deploy/docker/grpc-health-check.js", "127.0.0.1:50051"]
CMD ["node", "services/auth/dist/main.js"]

FROM runtime AS job-catalog
RUN npm ci --omit=dev --workspace @chrono/job-catalog --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/contracts/descriptor packages/contracts/descriptor
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/packages/recurrence/dist packages/recurrence/dist
COPY --from=build /app/packages/targets/dist packages/targets/dist
COPY --from=build /app/services/job-catalog/dist services/job-catalog/dist
ENV JOB_CATALOG_GRPC_PORT=50052
EXPOSE 50052
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "deploy/docker/grpc-health-check.js", "127.0.0.1:50052"]
CMD ["node", "services/job-catalog/dist/main.js"]

FROM runtime AS scheduler
RUN npm ci --omit=dev --workspace @chrono/scheduler --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/contracts/descriptor packages/contracts/descriptor
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/packages/recurrence/dist packages/recurrence/dist
COPY --from=build /app/services/scheduler/dist services/scheduler/dist
ENV SCHEDULER_GRPC_PORT=50053
EXPOSE 50053
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "deploy/docker/grpc-health-check.js", "127.0.0.1:50053"]
CMD ["node", "services/scheduler/dist/main.js"]

FROM runtime AS executor
RUN npm ci --omit=dev --workspace @chrono/executor --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/contracts/descriptor packages/contracts/descriptor
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/packages/targets/dist packages/targets/dist
COPY --from=build /app/services/executor/dist services/executor/dist
ENV EXECUTOR_GRPC_PORT=50054
EXPOSE 50054
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "deploy/docker/grpc-health-check.js", "127.0.0.1:50054"]
CMD ["node", "services/executor/dist/main.js"]

# The Node gateway: REST on 8080, Swagger UI on /api, aggregated /health, the web console at / (built by Vite).
FROM runtime AS gateway
RUN npm ci --omit=dev --workspace @chrono/gateway --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/contracts/descriptor packages/contracts/descriptor
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/console/dist console/dist
ENV PORT=8080
EXPOSE 8080
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["node", "deploy/docker/http-health-check.js", "http://127.0.0.1:8080/health"]
CMD ["node", "gateway/dist/main.js"]

# Envoy, the production edge: the official image with envoy.yaml and the descriptor set built into it.
FROM ${ENVOY_IMAGE} AS envoy
COPY gateway/envoy.yaml /etc/envoy/envoy.yaml
COPY --from=build /app/gateway/descriptor.binpb /etc/envoy/descriptor.binpb
EXPOSE 8080
# The admin interface (127.0.0.1:9901) says LIVE once Envoy is initialised; the image has bash, not curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9901 && printf 'GET /ready HTTP/1.1\\r\\nHost: envoy\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q LIVE <&3"]
