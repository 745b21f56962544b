import { readFileSync } from 'node:fs';
import { makeGenericClientConstructor, Metadata, type Client } from '@grpc/grpc-js';
import { create, createFileRegistry, fromBinary, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSetPath } from '@chrono/contracts';
import { withClientMetrics } from '../metrics/grpc-client-metrics';
import { grpcChannelCredentials } from './grpc-tls';

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
const requestType = registry.getMessage('grpc.health.v1.HealthCheckRequest') as DescMessage;
const responseType = registry.getMessage('grpc.health.v1.HealthCheckResponse') as DescMessage;
const statusNames = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

const HealthClient = makeGenericClientConstructor(
  {
    check: {
      path: '/grpc.health.v1.Health/Check',
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: object) => Buffer.from(toBinary(requestType, create(requestType, value as never))),
      requestDeserialize: (bytes: Buffer) => fromBinary(requestType, bytes),
      responseSerialize: () => Buffer.alloc(0),
      responseDeserialize: (bytes: Buffer) => fromBinary(responseType, bytes),
    },
  },
  'Health',
);

const clients = new Map<string, Client>();

/** Calls grpc.health.v1.Health/Check (channels are cached per address) at `address` for `service` ('' = the whole server); resolves to the status name. */
export function healthStatus(address: string, service = '', timeoutMs = 2000): Promise<string> {
  let client = clients.get(address);
  if (!client) {
    client = new HealthClient(address, grpcChannelCredentials(), withClientMetrics());
    clients.set(address, client);
  }
  const healthClient = client as unknown as {
    check(req: object, md: Metadata, opts: object, cb: (e: Error | null, r?: { status: number }) => void): void;
  };
  return new Promise((resolve, reject) =>
    healthClient.check({ service }, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(statusNames[response?.status ?? 0] ?? 'UNKNOWN'),
    ),
  );
}

/** Closes the channels opened by healthStatus. */
export function closeHealthClients(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}
