import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { topology } from '@chrono/contracts';
import { DEAD_LETTER_MAX_BYTES } from '@chrono/kit';
import { repoRoot } from './support/components';
import { interpolateDefaults, type ComposeService } from './support/compose-file';
import { named, overlayPath, renderKustomization } from './support/kustomize';

// NATS' limits are set explicitly wherever the system is deployed, and agree with the services: every
// message they may publish fits max_payload (each service also checks at start-up, against the server
// it reaches), and the JetStream file store holds what the streams reserve.
const MAX_JOB_BYTES_DEFAULT = 262_144;
const HTTP_RESPONSE_DEFAULT = 65_536;
// What job events, dispatch requests and outcomes add to MAX_JOB_BYTES or a result: under 10 KiB with headers.
const ENVELOPE_MARGIN = 10_240;
const STREAMS_BYTES = Object.values(topology).reduce((sum, entry) => sum + entry.maxBytes, 0);

interface NatsLimits {
  maxPayload: number;
  maxFileStore: number;
}

function limitsOf(conf: string): NatsLimits {
  const number = (key: string) => Number(new RegExp(`^\\s*${key}:\\s*(\\d+)\\s*$`, 'm').exec(conf)?.[1]);
  return { maxPayload: number('max_payload'), maxFileStore: number('max_file_store') };
}

/** The largest message any service publishes with these settings (unset ones at their defaults). */
function largestMessage(env: Record<string, Record<string, string | undefined>>): number {
  const jobBytes = (service: string) => Number(env[service].MAX_JOB_BYTES ?? MAX_JOB_BYTES_DEFAULT);
  const results = Math.max(
    jobBytes('executor'),
    Number(env.executor.HTTP_TARGET_MAX_RESPONSE_BYTES ?? HTTP_RESPONSE_DEFAULT),
  );
  return Math.max(
    jobBytes('job-catalog') + ENVELOPE_MARGIN,
    jobBytes('scheduler') + ENVELOPE_MARGIN,
    results + ENVELOPE_MARGIN,
    DEAD_LETTER_MAX_BYTES,
  );
}

const composeConf = readFileSync(path.join(repoRoot, 'deploy', 'docker', 'nats.conf'), 'utf8');

describe('NATS limits', () => {
  it('docker compose runs NATS on deploy/docker/nats.conf, which sets max_payload and fits every message and stream', () => {
    const { services } = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    const command = services.nats.command as string[];
    const mounted = (services.nats.volumes ?? []).find((volume) => volume.startsWith('./deploy/docker/nats.conf:'));
    expect(mounted?.split(':')[1]).toBe(command[command.indexOf('-c') + 1]);
    const env = Object.fromEntries(
      ['job-catalog', 'scheduler', 'executor'].map((name) => [
        name,
        Object.fromEntries(
          Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolateDefaults(String(v))]),
        ),
      ]),
    );
    const limits = limitsOf(composeConf);
    expect(limits.maxPayload).toBeGreaterThanOrEqual(largestMessage(env));
    expect(limits.maxFileStore).toBeGreaterThanOrEqual(STREAMS_BYTES);
  });

  it('the dev overlay runs its NATS on the same nats.conf, from a ConfigMap, with a volume that holds the file store', () => {
    const objects = renderKustomization(overlayPath('dev'));
    const configMap = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('nats-config'),
    )!;
    const devConf: string = configMap.data['nats.conf'];
    expect(limitsOf(devConf)).toEqual(limitsOf(composeConf));
    const nats = named(objects, 'StatefulSet', 'nats');
    const container = nats.spec.template.spec.containers[0];
    const args: string[] = container.args;
    const mount = container.volumeMounts.find(
      (m: { mountPath: string }) => args[args.indexOf('-c') + 1] === `${m.mountPath}/nats.conf`,
    );
    expect(nats.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount?.name)?.configMap?.name).toBe(
      configMap.metadata.name,
    );
    expect(parseGi(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage)).toBeGreaterThan(
      limitsOf(devConf).maxFileStore,
    );
  });

  it('the production NATS chart values set max_payload and a file store for every stream, and the ConfigMaps fit them', () => {
    const values = parse(
      readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'dependencies', 'nats-values.yaml'), 'utf8'),
    );
    const objects = renderKustomization(overlayPath('prod'));
    const env = Object.fromEntries(
      ['job-catalog', 'scheduler', 'executor'].map((name) => [
        name,
        named(objects, 'ConfigMap', configMapOf(objects, name)).data,
      ]),
    );
    expect(values.config.merge.max_payload).toBeGreaterThanOrEqual(largestMessage(env));
    // Each of the three servers keeps one copy of every stream.
    expect(parseGi(values.config.jetstream.fileStore.maxSize)).toBeGreaterThanOrEqual(STREAMS_BYTES);
    expect(parseGi(values.config.jetstream.fileStore.pvc.size)).toBeGreaterThan(
      parseGi(values.config.jetstream.fileStore.maxSize),
    );
  });
});

function parseGi(size: string): number {
  const match = /^(\d+)Gi$/.exec(size);
  if (!match) throw new Error(`expected a size in Gi, got ${size}`);
  return Number(match[1]) * 1024 ** 3;
}

/** The name of the ConfigMap a service's Deployment takes its settings from. */
function configMapOf(objects: ReturnType<typeof renderKustomization>, service: string): string {
  const container = named(objects, 'Deployment', service).spec.template.spec.containers[0];
  return container.envFrom.find((from: { configMapRef?: { name: string } }) => from.configMapRef).configMapRef.name;
}
