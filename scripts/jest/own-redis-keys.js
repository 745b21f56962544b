/**
 * Runs before each test file (jest `setupFiles`): the services that file starts put a prefix of
 * their own before every Redis key. Login-failure counters, rate-limit buckets and idempotency keys
 * then never carry over from another test file, or from a run a few minutes earlier, on the
 * shared Redis. Jest gives each test file its own copy of process.env, so the prefix stays with it.
 */
const { randomUUID } = require('node:crypto');

process.env.REDIS_KEY_PREFIX = `test:${randomUUID()}:`;

// Test files register many accounts, all from 127.0.0.1; the registration limit has tests of its own
// (services/auth/test/registration-limit.test.ts), which set low values explicitly.
process.env.REGISTER_MAX_PER_ADDRESS ??= '1000000';
process.env.REGISTER_MAX_TOTAL ??= '100000000';
