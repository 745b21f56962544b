import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EnvReader } from '../config/env-reader';
import { readGatewayTrustSettings } from './gateway-trust';
import { grpcTlsEnabled, readGrpcTlsSettings } from './grpc-tls';

describe('the GRPC_TLS_* settings', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'grpc-tls-settings-'));
  const file = path.join(folder, 'pem');
  writeFileSync(file, 'pem');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const read = (source: Record<string, string>) => {
    const env = new EnvReader(source);
    const settings = readGrpcTlsSettings(env);
    env.done();
    return settings;
  };

  it('mean plaintext when unset', () => {
    const settings = read({});
    expect(settings).toEqual({ requireClientCert: false });
    expect(grpcTlsEnabled(settings)).toBe(false);
  });

  it('read the three files and client auth', () => {
    const settings = read({
      GRPC_TLS_CERT: file,
      GRPC_TLS_KEY: file,
      GRPC_TLS_CA: file,
      GRPC_TLS_CLIENT_AUTH: 'require',
    });
    expect(settings.requireClientCert).toBe(true);
    expect(settings.cert?.toString()).toBe('pem');
    expect(grpcTlsEnabled(settings)).toBe(true);
  });

  it('name what is wrong', () => {
    expect(() => read({ GRPC_TLS_CERT: file })).toThrow('GRPC_TLS_CERT and GRPC_TLS_KEY must be set together');
    expect(() => read({ GRPC_TLS_CA: path.join(folder, 'missing') })).toThrow(
      /GRPC_TLS_CA names a file that cannot be read/,
    );
    expect(() => read({ GRPC_TLS_CLIENT_AUTH: 'optional' })).toThrow(
      'GRPC_TLS_CLIENT_AUTH must be none or require, got "optional"',
    );
    expect(() => read({ GRPC_TLS_CA: file, GRPC_TLS_CLIENT_AUTH: 'require' })).toThrow(
      'GRPC_TLS_CLIENT_AUTH=require needs GRPC_TLS_CA, GRPC_TLS_CERT and GRPC_TLS_KEY',
    );
  });

  it('refuse a short GATEWAY_SHARED_SECRET', () => {
    const env = new EnvReader({ GATEWAY_SHARED_SECRET: 'short' });
    readGatewayTrustSettings(env);
    expect(() => env.done()).toThrow('GATEWAY_SHARED_SECRET must be at least 16 characters');
  });
});
