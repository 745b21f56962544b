import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/components';
import type { ComposeService } from './support/compose-file';

const dir = path.join(repoRoot, 'deploy', 'observability');
const services = (
  parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> }
).services;
const config = parse(readFileSync(path.join(dir, 'prometheus.yml'), 'utf8')) as {
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
};

// The Prometheus of docker compose scrapes every process that exposes metrics there, under the job names
// the alerts and dashboards use, and loads the alerts; promtool accepts its configuration.
describe('Prometheus in docker compose', () => {
  it('scrapes each compose service that exposes a metrics port, and nothing else', () => {
    const exposed = Object.entries(services)
      .filter(([, service]) => service.expose?.length)
      .map(([name, service]) => `${name}:${String(service.expose![0])}`)
      .sort();
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets)).sort();
    expect(targets).toEqual(exposed);
    expect(config.scrape_configs.map((job) => job.job_name).sort()).toEqual(
      ['auth', 'executor', 'gateway', 'job-catalog', 'scheduler'].sort(),
    );
  });

  it('mounts the configuration and the alerts where the configuration finds them', () => {
    const volumes = (services.prometheus.volumes ?? []).map(String);
    expect(volumes).toContain('./deploy/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(volumes).toContain('./deploy/observability/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });

  it('passes promtool check config, rule files included', async () => {
    const output = await new Promise<string>((resolve, reject) =>
      execFile('promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir }, (error, stdout, stderr) =>
        error ? reject(new Error(`${stdout}${stderr}${error.message}`)) : resolve(`${stdout}${stderr}`),
      ),
    );
    expect(output).toContain('SUCCESS: 1 rule files found');
  });
});
