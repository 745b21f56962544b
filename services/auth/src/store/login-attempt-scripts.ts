// The Lua scripts of RedisLoginThrottle. Each runs atomically in Redis, so that replicas and attempts
// sent at once all see each other's counts.

/**
 * Counts one attempt, or refuses it. KEYS: the (email, address) counter, the address counter, the
 * email's hash {failures, next}. ARGV: the (email, address) limit, the address limit, the email
 * failures after which attempts are spaced out, the first delay and the longest (ms), the counting
 * window (ms), now (ms). Returns {0, 0} when counted, else {which limit (1 pair, 2 address, 3 email),
 * ms until an attempt may come}. A refused attempt is not counted, so waiting out a lockout works.
 */
export const ADMIT_LOGIN = `
local maxPair, maxAddress, delayAfter = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local firstDelay, maxDelay, window, now = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if tonumber(redis.call('GET', KEYS[1]) or 0) >= maxPair then return {1, redis.call('PTTL', KEYS[1])} end
if tonumber(redis.call('GET', KEYS[2]) or 0) >= maxAddress then return {2, redis.call('PTTL', KEYS[2])} end
local email = redis.call('HMGET', KEYS[3], 'failures', 'next')
local failures, nextAt = tonumber(email[1]) or 0, tonumber(email[2]) or 0
if failures >= delayAfter and now < nextAt then return {3, nextAt - now} end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  -- NX: the window starts at the first attempt and is not pushed back by later ones.
  redis.call('PEXPIRE', KEYS[i], window, 'NX')
end
failures = redis.call('HINCRBY', KEYS[3], 'failures', 1)
if failures >= delayAfter then
  local delay = math.min(maxDelay, firstDelay * 2 ^ (failures - delayAfter))
  redis.call('HSET', KEYS[3], 'next', math.floor(now + delay))
end
redis.call('PEXPIRE', KEYS[3], window, 'NX')
return {0, 0}
`;

/**
 * A right password: forgets the (email, address) counter and takes the attempt back from the address
 * and email counts, which then hold failures only. Same KEYS as ADMIT_LOGIN.
 */
export const LOGIN_SUCCEEDED = `
redis.call('DEL', KEYS[1])
-- Counters back at zero go, so that a client that only ever signs in leaves nothing behind.
if tonumber(redis.call('GET', KEYS[2]) or 0) > 0 and redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
if tonumber(redis.call('HGET', KEYS[3], 'failures') or 0) > 0 and redis.call('HINCRBY', KEYS[3], 'failures', -1) <= 0 then
  redis.call('DEL', KEYS[3])
end
return 0
`;
