import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/**
 * The process's one Prometheus registry: everything the process measures is registered here, and
 * the metrics server (`startMetricsServer`) serves it at `/metrics`.
 */
export const metricsRegistry = new Registry();

/**
 * Latency buckets in seconds, from 1 ms to 10 s: Prometheus' defaults (5 ms to 10 s) with 1 ms and
 * 2.5 ms added, since most RPCs here answer within a few milliseconds.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// The factories below register in metricsRegistry, so a metric cannot be left out of /metrics by
// forgetting `registers`. Name the system's own metrics `chrono_...` and keep labels bounded: never
// a job id, user id or URL.

/** A counter in the process's registry. */
export function counter<L extends string>(configuration: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return new Counter({ ...configuration, registers: [metricsRegistry] });
}

/** A gauge in the process's registry; give it `collect` to read its value at scrape time. */
export function gauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
  return new Gauge({ ...configuration, registers: [metricsRegistry] });
}

/** A histogram in the process's registry (buckets default to LATENCY_BUCKETS, in seconds). */
export function histogram<L extends string>(configuration: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return new Histogram({ buckets: LATENCY_BUCKETS, ...configuration, registers: [metricsRegistry] });
}

/**
 * Defers creating a process's metrics to their first use, so that a process only lists the metrics
 * of the parts it runs (the gateway no outbox gauges, a service no HTTP histograms).
 */
export function lazily<T>(create: () => T): () => T {
  let created: T | undefined;
  return () => (created ??= create());
}
