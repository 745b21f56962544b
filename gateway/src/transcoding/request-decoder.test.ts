import { toJson, type DescMessage } from '@bufbuild/protobuf';
import { descriptorSetPath } from '@chrono/contracts';
import { loadRegistry } from '../descriptor/load-registry';
import { GatewayError } from '../gateway-error';
import type { HttpBinding } from '../routing/http-rules';
import { decodeRequest } from './request-decoder';

const registry = loadRegistry(descriptorSetPath);
const type = (name: string) => registry.getMessage(name) as DescMessage;

function decode(
  typeName: string,
  binding: Partial<HttpBinding>,
  { path = {}, query = '', body = '' }: { path?: Record<string, string>; query?: string; body?: string },
) {
  const input = type(typeName);
  const message = decodeRequest(
    input,
    { verb: 'POST', path: '/x', body: '', ...binding },
    { pathValues: new Map(Object.entries(path)), query: new URLSearchParams(query), body: Buffer.from(body) },
    registry,
  );
  return toJson(input, message, { registry });
}

function decodeError(...args: Parameters<typeof decode>): GatewayError {
  try {
    decode(...args);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('decodeRequest', () => {
  it('reads query parameters by proto or JSON name, converting numbers from decimal', () => {
    expect(
      decode(
        'chrono.catalog.v1.ListJobsRequest',
        {},
        { query: 'status=pending&from_date=2026-01-01&toDate=2026-02-01&page=2&limit=10' },
      ),
    ).toEqual({
      status: 'pending',
      fromDate: '2026-01-01',
      toDate: '2026-02-01',
      page: 2,
      limit: 10,
    });
  });

  it('binds path variables and then the body for body "*", with Timestamps, Structs and nested messages', () => {
    const json = decode(
      'chrono.catalog.v1.UpdateJobRequest',
      { body: '*' },
      {
        path: { id: 'j1' },
        body: JSON.stringify({
          name: 'n',
          scheduled_at: '2026-01-20T10:00:00Z',
          payload: { a: [1, 'x'] },
          target: { http: { url: 'https://x.test', headers: { k: 'v' } } },
        }),
      },
    );
    expect(json).toEqual({
      id: 'j1',
      name: 'n',
      scheduledAt: '2026-01-20T10:00:00Z',
      payload: { a: [1, 'x'] },
      target: { http: { url: 'https://x.test', headers: { k: 'v' } } },
    });
  });

  it('ignores unknown body fields at any depth, as Envoy does', () => {
    const json = decode(
      'chrono.catalog.v1.CreateJobRequest',
      { body: '*' },
      { body: JSON.stringify({ name: 'n', extra: 1, target: { http: { url: 'u', bogus: true } } }) },
    );
    expect(json).toEqual({ name: 'n', target: { http: { url: 'u' } } });
  });

  it('treats an empty body as an empty message', () => {
    expect(decode('chrono.catalog.v1.CancelJobRequest', { body: '*' }, { path: { id: 'j1' } })).toEqual({ id: 'j1' });
  });

  it('binds a Timestamp and a repeated field from the query string', () => {
    const json = decode(
      'chrono.scheduler.v1.PreviewRunsRequest',
      {},
      { query: 'start=2026-01-01T00:00:00Z&count=3&recurrencePattern=daily' },
    );
    expect(json).toEqual({ start: '2026-01-01T00:00:00Z', count: 3, recurrencePattern: 'daily' });
    const list = decode('chrono.auth.v1.GetJwksResponse', {}, {});
    expect(list).toEqual({});
  });

  it('rejects with 400 and the field name: bad types, bad timestamps, unknown query parameters, bad JSON', () => {
    expect(decodeError('chrono.catalog.v1.ListJobsRequest', {}, { query: 'page=two' }).message).toMatch(
      /^invalid value for "page": .*ListJobsRequest.page/,
    );
    expect(
      decodeError('chrono.catalog.v1.RescheduleJobRequest', { body: '*' }, { body: '{"scheduledAt":"tomorrow"}' })
        .message,
    ).toBe(
      'invalid value for "scheduledAt": cannot decode message google.protobuf.Timestamp from JSON: invalid RFC 3339 string',
    );
    // A date that does not exist is refused rather than rolled over into the next month.
    for (const scheduledAt of [
      '2026-02-30T10:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-01-01T24:00:00Z',
    ]) {
      expect(
        decodeError('chrono.catalog.v1.RescheduleJobRequest', { body: '*' }, { body: JSON.stringify({ scheduledAt }) })
          .message,
      ).toBe(`invalid value for "scheduledAt": ${scheduledAt} is not a valid RFC 3339 time`);
    }
    expect(
      decode(
        'chrono.catalog.v1.RescheduleJobRequest',
        { body: '*' },
        { body: '{"scheduledAt":"2028-02-29T23:59:59.5+02:00"}' },
      ),
    ).toBeDefined();
    expect(
      decodeError(
        'chrono.catalog.v1.CreateJobRequest',
        { body: '*' },
        { body: '{"target":{"http":{"timeoutMs":"soon"}}}' },
      ).message,
    ).toMatch(/^invalid value for "target.http.timeoutMs": /);
    expect(decodeError('chrono.catalog.v1.ListJobsRequest', {}, { query: 'sort=name' }).message).toBe(
      'Could not find field "sort" in the type "chrono.catalog.v1.ListJobsRequest".',
    );
    expect(decodeError('chrono.auth.v1.LoginRequest', { body: '*' }, { query: 'email=a' }).httpStatus).toBe(400);
    const malformed = decodeError('chrono.auth.v1.LoginRequest', { body: '*' }, { body: '{"email":' });
    expect([malformed.httpStatus, malformed.message]).toEqual([
      400,
      expect.stringMatching(/^the request body is not valid JSON/),
    ]);
    expect(decodeError('chrono.auth.v1.LoginRequest', { body: '*' }, { body: '[1]' }).message).toBe(
      'the request body must be a JSON object',
    );
  });

  it('refuses a body that sets a field the path binds (reject_binding_body_field_collisions)', () => {
    expect(
      decodeError('chrono.catalog.v1.UpdateJobRequest', { body: '*' }, { path: { id: 'j1' }, body: '{"id":"j2"}' })
        .message,
    ).toBe('"id" is set by the path and must not be in the body');
  });

  it('reads a body bound to one field, other fields from the query', () => {
    const json = decode(
      'chrono.catalog.v1.CreateJobRequest',
      { body: 'payload' },
      { query: 'name=n', body: '{"k":"v"}' },
    );
    expect(json).toEqual({ name: 'n', payload: { k: 'v' } });
  });
});
