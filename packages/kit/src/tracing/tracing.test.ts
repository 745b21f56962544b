import { currentTraceParent } from './spans';
import { tracingEnabled, tracingRequested } from './tracing';

describe('turning tracing on', () => {
  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
  ])('%j asks for traces: %s', (env, requested) => {
    expect(tracingRequested(env)).toBe(requested);
  });

  it('is off until started, and then nothing carries a trace context', () => {
    expect(tracingEnabled()).toBe(false);
    expect(currentTraceParent()).toBeUndefined();
  });
});
