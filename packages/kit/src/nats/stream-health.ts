import { DiscardPolicy, type JetStreamManager } from 'nats';
import type { DependencyCheck } from '../grpc/dependency-health';

/** What a service does with a stream, for its health check. */
export interface StreamUse {
  stream: string;
  /** The largest message the service publishes to it, in bytes (0: it does not publish to it). */
  publishesBytes?: number;
  /** Its durable consumers on the stream; each must read the whole stream (no narrower filter). */
  durables?: string[];
}

/**
 * A health probe, named `stream <name>`, that fails with a message naming the stream when it is of no
 * use to the service: it refuses new messages because it is full (discard policy `new`, less room
 * than the largest message the service publishes), or it removed messages (at max_bytes or max_age)
 * that one of the service's durable consumers had not received yet.
 */
export function streamHealthCheck(jsm: JetStreamManager, use: StreamUse): DependencyCheck {
  return {
    name: `stream ${use.stream}`,
    check: async () => {
      const problem = await streamProblem(jsm, use);
      if (problem) throw new Error(problem);
    },
  };
}

/** What is wrong with the stream for this use, or undefined. */
export async function streamProblem(jsm: JetStreamManager, use: StreamUse): Promise<string | undefined> {
  const { config, state } = await jsm.streams.info(use.stream);
  const { stream } = use;
  if (config.discard === DiscardPolicy.New && (use.publishesBytes ?? 0) > 0) {
    if (config.max_bytes > 0 && state.bytes + (use.publishesBytes ?? 0) > config.max_bytes) {
      return `stream ${stream} is full: it holds ${state.bytes} of its ${config.max_bytes} bytes (max_bytes) and refuses new messages until its consumers take some`;
    }
    if (config.max_msgs > 0 && state.messages >= config.max_msgs) {
      return `stream ${stream} is full: it holds ${state.messages} of its ${config.max_msgs} messages (max_msgs) and refuses new ones until its consumers take some`;
    }
  }
  for (const durable of use.durables ?? []) {
    const missed = await messagesMissed(jsm, stream, durable, state.first_seq);
    if (missed > 0) {
      return `stream ${stream} removed ${missed} messages before consumer ${durable} received them: it reached its max_bytes (${config.max_bytes}) or max_age while the consumer was behind`;
    }
  }
  return undefined;
}

/**
 * How many messages the stream removed before `durable` received them: those between the last one
 * it delivered and the stream's first. (A new consumer starts just before the first message.)
 */
export async function messagesMissed(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  firstSeq?: number,
): Promise<number> {
  const first = firstSeq ?? (await jsm.streams.info(stream)).state.first_seq;
  const consumer = await jsm.consumers.info(stream, durable);
  return Math.max(0, first - 1 - consumer.delivered.stream_seq);
}
