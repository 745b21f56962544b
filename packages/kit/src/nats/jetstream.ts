import {
  AckPolicy,
  connect,
  DeliverPolicy,
  DiscardPolicy,
  headers,
  JSONCodec,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type PubAck,
  type StreamConfig,
} from 'nats';
import type { NatsSettings } from '../config/common-settings';
import { StartupError } from '../lifecycle/run-service';
import { encodeMessage, type MessageEncoder } from '../protobuf/encode-message';
import { TRACE_PARENT_HEADER } from '../tracing/trace-parent';

export type { JetStreamClient, JetStreamManager, NatsConnection, PubAck } from 'nats';

/** The header that names the protobuf message type of an event. */
export const TYPE_HEADER = 'Chrono-Type';

/**
 * Connects to NATS (as the settings' user, if any) and keeps reconnecting forever after a loss; an
 * unreachable server, or one that refuses the user, at start-up is a StartupError naming it.
 */
export async function connectNats(settings: NatsSettings, name: string): Promise<NatsConnection> {
  try {
    // noAsyncTraces: nats.js otherwise builds an Error (a stack trace) for every request and publish ack, a sixth of a busy executor's CPU.
    return await connect({
      servers: settings.servers,
      name,
      ...(settings.credentials && { user: settings.credentials.user, pass: settings.credentials.password }),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 3000,
      pingInterval: 10_000,
      noAsyncTraces: true,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'AUTHORIZATION_VIOLATION')
      throw new StartupError(
        `NATS at ${settings.servers.join(', ')} refused ${settings.credentials ? `the user ${settings.credentials.user} (NATS_USER, NATS_PASSWORD)` : 'a connection without a user: set NATS_USER and NATS_PASSWORD'}`,
        error,
      );
    throw new StartupError(
      `cannot reach NATS at ${settings.servers.join(', ')}: ${(error as Error).message}. ` +
        'Start it with JetStream (for example `nats-server -js`) or set NATS_URL.',
      error,
    );
  }
}

/** A stream as the services need it; unset limits keep NATS defaults. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  /** `limits` keeps messages for every consumer; `workqueue` removes each once it is acked. */
  retention: 'limits' | 'workqueue';
  /** How long messages are kept, in ms (0: forever). */
  maxAgeMs?: number;
  /** How many bytes the stream may hold (-1: no limit). */
  maxBytes?: number;
  /** Once full: `old` drops the oldest messages (the default), `new` refuses new ones. */
  discard?: 'old' | 'new';
  /** How long a Nats-Msg-Id is remembered to drop duplicates, in ms (default 2 min). */
  duplicateWindowMs?: number;
  /** Copies kept in a JetStream cluster (default 1). */
  replicas?: number;
}

/**
 * Creates the stream, or updates it to the spec when it exists. Safe to call from every replica at once.
 * A server whose JetStream store cannot hold the stream's max_bytes is a StartupError (exit code 78) that says so.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  try {
    await createOrUpdateStream(jsm, spec);
  } catch (error) {
    if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== INSUFFICIENT_RESOURCES) throw error;
    throw new StartupError(
      `cannot create or update stream ${spec.name} with max_bytes ${spec.maxBytes ?? -1} (times ${spec.replicas ?? 1} replicas): the NATS server's JetStream ` +
        'store is too small for the streams it holds (each reserves its max_bytes). Raise max_file_store in the server configuration, or lower NATS_STREAM_MAX_BYTES.',
      error,
      78,
    );
  }
}

// JetStream's "insufficient storage resources available".
const INSUFFICIENT_RESOURCES = 10047;

async function createOrUpdateStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config: Partial<StreamConfig> = {
    name: spec.name,
    subjects: spec.subjects,
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: spec.replicas ?? 1,
    duplicate_window: nanos(spec.duplicateWindowMs ?? 120_000),
    max_age: nanos(spec.maxAgeMs ?? 0),
    max_bytes: spec.maxBytes ?? -1,
    discard: spec.discard === 'new' ? DiscardPolicy.New : DiscardPolicy.Old,
  };
  try {
    await jsm.streams.info(spec.name);
    await jsm.streams.update(spec.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config).catch(async (addError: unknown) => {
      // Another replica created it in between: fine, as long as it is there now.
      await jsm.streams.info(spec.name).catch(() => {
        throw addError;
      });
    });
  }
}

/** A durable pull consumer with explicit acks. */
export interface ConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects: string[];
  /** How long a delivered message may stay unacked before it is redelivered, in ms (default 30 s). */
  ackWaitMs?: number;
  /** Deliveries before a message is given up (-1: no limit, the default). */
  maxDeliver?: number;
  /** Unacked messages in flight across all pullers (default 1000). */
  maxAckPending?: number;
}

/** Creates or updates a durable consumer. Safe to call from every replica at once. */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(spec.ackWaitMs ?? 30_000),
    max_deliver: spec.maxDeliver ?? -1,
    max_ack_pending: spec.maxAckPending ?? 1000,
    ...(spec.filterSubjects.length === 1
      ? { filter_subject: spec.filterSubjects[0] }
      : { filter_subjects: spec.filterSubjects }),
  };
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    await jsm.consumers.update(spec.stream, spec.durable, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(spec.stream, config).catch(async (addError: unknown) => {
      await jsm.consumers.info(spec.stream, spec.durable).catch(() => {
        throw addError;
      });
    });
  }
}

/** A protobuf message type as ts-proto generates it. */
export interface MessageType<T> extends MessageEncoder<T> {
  decode(bytes: Uint8Array): T;
}

/**
 * Publishes an encoded protobuf message to JetStream with its type in the `Chrono-Type` header and
 * `msgId` as Nats-Msg-Id, so a re-publish within the duplicate window is dropped, and `traceParent`
 * (when tracing gives one) in the `traceparent` header. Resolves once the stream has stored it (or
 * recognised the duplicate).
 */
export async function publishMessage<T>(
  js: JetStreamClient,
  subject: string,
  typeName: string,
  type: MessageType<T>,
  message: T,
  msgId: string,
  traceParent?: string,
): Promise<PubAck> {
  return publishEncoded(js, subject, typeName, encodeMessage(type, message), msgId, traceParent);
}

/** publishMessage for a message already encoded (by a caller that checks its size first). */
export async function publishEncoded(
  js: JetStreamClient,
  subject: string,
  typeName: string,
  bytes: Uint8Array,
  msgId: string,
  traceParent?: string,
): Promise<PubAck> {
  const h = headers();
  h.set(TYPE_HEADER, typeName);
  if (traceParent) h.set(TRACE_PARENT_HEADER, traceParent);
  return js.publish(subject, bytes, { msgID: msgId, headers: h, timeout: 5000 });
}

const json = JSONCodec();

/** Encodes a JSON value for a subject that carries JSON rather than protobuf (dead letters). */
export function encodeJson(value: unknown): Uint8Array {
  return json.encode(value);
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { err_code?: number }; message?: string };
  return (
    e?.code === '404' ||
    e?.api_error?.err_code === 10059 ||
    e?.api_error?.err_code === 10014 ||
    /not found/i.test(e?.message ?? '')
  );
}
