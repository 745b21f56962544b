/**
 * Runs before each test file (jest `setupFiles`): the services that file starts put a prefix of
 * their own before every Redis key. Login-failure counters, rate-limit buckets and idempotency keys
 * then never carry over from another test file, or from a run a few minutes earlier, on the
 * shared Redis. Jest gives each test file its own copy of process.env, so the prefix stays with it.
 */
const { randomUUID } = require('node:crypto');

process.env.REDIS_KEY_PREFIX = `test:${randomUUID()}:`;
