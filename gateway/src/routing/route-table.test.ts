import { descriptorSetPath } from '@chrono/contracts';
import { loadRegistry } from '../descriptor/load-registry';
import { RouteTable } from './route-table';

const registry = loadRegistry(descriptorSetPath);
const upstreams = [
  { name: 'auth', service: 'chrono.auth.v1.AuthService' },
  { name: 'job-catalog', service: 'chrono.catalog.v1.JobService' },
  { name: 'scheduler', service: 'chrono.scheduler.v1.SchedulerService' },
  { name: 'executor', service: 'chrono.executor.v1.ExecutorService' },
];

describe('RouteTable', () => {
  const table = new RouteTable(registry, upstreams);
  const resolve = (verb: string, path: string) => {
    const match = table.match(verb, path);
    return (
      match && {
        rpc: match.route.grpcPath,
        upstream: match.route.upstream.name,
        values: Object.fromEntries(match.pathValues),
      }
    );
  };

  it('builds the seed REST API from the annotations, each route to the right service', () => {
    expect(resolve('POST', '/auth/register')).toEqual({
      rpc: '/chrono.auth.v1.AuthService/Register',
      upstream: 'auth',
      values: {},
    });
    expect(resolve('GET', '/.well-known/jwks.json')).toEqual({
      rpc: '/chrono.auth.v1.AuthService/GetJwks',
      upstream: 'auth',
      values: {},
    });
    expect(resolve('GET', '/jobs')?.rpc).toBe('/chrono.catalog.v1.JobService/ListJobs');
    expect(resolve('POST', '/jobs')?.rpc).toBe('/chrono.catalog.v1.JobService/CreateJob');
    expect(resolve('GET', '/jobs/j1')).toEqual({
      rpc: '/chrono.catalog.v1.JobService/GetJob',
      upstream: 'job-catalog',
      values: { id: 'j1' },
    });
    expect(resolve('PUT', '/jobs/j1')?.rpc).toBe('/chrono.catalog.v1.JobService/UpdateJob');
    expect(resolve('DELETE', '/jobs/j1')?.rpc).toBe('/chrono.catalog.v1.JobService/DeleteJob');
    expect(resolve('POST', '/jobs/j1/cancel')?.rpc).toBe('/chrono.catalog.v1.JobService/CancelJob');
    expect(resolve('POST', '/jobs/j1/reschedule')?.rpc).toBe('/chrono.catalog.v1.JobService/RescheduleJob');
    expect(resolve('GET', '/jobs/j1/executions')?.rpc).toBe('/chrono.catalog.v1.JobService/ListJobExecutions');
    expect(resolve('GET', '/jobs/j1/notifications')?.rpc).toBe(
      '/chrono.catalog.v1.JobService/ListNotificationDeliveries',
    );
    expect(resolve('GET', '/notification-secret')?.rpc).toBe('/chrono.catalog.v1.JobService/GetNotificationSecret');
    expect(resolve('POST', '/notification-secret:rotate')?.rpc).toBe(
      '/chrono.catalog.v1.JobService/RotateNotificationSecret',
    );
    expect(resolve('POST', '/jobs/j1/trigger')).toEqual({
      rpc: '/chrono.scheduler.v1.SchedulerService/TriggerNow',
      upstream: 'scheduler',
      values: { id: 'j1' },
    });
    expect(resolve('GET', '/handlers')?.upstream).toBe('executor');
  });

  it('has no route for an unknown path or a method the path does not take', () => {
    expect(resolve('GET', '/nothing')).toBeUndefined();
    expect(resolve('PATCH', '/jobs/j1')).toBeUndefined();
    expect(resolve('GET', '/jobs/j1/cancel')).toBeUndefined();
    expect(resolve('GET', '/jobs/')).toBeUndefined();
  });

  it('refuses a service the descriptor set lacks, as Envoy does at start-up', () => {
    expect(() => new RouteTable(registry, [{ name: 'x', service: 'chrono.nope.v1.NopeService' }])).toThrow(
      "Could not find 'chrono.nope.v1.NopeService' in the proto descriptor",
    );
  });

  it('finds every method of the public services annotated', () => {
    expect(
      RouteTable.unannotated(
        registry,
        upstreams.map((u) => u.service),
      ),
    ).toEqual([]);
    expect(RouteTable.unannotated(registry, ['grpc.health.v1.Health'])).toEqual(
      expect.arrayContaining(['grpc.health.v1.Health.Check', 'grpc.health.v1.Health.Watch']),
    );
  });
});
