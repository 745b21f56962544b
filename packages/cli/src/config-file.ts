import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** What `chrono login` keeps between commands. */
export interface StoredConfig {
  /** The access token of the signed-in user. */
  token?: string;
  /** Its refresh token: the commands renew the access token with it (and keep the new pair) when it expires. */
  refreshToken?: string;
  /** Who signed in, for `whoami` without a call. */
  email?: string;
  /** Service addresses to use when neither a flag nor a variable gives one. */
  authUrl?: string;
  jobCatalogUrl?: string;
  schedulerUrl?: string;
}

/** `$CHRONO_CONFIG`, or `~/.config/chrono/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHRONO_CONFIG || path.join(homedir(), '.config', 'chrono', 'config.json');
}

export function readConfig(file = configPath()): StoredConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as StoredConfig;
  } catch {
    throw new Error(`${file} is not valid JSON; remove it or run chrono login again`);
  }
}

/** Writes the file readable by its owner only (0600): it holds a token. */
export function writeConfig(config: StoredConfig, file = configPath()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only to a new file; an older one may have been made with wider bits.
  chmodSync(file, 0o600);
}

export function removeConfig(file = configPath()): void {
  rmSync(file, { force: true });
}
