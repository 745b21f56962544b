import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { componentSettings, documentedMetricsPorts, documentedPorts, repoRoot, SERVICES } from './support/components';
import {
  named,
  ofKind,
  overlayPath,
  parseYamlDocuments,
  renderKustomization,
  workloads,
  type K8sObject,
} from './support/kustomize';

// How the objects refer to each other: Services to pods, pods to ConfigMaps and Secrets, settings to
// what each service reads, and ports to the architecture page.
const { source: portSource, ports } = documentedPorts();
const { ports: metricsPorts } = documentedMetricsPorts();

/** Secrets the prod overlay uses but does not create (made by the operator, the chart, or by hand). */
const externalSecrets = parseYamlDocuments(
  readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'dependencies', 'external-secrets.yaml'), 'utf8'),
)[0] as Array<{ name: string; keys: string[] }>;

interface SecretUse {
  where: string;
  name: string;
  key?: string;
  optional: boolean;
}

/** Every ConfigMap and Secret a pod template uses: envFrom, env valueFrom, volumes. */
function references(workload: K8sObject): { configMaps: SecretUse[]; secrets: SecretUse[] } {
  const spec = workload.spec.template.spec;
  const where = `${workload.kind}/${workload.metadata.name}`;
  const configMaps: SecretUse[] = [];
  const secrets: SecretUse[] = [];
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef)
        configMaps.push({ where, name: from.configMapRef.name, optional: !!from.configMapRef.optional });
      if (from.secretRef) secrets.push({ where, name: from.secretRef.name, optional: !!from.secretRef.optional });
    }
    for (const { valueFrom } of container.env ?? []) {
      if (valueFrom?.configMapKeyRef)
        configMaps.push({ where, ...valueFrom.configMapKeyRef, optional: !!valueFrom.configMapKeyRef.optional });
      if (valueFrom?.secretKeyRef)
        secrets.push({ where, ...valueFrom.secretKeyRef, optional: !!valueFrom.secretKeyRef.optional });
    }
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap)
      configMaps.push({ where, name: volume.configMap.name, optional: !!volume.configMap.optional });
    if (volume.secret) secrets.push({ where, name: volume.secret.secretName, optional: !!volume.secret.optional });
  }
  return { configMaps, secrets };
}

/** The variables a service's container gets: its ConfigMaps' keys and its own env entries. */
function variablesSet(objects: K8sObject[], container: K8sObject): Map<string, string | undefined> {
  const variables = new Map<string, string | undefined>();
  for (const from of container.envFrom ?? []) {
    const configMap = from.configMapRef && named(objects, 'ConfigMap', from.configMapRef.name);
    for (const [key, value] of Object.entries(configMap?.data ?? {})) variables.set(key, value as string);
  }
  for (const entry of container.env ?? []) variables.set(entry.name, entry.value);
  return variables;
}

describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
  const objects = renderKustomization(overlayPath(overlay));

  it('lets every Service select the pods of a Deployment or StatefulSet and reach one of their ports', () => {
    const services = ofKind(objects, 'Service');
    expect(services.length).toBeGreaterThanOrEqual(5);
    for (const service of services) {
      const selector: Record<string, string> = service.spec.selector;
      const targets = workloads(objects).filter((w) =>
        Object.entries(selector).every(([key, value]) => w.spec.template.metadata.labels?.[key] === value),
      );
      expect({ service: service.metadata.name, selects: targets.length }).toEqual({
        service: service.metadata.name,
        selects: 1,
      });
      const containerPorts = targets[0].spec.template.spec.containers.flatMap((c: K8sObject) => c.ports ?? []);
      for (const port of service.spec.ports) {
        const target = port.targetPort ?? port.port;
        expect(
          containerPorts.some(
            (p: { name?: string; containerPort: number }) => p.name === target || p.containerPort === target,
          ),
        ).toBe(true);
      }
    }
  });

  it('refers only to ConfigMaps and Secrets (and keys) that exist', () => {
    const external = overlay === 'prod' ? externalSecrets : [];
    for (const workload of workloads(objects)) {
      const { configMaps, secrets } = references(workload);
      for (const use of configMaps) {
        const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === use.name);
        expect({ ...use, exists: !!configMap && (!use.key || use.key in (configMap.data ?? {})) }).toEqual({
          ...use,
          exists: true,
        });
      }
      for (const use of secrets) {
        const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === use.name);
        const keys = secret
          ? Object.keys({ ...secret.data, ...secret.stringData })
          : external.find((e) => e.name === use.name)?.keys;
        expect({ ...use, exists: !!keys && (!use.key || keys.includes(use.key)) }).toEqual({ ...use, exists: true });
      }
    }
  });

  if (overlay === 'prod') {
    it('lists no external Secret that nothing uses', () => {
      const used = new Set(workloads(objects).flatMap((w) => references(w).secrets.map((s) => s.name)));
      for (const { name } of externalSecrets) expect({ name, used: used.has(name) }).toEqual({ name, used: true });
    });
  }

  describe.each(SERVICES)('%s', (service) => {
    const settings = componentSettings(service);
    const deployment = named(objects, 'Deployment', service);
    const [container] = deployment.spec.template.spec.containers;
    const variables = variablesSet(objects, container);

    it(`sets only variables the service reads (from its config.ts and the kit's readers)`, () => {
      expect(settings.variables.size).toBeGreaterThan(3);
      expect([...variables.keys()].filter((name) => !settings.variables.has(name))).toEqual([]);
    });

    it(`listens, is probed and is addressed on the ports of ${path.basename(portSource)}: gRPC, and metrics apart`, () => {
      const port = ports.get(service);
      const metricsPort = metricsPorts.get(service);
      expect(port).toBe(settings.port.fallback);
      expect(metricsPort).toBe(settings.metricsPort);
      expect(variables.get(settings.port.variable)).toBe(String(port));
      expect(variables.get('METRICS_PORT')).toBe(String(metricsPort));
      expect(container.ports).toEqual([
        { name: 'grpc', containerPort: port },
        { name: 'metrics', containerPort: metricsPort },
      ]);
      expect(
        named(objects, 'Service', service).spec.ports.map((p: { name: string; port: number }) => [p.name, p.port]),
      ).toEqual([
        ['grpc', port],
        ['metrics', metricsPort],
      ]);
      for (const [other, otherPort] of ports) {
        const variable = `${other.toUpperCase().replace(/-/g, '_')}_GRPC_URL`;
        if (variables.has(variable)) expect(variables.get(variable)).toBe(`${other}:${otherPort}`);
      }
    });

    it('finds PostgreSQL, Redis and NATS under the names the charts and the dev overlay give them', () => {
      const expected: Record<string, string> = {
        DB_HOST: 'chrono-pg-rw',
        DB_PORT: '5432',
        REDIS_HOST: 'chrono-redis-master',
        REDIS_PORT: '6379',
        NATS_URL: 'nats://nats:4222',
      };
      for (const [name, value] of Object.entries(expected))
        if (settings.variables.has(name)) expect({ name, value: variables.get(name) }).toEqual({ name, value });
      // Generated Secrets carry a hash of their content after the name.
      const secretsUsed = references(deployment).secrets.map((s) => s.name.replace(/-[a-z0-9]{10}$/, ''));
      if (settings.dependencies.has('postgresql')) expect(secretsUsed).toContain(`chrono-pg-${service}`);
      if (settings.dependencies.has('redis')) expect(secretsUsed).toContain(`chrono-redis-${service}`);
    });
  });

  it('leaves each scheduler replica its own identity (SCHEDULER_ID defaults to host name and pid)', () => {
    const scheduler = named(objects, 'Deployment', 'scheduler').spec.template.spec.containers[0];
    expect(variablesSet(objects, scheduler).has('SCHEDULER_ID')).toBe(false);
  });

  it('configures the same token issuer and audience everywhere', () => {
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE']) {
      const values = new Set(
        SERVICES.map((service) =>
          variablesSet(objects, named(objects, 'Deployment', service).spec.template.spec.containers[0]).get(name),
        ),
      );
      expect(values.size).toBe(1);
    }
  });
});
