import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The files of one certificate: paths for GRPC_TLS_* and its PEM contents. */
export interface IssuedCertificate {
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
}

/**
 * A throwaway CA in a temporary folder, made with the openssl command line (node:crypto cannot issue
 * X.509 certificates), that issues EC P-256 certificates valid for a day for 127.0.0.1 and localhost.
 */
export class TestCertificates {
  private constructor(readonly folder: string) {}

  static create(): TestCertificates {
    const certificates = new TestCertificates(mkdtempSync(path.join(tmpdir(), 'chrono-tls-')));
    const ca = (name: string) => path.join(certificates.folder, name);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        ca('ca.key'),
      ].concat(['-out', ca('ca.crt'), '-subj', '/CN=chrono-test-ca', '-days', '1']),
      { stdio: 'pipe' },
    );
    return certificates;
  }

  get caPath(): string {
    return path.join(this.folder, 'ca.crt');
  }

  get ca(): Buffer {
    return readFileSync(this.caPath);
  }

  /** A certificate whose common name and DNS name are `name`, for both server and client use. */
  issue(name: string): IssuedCertificate {
    const file = (ext: string) => path.join(this.folder, `${name}.${ext}`);
    writeFileSync(
      file('ext'),
      `subjectAltName=DNS:${name},DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n`,
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        file('key'),
        '-out',
        file('csr'),
        '-subj',
        `/CN=${name}`,
      ],
      { stdio: 'pipe' },
    );
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        file('csr'),
        '-CA',
        this.caPath,
        '-CAkey',
        path.join(this.folder, 'ca.key'),
        '-CAcreateserial',
        '-out',
        file('crt'),
        '-days',
        '1',
        '-extfile',
        file('ext'),
      ],
      { stdio: 'pipe' },
    );
    return {
      certPath: file('crt'),
      keyPath: file('key'),
      cert: readFileSync(file('crt')),
      key: readFileSync(file('key')),
    };
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}
