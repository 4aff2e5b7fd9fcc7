/**
 * One reservation over every window of a key, atomically, in Redis.
 *
 * KEYS[1] = pause key, KEYS[2..n+1] = one sorted set per window (score = epoch ms, member = `id|cost`).
 * ARGV = now ('' ⇒ Redis TIME), cost, id, n, then per window: type (`s` sliding / `f` fixed), id, limit,
 * periodMs or start, end (fixed only; 0 for sliding).
 * Returns { ok (1/0), now, retryAt (-1 = never), blockedBy }.
 */
export const RESERVE_SCRIPT = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
local cost = tonumber(ARGV[2])
local member = ARGV[3] .. '|' .. ARGV[2]
local n = tonumber(ARGV[4])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then return {0, now, paused, 'pause'} end
local retryAt = now
local blocked = ''
for i = 1, n do
  local base = 4 + (i - 1) * 5
  local kind = ARGV[base + 1]
  local wid = ARGV[base + 2]
  local limit = tonumber(ARGV[base + 3])
  local a = tonumber(ARGV[base + 4])
  local b = tonumber(ARGV[base + 5])
  local key = KEYS[i + 1]
  local floor = a - 1
  if kind == 's' then floor = now - a end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', floor)
  if cost > limit then return {0, now, -1, wid} end
  local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local used = 0
  for j = 1, #entries, 2 do used = used + tonumber(string.match(entries[j], '|(%d+)$')) end
  local excess = used + cost - limit
  local at = now
  if excess > 0 then
    if kind == 'f' then
      at = b
    else
      at = now + a
      local freed = 0
      for j = 1, #entries, 2 do
        freed = freed + tonumber(string.match(entries[j], '|(%d+)$'))
        if freed >= excess then
          at = tonumber(entries[j + 1]) + a
          break
        end
      end
    end
  end
  if at > retryAt then
    retryAt = at
    blocked = wid
  end
end
if blocked ~= '' then return {0, now, retryAt, blocked} end
for i = 1, n do
  local base = 4 + (i - 1) * 5
  local key = KEYS[i + 1]
  local ttl = tonumber(ARGV[base + 4])
  if ARGV[base + 1] == 'f' then ttl = tonumber(ARGV[base + 5]) - now end
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.max(1, ttl) + 60000)
end
return {1, now, 0, ''}
`;

/** Extends the pause of a key. KEYS[1] = pause key; ARGV = now ('' ⇒ TIME), ms. Returns the pause end. */
export const PAUSE_SCRIPT = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
local untilMs = now + tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', math.max(1, untilMs - now) + 60000)
return untilMs
`;

/**
 * Re-stamps a reservation at now (never earlier) in every window. KEYS = window keys; ARGV = now ('' ⇒ TIME),
 * member (`id|cost`), then one TTL base per window (periodMs, or the fixed window's length).
 */
export const SETTLE_SCRIPT = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
for i = 1, #KEYS do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[2])
  if score and tonumber(score) < now then
    redis.call('ZADD', KEYS[i], 'XX', now, ARGV[2])
    redis.call('PEXPIRE', KEYS[i], math.max(1, tonumber(ARGV[i + 2])) + 60000)
  end
end
return 1
`;
