import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { databaseRoles } from '@chrono/contracts';
import { repoRoot } from './support/components';
import { named, overlayPath, parseYamlDocuments, renderKustomization, type K8sObject } from './support/kustomize';

// Kubernetes runs each service as its own PostgreSQL role (packages/contracts/src/access): the dev
// overlay's PostgreSQL makes the roles with the passwords of the Secrets the services read, and the
// production cluster's operator keeps them from the same Secrets.
const dev = renderKustomization(overlayPath('dev'));

/** The Secret (by name, hash suffix included) and key that `variable` of a container comes from. */
function secretOf(container: { env?: Array<{ name: string; valueFrom?: any }> }, variable: string) {
  return container.env?.find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef as
    { name: string; key: string } | undefined;
}

function decoded(objects: K8sObject[], name: string, key: string): string {
  const secret = named(objects, 'Secret', name);
  return Buffer.from(secret.data[key], 'base64').toString('utf8');
}

describe('PostgreSQL roles on Kubernetes', () => {
  it.each(databaseRoles.map((entry) => [entry.service, entry]))(
    'dev: %s logs in as its role, which PostgreSQL makes with the same password',
    (service, { role, passwordVariable }) => {
      const [container] = named(dev, 'Deployment', service).spec.template.spec.containers;
      const user = secretOf(container, 'DB_USERNAME')!;
      const password = secretOf(container, 'DB_PASSWORD')!;
      expect(decoded(dev, user.name, user.key)).toBe(role);
      const [postgres] = named(dev, 'StatefulSet', 'chrono-pg').spec.template.spec.containers;
      expect(secretOf(postgres, passwordVariable)).toEqual(password);
    },
  );

  it('dev: PostgreSQL runs the generated role and schema scripts on a new data directory', () => {
    const pod = named(dev, 'StatefulSet', 'chrono-pg').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === '/docker-entrypoint-initdb.d',
    );
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    const config = named(dev, 'ConfigMap', volume.configMap.name);
    const scripts = (name: string) => readFileSync(path.join(repoRoot, 'deploy', 'docker', 'postgres', name), 'utf8');
    expect(config.data).toEqual({
      '10-roles.sql': scripts('10-roles.sql'),
      '20-schemas.sql': scripts('20-schemas.sql'),
    });
  });

  it('prod: the CloudNativePG cluster keeps every role from its Secret and makes the schemas at bootstrap', () => {
    const [cluster] = parseYamlDocuments(
      readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'dependencies', 'postgresql-cluster.yaml'), 'utf8'),
    ) as K8sObject[];
    expect(cluster.spec.managed.roles).toEqual(
      databaseRoles.map(({ service, role }) => ({
        name: role,
        ensure: 'present',
        login: true,
        passwordSecret: { name: `chrono-pg-${service}` },
      })),
    );
    expect(cluster.spec.bootstrap.initdb.postInitApplicationSQLRefs.configMapRefs).toEqual([
      { name: 'chrono-pg-schemas', key: 'schemas.sql' },
    ]);
  });
});
