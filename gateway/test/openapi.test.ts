import { GatewayProcess } from '@chrono/testkit';
import { descriptorSetPath } from '@chrono/contracts';
import { loadRegistry } from '../src/descriptor/load-registry';
import { httpBindingsOf, httpRuleExtension } from '../src/routing/http-rules';
import { PathTemplate } from '../src/routing/path-template';

// The OpenAPI document the running gateway serves, checked against the annotations themselves.
describe('OpenAPI document', () => {
  let gateway: GatewayProcess;
  let document: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

  beforeAll(async () => {
    gateway = await GatewayProcess.start();
    const response = await fetch(`${gateway.url}/api/openapi.json`);
    expect(response.headers.get('content-type')).toBe('application/json');
    document = (await response.json()) as typeof document;
  });

  afterAll(() => gateway?.stop());

  it('lists every REST path and verb of every annotated RPC in the descriptor set, and nothing else', () => {
    const registry = loadRegistry(descriptorSetPath);
    const extension = httpRuleExtension(registry);
    const annotated: string[] = [];
    for (const file of registry.files) {
      for (const service of file.services) {
        for (const method of service.methods) {
          for (const binding of httpBindingsOf(method, extension))
            annotated.push(`${binding.verb} ${PathTemplate.parse(binding.path).openApiPath}`);
        }
      }
    }
    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((verb) => `${verb.toUpperCase()} ${path}`),
    );
    expect(annotated.length).toBeGreaterThanOrEqual(15);
    expect(listed.sort()).toEqual(annotated.sort());
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /auth/register',
        'GET /jobs',
        'GET /jobs/{id}/executions',
        'POST /jobs/{id}/pause',
        'POST /jobs/{id}/resume',
        'GET /.well-known/jwks.json',
      ]),
    );
  });

  it('describes operations and fields with the proto comments', () => {
    const listJobs = document.paths['/jobs'].get;
    expect(listJobs.description).toBe("ListJobs returns the caller's jobs, newest first, filtered and paginated.");
    expect(listJobs.tags).toEqual(['JobService']);
    const status = listJobs.parameters.find((parameter: { name: string }) => parameter.name === 'status');
    expect(status).toMatchObject({
      in: 'query',
      schema: { type: 'string' },
      description: expect.stringContaining('"pending", "running"'),
    });
    expect(listJobs.parameters.map((parameter: { name: string }) => parameter.name)).toEqual([
      'status',
      'type',
      'fromDate',
      'toDate',
      'page',
      'limit',
      'name',
    ]);
    expect(document.components.schemas['chrono.catalog.v1.Job'].description).toMatch(/^Job is a unit of work/);
  });

  it('binds path parameters, leaves them out of the body, and maps well-known types to their JSON forms', () => {
    const update = document.paths['/jobs/{id}'].put;
    expect(update.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string' }),
      }),
    ]);
    const body = update.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).not.toContain('id');
    expect(body.properties.scheduledAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(body.properties.payload).toMatchObject({ type: 'object', additionalProperties: true });
    expect(body.properties.catchUpWindow).toMatchObject({ type: 'string' });
    expect(body.properties.overlapPolicy).toMatchObject({ type: 'string' });
    expect(body.properties.overlapPolicy.description).toContain('cancel_previous');
    const job = document.components.schemas['chrono.catalog.v1.Job'];
    expect(job.properties.result).not.toHaveProperty('type');
    expect(job.properties.maxRetries).toMatchObject({ type: 'integer', format: 'int32' });
    expect(document.components.schemas['chrono.auth.v1.RegisterResponse'].properties).toHaveProperty('access_token');
    expect(document.paths['/jobs/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/chrono.catalog.v1.Job',
    });
  });
});
