import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, waitFor } from '@chrono/testkit';

/**
 * A real Prometheus server (Debian's `prometheus`) of the test's own, scraping the given targets
 * every second, with its storage in a temporary folder removed on stop.
 */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  /** `targets`: job name → `host:port` of a /metrics endpoint. */
  static async start(targets: Record<string, string>): Promise<PrometheusServer> {
    const dir = mkdtempSync(path.join(tmpdir(), 'chrono-prometheus-'));
    const config = [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      ...Object.entries(targets).flatMap(([job, target]) => [
        `  - job_name: ${job}`,
        '    static_configs:',
        `      - targets: ['${target}']`,
      ]),
    ].join('\n');
    writeFileSync(path.join(dir, 'prometheus.yml'), `${config}\n`);
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`);
    await waitFor(async () => (await fetch(`${server.url}/-/ready`).catch(() => undefined))?.ok === true, {
      what: 'Prometheus ready',
    });
    return server;
  }

  /** An instant query; resolves to each series' labels and value. */
  async query(expression: string): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expression)}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (body.status !== 'success') throw new Error(`query ${expression} failed: ${body.error}`);
    return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
