import type { EnvReader } from './env-reader';

/** A NATS user and password (the server's `authorization` users; deploy/README.md lists chrono's). */
export interface NatsCredentials {
  user: string;
  password: string;
}

/**
 * The credentials a pair of settings gives: none when both are unset (a server without users, as on
 * development machines), and a stop naming the missing one when only one is set.
 */
export function natsCredentials(
  env: EnvReader,
  names: [userVariable: string, passwordVariable: string],
  user: string | undefined,
  password: string | undefined,
): NatsCredentials | undefined {
  if (user === undefined && password === undefined) return undefined;
  if (user === undefined || password === undefined) {
    env.fail(`${names[0]} and ${names[1]} go together: set both, or neither for a NATS server without users`);
    return undefined;
  }
  return { user, password };
}
