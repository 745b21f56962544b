import { componentSettings, documentedPorts, drainSetting, parseDuration, SERVICES } from './support/components';
import { named, ofKind, overlayPath, renderKustomization, workloads, type K8sObject } from './support/kustomize';

// What every pod must have (probes, resources, a locked-down non-root context) and how the services
// are scaled and stopped.
const { ports } = documentedPorts();

function containersOf(workload: K8sObject): K8sObject[] {
  const spec = workload.spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** The fewest pods of a Deployment: its autoscaler's minReplicas when it has one, else its replicas (default 1). */
function minimumPods(objects: K8sObject[], name: string): number {
  const autoscaler = ofKind(objects, 'HorizontalPodAutoscaler').find((hpa) => hpa.spec.scaleTargetRef.name === name);
  return autoscaler ? (autoscaler.spec.minReplicas ?? 1) : (named(objects, 'Deployment', name).spec.replicas ?? 1);
}

describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
  const objects = renderKustomization(overlayPath(overlay));

  it('runs a Deployment for every service, Envoy and gateway-docs', () => {
    const deployments = ofKind(objects, 'Deployment').map((d) => d.metadata.name);
    expect(deployments).toEqual(expect.arrayContaining([...SERVICES, 'envoy', 'gateway-docs']));
  });

  it('gives every pod readiness and liveness probes, resources and a non-root, locked-down context', () => {
    const pods = workloads(objects);
    expect(pods.length).toBeGreaterThanOrEqual(6);
    for (const workload of pods) {
      const spec = workload.spec.template.spec;
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect({ where, runAsNonRoot: spec.securityContext?.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
      expect({ where, uid: spec.securityContext?.runAsUser > 0 }).toEqual({ where, uid: true });
      for (const container of spec.containers) {
        expect({ where, readiness: !!container.readinessProbe, liveness: !!container.livenessProbe }).toEqual({
          where,
          readiness: true,
          liveness: true,
        });
      }
      for (const container of containersOf(workload)) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        expect({
          where,
          container: container.name,
          resources: [requests.cpu, requests.memory, limits.cpu, limits.memory].every(Boolean),
        }).toEqual({ where, container: container.name, resources: true });
        expect({
          where,
          container: container.name,
          escalation: container.securityContext?.allowPrivilegeEscalation,
          drop: container.securityContext?.capabilities?.drop,
        }).toEqual({
          where,
          container: container.name,
          escalation: false,
          drop: ['ALL'],
        });
      }
    }
  });

  describe.each(SERVICES)('%s', (service) => {
    const deployment = named(objects, 'Deployment', service);
    const [container] = deployment.spec.template.spec.containers;
    const port = ports.get(service)!;

    it('is probed with grpc.health.v1 on its documented port, read-only and without a service-account token', () => {
      for (const probe of ['startupProbe', 'readinessProbe']) expect(container[probe].grpc).toEqual({ port });
      // Liveness asks the health name that stays SERVING through a dependency outage.
      expect(container.livenessProbe.grpc).toEqual({ port, service: 'liveness' });
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    });

    it('runs an image built by the Dockerfile target of the same name', () => {
      expect(container.image).toMatch(new RegExp(`(^|/)chrono/${service}:[\\w.-]+$`));
    });

    it('has a PodDisruptionBudget that selects its pods', () => {
      const budgets = ofKind(objects, 'PodDisruptionBudget').filter((pdb) =>
        Object.entries(pdb.spec.selector.matchLabels).every(
          ([key, value]) => deployment.spec.template.metadata.labels[key] === value,
        ),
      );
      expect(budgets).toHaveLength(1);
    });

    it('gets more time to stop than its own graceful stop takes', () => {
      // The executor drains running jobs for EXECUTOR_SHUTDOWN_GRACE (or whatever its drain setting is
      // called); every service then closes gRPC (5 s) and NATS. The kit's own stop limit is 15 s.
      const drain = drainSetting(componentSettings(service));
      const configured =
        drain &&
        ofKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith(`${service}-config`))?.data?.[
          drain.variable
        ];
      const drainMs = configured ? parseDuration(configured)! : (drain?.fallbackMs ?? 0);
      const graceSeconds = deployment.spec.template.spec.terminationGracePeriodSeconds;
      expect(graceSeconds * 1000).toBeGreaterThan(Math.max(15_000, drainMs + 10_000));
      if (service === 'executor') expect(drain).toBeDefined();
    });
  });

  it('autoscales executor and job-catalog, and leaves their replica count to the autoscaler', () => {
    const targets = ofKind(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.spec.scaleTargetRef);
    expect(targets.map((t) => t.name).sort()).toEqual(['executor', 'job-catalog']);
    for (const target of targets) {
      expect(target.kind).toBe('Deployment');
      expect(named(objects, 'Deployment', target.name).spec.replicas).toBeUndefined();
    }
  });
});

describe('overlay prod', () => {
  const objects = renderKustomization(overlayPath('prod'));

  it('runs at least two of every service, of Envoy and of gateway-docs', () => {
    for (const name of [...SERVICES, 'envoy', 'gateway-docs'])
      expect({ name, pods: minimumPods(objects, name) >= 2 }).toEqual({ name, pods: true });
  });

  it('makes auth sign with the key from its Secret', () => {
    const [auth] = named(objects, 'Deployment', 'auth').spec.template.spec.containers;
    const key = auth.env.find((e: { name: string }) => e.name === 'JWT_PRIVATE_KEY');
    expect(key.valueFrom.secretKeyRef).toEqual({ name: 'chrono-auth-jwt', key: 'JWT_PRIVATE_KEY' });
  });

  it('pulls every image from a registry at a fixed version', () => {
    const images = workloads(objects).flatMap((workload) =>
      containersOf(workload).map((container) => container.image as string),
    );
    expect(images.length).toBeGreaterThanOrEqual(6);
    for (const image of images) expect(image).toMatch(/^[\w-]+(\.[\w-]+)+(:\d+)?\/[\w./-]+:(?!latest$)[\w.-]+$/);
  });
});
