import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { databaseRoles, natsUsers, redisUserArguments, redisUsers } from '@chrono/contracts';
import { repoRoot } from './support/components';
import { named, overlayPath, parseYamlDocuments, renderKustomization, type K8sObject } from './support/kustomize';

// Kubernetes runs each service as its own PostgreSQL role, NATS user and Redis user
// (packages/contracts/src/access): the dev overlay's servers take the passwords from the Secrets the
// services read, and in production the PostgreSQL operator and the charts take them from the same Secrets.
const dev = renderKustomization(overlayPath('dev'));

/** The Secret (by name, hash suffix included) and key that `variable` of a container comes from. */
function secretOf(container: { env?: Array<{ name: string; valueFrom?: any }> }, variable: string) {
  return container.env?.find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef as
    { name: string; key: string } | undefined;
}

/** The value of `variable` for a container, from its ConfigMaps or its own env. */
function setting(objects: K8sObject[], container: K8sObject, variable: string): string | undefined {
  const own = container.env?.find((entry: { name: string }) => entry.name === variable)?.value;
  const fromMaps = (container.envFrom ?? []).map(
    (from: { configMapRef?: { name: string } }) =>
      from.configMapRef && named(objects, 'ConfigMap', from.configMapRef.name).data?.[variable],
  );
  return own ?? fromMaps.find((value: string | undefined) => value !== undefined);
}

const natsPasswordVariable = (user: string) => natsUsers.find((entry) => entry.user === user)!.passwordVariable;

function decoded(objects: K8sObject[], name: string, key: string): string {
  const secret = named(objects, 'Secret', name);
  return Buffer.from(secret.data[key], 'base64').toString('utf8');
}

describe('service accounts of PostgreSQL, NATS and Redis on Kubernetes', () => {
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

  it.each([
    ['job-catalog', 'NATS_USER', 'NATS_PASSWORD', 'job-catalog'],
    ['scheduler', 'NATS_USER', 'NATS_PASSWORD', 'scheduler'],
    ['executor', 'NATS_USER', 'NATS_PASSWORD', 'executor'],
    ['executor', 'NATS_TARGET_USER', 'NATS_TARGET_PASSWORD', 'executor-targets'],
  ])(
    'dev: %s connects to NATS (%s) as its user, with the password the server has for it',
    (service, userVariable, passwordVariable, user) => {
      const [container] = named(dev, 'Deployment', service).spec.template.spec.containers;
      expect(setting(dev, container, userVariable)).toBe(user);
      const [nats] = named(dev, 'StatefulSet', 'nats').spec.template.spec.containers;
      expect(secretOf(nats, natsPasswordVariable(user))).toEqual(secretOf(container, passwordVariable));
    },
  );

  it('dev: NATS reads the generated users beside its nats.conf', () => {
    const pod = named(dev, 'StatefulSet', 'nats').spec.template.spec;
    const volume = pod.volumes.find((v: { name: string }) => v.name === 'config');
    const config = named(dev, 'ConfigMap', volume.configMap.name);
    expect(config.data['nats.conf']).toContain('include ./nats-users.conf');
    expect(config.data['nats-users.conf']).toBe(
      readFileSync(path.join(repoRoot, 'deploy', 'docker', 'nats-users.conf'), 'utf8'),
    );
  });

  it("prod: the NATS chart includes the generated users and gives the server each user's password from its Secret", () => {
    const [values] = parseYamlDocuments(
      readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'dependencies', 'nats-values.yaml'), 'utf8'),
    ) as K8sObject[];
    expect(values.config.merge.$include).toBe('chrono-users/nats-users.conf');
    expect(values.container.patch).toContainEqual({
      op: 'add',
      path: '/volumeMounts/-',
      value: { name: 'chrono-users', mountPath: '/etc/nats-config/chrono-users', readOnly: true },
    });
    expect(values.podTemplate.patch).toContainEqual({
      op: 'add',
      path: '/spec/volumes/-',
      value: { name: 'chrono-users', configMap: { name: 'nats-chrono-users' } },
    });
    for (const { user, passwordVariable } of natsUsers)
      expect(values.container.env[passwordVariable]).toEqual({
        valueFrom: { secretKeyRef: { name: `chrono-nats-${user}`, key: 'password' } },
      });
  });

  it.each(redisUsers.map((entry) => [entry.user, entry]))(
    'dev: %s uses Redis as its ACL user, which the server starts with the same password',
    (service, { user, passwordVariable }) => {
      const [container] = named(dev, 'Deployment', service).spec.template.spec.containers;
      expect(setting(dev, container, 'REDIS_USERNAME')).toBe(user);
      const [redis] = named(dev, 'StatefulSet', 'chrono-redis-master').spec.template.spec.containers;
      expect(secretOf(redis, passwordVariable)).toEqual(secretOf(container, 'REDIS_PASSWORD'));
    },
  );

  it('dev: Redis starts through the generated redis-users.sh', () => {
    const pod = named(dev, 'StatefulSet', 'chrono-redis-master').spec.template.spec;
    expect(pod.containers[0].command).toEqual(['sh', '/etc/redis-users/redis-users.sh']);
    const mount = pod.containers[0].volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/etc/redis-users');
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    expect(named(dev, 'ConfigMap', volume.configMap.name).data['redis-users.sh']).toBe(
      readFileSync(path.join(repoRoot, 'deploy', 'docker', 'redis-users.sh'), 'utf8'),
    );
  });

  it("prod: the Redis chart starts the server with the same users, each password from its service's Secret", () => {
    const [values] = parseYamlDocuments(
      readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'dependencies', 'redis-values.yaml'), 'utf8'),
    ) as K8sObject[];
    expect(values.master.extraFlags).toEqual(redisUserArguments());
    expect(values.master.extraEnvVars).toEqual(
      redisUsers.map(({ user, passwordVariable }) => ({
        name: passwordVariable,
        valueFrom: { secretKeyRef: { name: `chrono-redis-${user}`, key: 'password' } },
      })),
    );
  });
});
