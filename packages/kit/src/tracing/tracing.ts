import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let provider: NodeTracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * Whether this process exports traces. The one check every traced path makes first: with tracing off,
 * nothing else of it runs (no span, no context lookup, no header).
 */
export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

/** The process's tracer; only to be called once tracingEnabled() said yes. */
export function chronoTracer(): Tracer {
  if (!tracer) throw new Error('tracing is off');
  return tracer;
}

/**
 * Whether the OTEL_* variables ask for traces: an OTLP endpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT), unless OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return (
    Boolean(endpoint) && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' && env.OTEL_TRACES_EXPORTER !== 'none'
  );
}

/**
 * Starts exporting traces over OTLP/HTTP (JSON) when tracingRequested(); resolves nothing and costs
 * nothing otherwise. The SDK reads the other OTEL_* variables itself: the endpoint and its headers and
 * timeout, OTEL_TRACES_SAMPLER(_ARG) (default parentbased_always_on), OTEL_BSP_* (batching, default 5 s
 * delay), OTEL_SERVICE_NAME (default `serviceName`) and OTEL_RESOURCE_ATTRIBUTES. Registers W3C trace
 * context propagation and the AsyncLocalStorage context manager. Returns whether tracing is on.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (tracer || !tracingRequested(env)) return tracingEnabled();
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  tracer = trace.getTracer('chrono');
  return true;
}

/** Exports the spans still buffered and stops tracing (at the end of a graceful stop). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  tracer = undefined;
  // Spans that cannot be exported at exit are not worth a failed stop.
  await stopping?.shutdown().catch(() => undefined);
}
