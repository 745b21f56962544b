import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { accepts } from './private-redis';
import { waitFor } from './wait-for';

/**
 * A nats-server with JetStream of a test's own, on a free port with a temporary store. Services
 * share stream and durable consumer names by design, so tests that run services side by side each
 * need their own server; a test may also kill and restart it (the store survives a restart).
 */
export interface PrivateNatsOptions {
  /** The server's max_payload in bytes (NATS' default: 1 MiB), for tests of what does not fit. */
  maxPayload?: number;
  /** The JetStream file store in bytes (max_file_store; NATS' default: most of the free disk), which streams reserve their max_bytes in. */
  maxFileStore?: number;
  /** More configuration (such as an `authorization` block), appended to the file the server reads. */
  config?: string;
  /** A configuration file to run on instead of the options above, such as the repository's deploy/docker/nats.conf. */
  configFile?: string;
  /** Environment variables for the server, which its configuration may name (`$VARIABLE`). */
  env?: Record<string, string>;
}

export class PrivateNats {
  private child?: ChildProcess;
  private readonly storeDir = mkdtempSync(path.join(tmpdir(), 'chrono-nats-'));

  private constructor(
    readonly port: number,
    private readonly options: PrivateNatsOptions,
  ) {}

  static async start(options: PrivateNatsOptions = {}): Promise<PrivateNats> {
    const nats = new PrivateNats(await freePort(), options);
    await nats.restart();
    return nats;
  }

  /** nats://127.0.0.1:<port>, for NATS_URL. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** (Re)starts the server on the same port and store, and waits until it accepts connections. */
  async restart(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir];
    const { maxPayload, maxFileStore, config, configFile, env } = this.options;
    if (configFile !== undefined) args.push('-c', configFile);
    else if (maxPayload !== undefined || maxFileStore !== undefined || config !== undefined) {
      // None has a command-line flag; a configuration file beside the store sets them.
      const file = path.join(this.storeDir, 'nats.conf');
      const lines = [
        maxPayload !== undefined && `max_payload: ${maxPayload}`,
        maxFileStore !== undefined && `jetstream { max_file_store: ${maxFileStore} }`,
        config,
      ];
      writeFileSync(file, `${lines.filter(Boolean).join('\n')}\n`);
      args.push('-c', file);
    }
    const child = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    this.child = child;
    // The server's log, so that a start that fails says why (it exits at once on a bad configuration).
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4096)));
    await waitFor(
      () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`nats-server exited (${child.exitCode ?? child.signalCode}): ${log}`);
        return accepts(this.port);
      },
      { what: `nats-server on ${this.port}` },
    );
  }

  /** Kills the server (SIGKILL), keeping its store for a restart. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and removes its store. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
