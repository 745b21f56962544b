import type { NatsConnection } from '@chrono/kit';
import { headers as natsHeaders } from 'nats';
import type { NatsPublish } from '../domain/nats-handler';

/** Publishes on core NATS and resolves once the server has the message (a flush round trip). */
export function corePublisher(nc: NatsConnection): NatsPublish {
  return async (subject, data, headers) => {
    const h = natsHeaders();
    for (const [name, value] of Object.entries(headers)) h.set(name, value);
    nc.publish(subject, data, { headers: h });
    await nc.flush();
  };
}
