/**
 * The Redis ACL user of each service and the keys it may touch: its own prefix, a rate-limit bucket it
 * shares on purpose (job-catalog's and the scheduler's writes count against one budget per user), and
 * auth's session revocations, which every token check reads but only auth writes. The deploy files
 * are generated from these (scripts/access-files.js); tests set the same rules on a real Redis.
 */
export interface RedisUser {
  /** The user name (REDIS_USERNAME of the service). */
  user: string;
  /** Where the deploy files take its password from (an environment variable of the Redis server). */
  passwordVariable: string;
  /** Key patterns it may read and write. */
  keys: readonly string[];
  /** Key patterns it may only read. */
  readKeys: readonly string[];
}

const REVOCATIONS = 'auth:revoked:*';

export const redisUsers: readonly RedisUser[] = [
  { user: 'auth', passwordVariable: 'AUTH_REDIS_PASSWORD', keys: ['auth:*'], readKeys: [] },
  {
    user: 'job-catalog',
    passwordVariable: 'JOB_CATALOG_REDIS_PASSWORD',
    keys: ['catalog:*', 'rate:writes:*'],
    readKeys: [REVOCATIONS],
  },
  {
    user: 'scheduler',
    passwordVariable: 'SCHEDULER_REDIS_PASSWORD',
    keys: ['rate:writes:*', 'rate:previews:*'],
    readKeys: [REVOCATIONS],
  },
  { user: 'executor', passwordVariable: 'EXECUTOR_REDIS_PASSWORD', keys: [], readKeys: [REVOCATIONS] },
];

/**
 * The commands every service may run: reads and writes of data, its own connection, scripts (the
 * login and rate-limit scripts; Redis checks each call inside against the keys above) and INFO
 * (ioredis' ready check); nothing that spans the keyspace or administers the server.
 */
const COMMANDS = '-@all +@read +@write +@connection +eval +evalsha -@dangerous -@admin -function +info';

/**
 * The ACL rule of `user` after its name (`ACL SETUSER <name> <rule>`, or `--user "<name> <rule>"`),
 * with `password` as written (a literal, or a shell variable) and `prefix` (REDIS_KEY_PREFIX) before
 * every key pattern.
 */
export function redisAclRule(entry: RedisUser, password: string, prefix = ''): string {
  const keys = [...entry.keys.map((key) => `~${prefix}${key}`), ...entry.readKeys.map((key) => `%R~${prefix}${key}`)];
  return ['on', `>${password}`, 'resetkeys', ...keys, 'resetchannels', COMMANDS].join(' ');
}

/**
 * The arguments of redis-server that add the services' users, each password as a shell variable
 * (`${AUTH_REDIS_PASSWORD}`), for a shell to expand: redis-server reads the words after `--user` as the
 * words of the rule, each its own argument.
 */
export function redisUserArguments(users: readonly RedisUser[] = redisUsers): string[] {
  return users.flatMap((entry) => [
    '--user',
    entry.user,
    ...redisAclRule(entry, `\${${entry.passwordVariable}}`).split(' '),
  ]);
}

/**
 * A shell script that starts redis-server with the arguments it is given and the services' users,
 * their passwords from the environment (an unset one stops it).
 */
export function redisUsersScript(users: readonly RedisUser[] = redisUsers): string {
  const lines: string[][] = [];
  for (const word of redisUserArguments(users)) {
    if (word === '--user') lines.push([]);
    lines[lines.length - 1].push(`"${word}"`);
  }
  return [
    '#!/bin/sh',
    '# Generated from packages/contracts/src/access by `npm run access-files`; do not edit.',
    "# redis-server with the arguments given, and the services' ACL users; passwords from the environment",
    '# (no spaces in them). The default user stays the administrator (--requirepass).',
    'set -eu',
    'exec redis-server "$@" \\',
    lines.map((words) => `  ${words.join(' ')}`).join(' \\\n'),
    '',
  ].join('\n');
}
