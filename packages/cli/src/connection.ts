import { readFileSync } from 'node:fs';
import { ChronoClient } from '@chrono/client';
import { readConfig, writeConfig, type StoredConfig } from './config-file';
import { parseDuration } from './durations';

/** The options every command takes (see program.ts). */
export interface GlobalOptions {
  output: 'table' | 'json' | 'yaml';
  authUrl?: string;
  jobCatalogUrl?: string;
  schedulerUrl?: string;
  tls?: boolean;
  ca?: string;
  deadline?: string;
  apiKey?: string;
}

/** Each address from its flag, then its variable, then the config file; the client's default (localhost) last. */
export function addressesOf(options: GlobalOptions, env: NodeJS.ProcessEnv, config: StoredConfig) {
  return {
    auth: options.authUrl ?? env.CHRONO_AUTH_URL ?? config.authUrl,
    jobCatalog: options.jobCatalogUrl ?? env.CHRONO_JOB_CATALOG_URL ?? config.jobCatalogUrl,
    scheduler: options.schedulerUrl ?? env.CHRONO_SCHEDULER_URL ?? config.schedulerUrl,
  };
}

/** A client for the command: the addresses, TLS and deadline of the options, and the stored token unless `signedOut`. */
export function connect(options: GlobalOptions, { signedOut = false } = {}): ChronoClient {
  const env = process.env;
  const config = readConfig();
  const caFile = options.ca ?? env.CHRONO_CA_FILE;
  const tls = options.tls || env.CHRONO_TLS === '1' || caFile !== undefined;
  return new ChronoClient({
    addresses: addressesOf(options, env, config),
    tls: tls && { ca: caFile === undefined ? undefined : readFileSync(caFile) },
    // An API key (a service's identity) takes the place of the stored session.
    apiKey: signedOut ? undefined : (options.apiKey ?? env.CHRONO_API_KEY) || undefined,
    token: signedOut ? undefined : config.token,
    refreshToken: signedOut ? undefined : config.refreshToken,
    // Each refresh token works once: the new pair must be kept, or the next command could not renew.
    onTokens: ({ accessToken, refreshToken }) => writeConfig({ ...readConfig(), token: accessToken, refreshToken }),
    deadlineMs: options.deadline === undefined ? undefined : parseDuration(options.deadline, '--deadline'),
  });
}
