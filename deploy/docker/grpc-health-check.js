#!/usr/bin/env node
// Container health check of a chrono gRPC service, for the Dockerfile's HEALTHCHECK and docker-compose
// (there is no grpc_health_probe binary in the images). Asks grpc.health.v1.Health/Check at the address
// given as the first argument (default 127.0.0.1:50051) and exits 0 when the answer is SERVING, 1 when it
// is anything else, the service cannot be reached or it does not answer within 3 s. It speaks TLS (and
// presents the service's certificate under mTLS) from the same GRPC_TLS_* settings as the service.
'use strict';
const { closeHealthClients, configureGrpcTls, EnvReader, healthStatus, readGrpcTlsSettings } = require('@chrono/kit');

try {
  const env = new EnvReader(process.env);
  const tls = readGrpcTlsSettings(env);
  env.done();
  configureGrpcTls(tls);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const address = process.argv[2] || '127.0.0.1:50051';

healthStatus(address, '', 3000).then(
  (status) => {
    closeHealthClients();
    if (status !== 'SERVING') process.stderr.write(`${address}: ${status}\n`);
    process.exit(status === 'SERVING' ? 0 : 1);
  },
  (error) => {
    process.stderr.write(`${address}: ${error.message}\n`);
    process.exit(1);
  },
);
