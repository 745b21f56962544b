import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { componentSettings, documentedMetricsPorts, documentedPorts, repoRoot } from './support/components';
import { parseDockerfile, stageChain } from './support/dockerfile-model';
import { envoyConfig } from './support/envoy-config';
import { named, ofKind, overlayPath, renderKustomization, type K8sObject } from './support/kustomize';

// Envoy on Kubernetes runs gateway/envoy.yaml from a ConfigMap: every cluster it names must be a Service
// on the right port, and the tokens it accepts the ones the services issue and check.
const { ports } = documentedPorts();
const envoy = envoyConfig();

describe('deploy/k8s/base/config/envoy.yaml', () => {
  it('is gateway/envoy.yaml (kustomize reads no file outside its folder; copy it over after a change)', () => {
    const copy = readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'base', 'config', 'envoy.yaml'), 'utf8');
    expect(copy).toBe(readFileSync(path.join(repoRoot, 'gateway', 'envoy.yaml'), 'utf8'));
  });
});

describe('the way in of prod', () => {
  it('keeps client addresses, which auth counts logins and registrations by (x-client-address from Envoy)', () => {
    const service = named(renderKustomization(overlayPath('prod')), 'Service', 'envoy');
    // A LoadBalancer with the default policy Cluster source-NATs every client to a node's address.
    expect(service.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    // Connections then arrive from the clients themselves: no proxy appends to X-Forwarded-For before Envoy.
    expect(envoy.trustedProxyHops).toBe(0);
  });
});

describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
  const objects = renderKustomization(overlayPath(overlay));
  const deployment = named(objects, 'Deployment', 'envoy');
  const [container] = deployment.spec.template.spec.containers;

  it('runs Envoy with the envoy.yaml of its ConfigMap', () => {
    const configArg = container.args[container.args.indexOf('-c') + 1] as string;
    const mount = container.volumeMounts.find((m: K8sObject) => configArg.startsWith(`${m.mountPath}/`));
    const volume = deployment.spec.template.spec.volumes.find((v: K8sObject) => v.name === mount.name);
    const configMap = named(objects, 'ConfigMap', volume.configMap.name);
    expect(configMap.data[path.basename(configArg)]).toBe(
      readFileSync(path.join(repoRoot, 'gateway', 'envoy.yaml'), 'utf8'),
    );
  });

  it('runs the image that has the descriptor set where envoy.yaml expects it', () => {
    expect(container.image).toMatch(/(^|\/)chrono\/envoy:[\w.-]+$/);
    const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    const destinations = stageChain(dockerfile, 'envoy').flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args[i.args.length - 1]),
    );
    expect(destinations).toContain(envoy.descriptorPath);
  });

  it('listens and is exposed on the documented gateway port', () => {
    expect(envoy.listenerPorts).toEqual([ports.get('gateway')]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: ports.get('gateway') }]);
    expect(named(objects, 'Service', 'envoy').spec.ports.map((p: K8sObject) => p.port)).toEqual([ports.get('gateway')]);
  });

  it.each(envoy.clusters.filter((c) => c.type === 'STRICT_DNS').map((c) => [c.name, c]))(
    'finds cluster %s at a Service of that host name and port',
    (_name, cluster) => {
      const service = named(objects, 'Service', cluster.host);
      expect(service.spec.ports.map((p: K8sObject) => p.port)).toContain(cluster.port);
      if (cluster.host !== 'gateway-docs') {
        expect(cluster.port).toBe(ports.get(cluster.host));
        // STRICT_DNS balances over the addresses the name resolves to: a headless Service gives it every pod.
        expect(service.spec.clusterIP).toBe('None');
      }
    },
  );

  it('accepts tokens from the issuer, for the audience, that the services use', () => {
    for (const service of ofKind(objects, 'ConfigMap').filter((c) => c.data?.JWT_ISSUER)) {
      expect({
        name: service.metadata.name,
        issuer: service.data.JWT_ISSUER,
        audience: service.data.JWT_AUDIENCE,
      }).toEqual({
        name: service.metadata.name,
        issuer: envoy.jwtIssuer,
        audience: envoy.jwtAudiences[0],
      });
    }
  });

  it('configures gateway-docs with only variables the Node gateway reads, pointing at the services', () => {
    const settings = componentSettings('gateway');
    const [docs] = named(objects, 'Deployment', 'gateway-docs').spec.template.spec.containers;
    const configMap = named(objects, 'ConfigMap', docs.envFrom[0].configMapRef.name);
    expect(Object.keys(configMap.data).filter((name) => !settings.variables.has(name))).toEqual([]);
    expect(configMap.data[settings.port.variable]).toBe(String(ports.get('gateway')));
    expect(docs.ports[0].containerPort).toBe(ports.get('gateway'));
    // The Node gateway's metrics, on the gateway's documented metrics port.
    const metricsPort = documentedMetricsPorts().ports.get('gateway');
    expect(metricsPort).toBe(settings.metricsPort);
    expect(configMap.data.METRICS_PORT).toBe(String(metricsPort));
    expect(docs.ports).toContainEqual({ name: 'metrics', containerPort: metricsPort });
    expect(named(objects, 'Service', 'gateway-docs').spec.ports).toContainEqual(
      expect.objectContaining({ name: 'metrics', port: metricsPort, targetPort: 'metrics' }),
    );
    for (const service of ['auth', 'job-catalog', 'scheduler', 'executor']) {
      expect(configMap.data[`${service.toUpperCase().replace(/-/g, '_')}_GRPC_URL`]).toBe(
        `${service}:${ports.get(service)}`,
      );
    }
  });
});
