/**
 * Lua run atomically by Redis for the shared state store. All keys share one hash tag, so that on a cluster they
 * live in one slot; the in-flight scripts read the hashes of the other live replicas by name.
 */

/** KEYS: cooldowns. ARGV: field, until, reason, channel, message. Never shortens; announces only a longer rest. */
export const COOL_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local currentUntil = tonumber(string.match(current, '^(%d+)'))
  if currentUntil and currentUntil >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`;

/** KEYS: statuses, cooldowns. ARGV: keyId, status JSON ('' reinstates), key-wide cooldown field, channel, message. */
export const STATUS_SCRIPT = `
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`;

/**
 * KEYS: replicas, this replica's in-flight hash. ARGV: replica id, key field, model field, delta, now,
 * live-after, ttl ms, in-flight hash prefix, channel, message ('' publishes nothing).
 * Returns what the other live replicas have in flight {key, model}.
 */
export const IN_FLIGHT_SCRIPT = `
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
local delta = tonumber(ARGV[4])
for _, field in ipairs({ARGV[2], ARGV[3]}) do
  local value = redis.call('HINCRBY', KEYS[2], field, delta)
  if value <= 0 then redis.call('HDEL', KEYS[2], field) end
end
redis.call('PEXPIRE', KEYS[2], ARGV[7])
local othersOnKey, othersOnModel = 0, 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[6], '+inf')) do
  if id ~= ARGV[1] then
    local values = redis.call('HMGET', ARGV[8] .. id, ARGV[2], ARGV[3])
    othersOnKey = othersOnKey + (tonumber(values[1]) or 0)
    othersOnModel = othersOnModel + (tonumber(values[2]) or 0)
  end
end
if ARGV[10] ~= '' then redis.call('PUBLISH', ARGV[9], ARGV[10]) end
return {othersOnKey, othersOnModel}
`;

/** KEYS: replicas. ARGV: replica id, live-after, in-flight hash prefix, fields… Returns the others' sum per field. */
export const READ_IN_FLIGHT_SCRIPT = `
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
local sums = {}
for i = 1, #fields do sums[i] = 0 end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf')) do
  if id ~= ARGV[1] then
    local values = redis.call('HMGET', ARGV[3] .. id, unpack(fields))
    for i = 1, #fields do sums[i] = sums[i] + (tonumber(values[i]) or 0) end
  end
end
return sums
`;

/**
 * KEYS: quota hash of one key and period. ARGV: requests, tokens, expire-at ms, channel, message prefix.
 * Returns the totals, and publishes them so that every replica sees a quota run out, not only the one that used
 * the last of it.
 */
export const QUOTA_SCRIPT = `
local requests = redis.call('HINCRBY', KEYS[1], 'requests', ARGV[1])
local tokens = redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5] .. requests .. ',"tokens":' .. tokens .. '}}')
return {requests, tokens}
`;

/** KEYS: cooldowns, statuses. ARGV: now. Drops expired cooldowns and returns {cooldowns, statuses} as flat pairs. */
export const LOAD_SCRIPT = `
local live = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local untilMs = tonumber(string.match(entries[i + 1], '^(%d+)'))
  if untilMs and untilMs > tonumber(ARGV[1]) then
    live[#live + 1] = entries[i]
    live[#live + 1] = entries[i + 1]
  else
    redis.call('HDEL', KEYS[1], entries[i])
  end
end
return {live, redis.call('HGETALL', KEYS[2])}
`;

/** KEYS: cooldowns. ARGV: key field prefix ("<keyId>\n"), channel, message. Drops the key's rests and announces it. */
export const RESET_SCRIPT = `
local fields = redis.call('HKEYS', KEYS[1])
for _, field in ipairs(fields) do
  if string.sub(field, 1, #ARGV[1]) == ARGV[1] then redis.call('HDEL', KEYS[1], field) end
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`;

/** KEYS: limits. ARGV: keyId, seenAt, JSON. Keeps the later sighting. */
export const LIMITS_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local seenAt = tonumber(string.match(current, '"seenAt":(%d+)'))
  if seenAt and seenAt >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;
