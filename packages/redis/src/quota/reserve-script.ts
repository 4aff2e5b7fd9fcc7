/**
 * One reservation over every window of a key, atomically, in Redis.
 *
 * KEYS[1] = pause key, KEYS[2..n+1] = one sorted set per window (score = epoch ms, member = `id|cost`).
 * ARGV = now ('' ⇒ Redis TIME), cost, id, n, then per window: type (`s` sliding / `f` fixed), id, limit,
 * periodMs or start, end (fixed only; 0 for sliding).
 * Returns { ok (1/0), now, retryAt (-1 = never), blockedBy }. Idempotent per id: a reservation the id already
 * holds is answered ok without a second entry.
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
-- A reservation this id already holds (the same request sent again after its answer was lost: ioredis re-sends
-- unanswered commands on reconnect) is granted as it stands, never counted twice nor refused by itself.
if n > 0 and redis.call('ZSCORE', KEYS[2], member) then return {1, now, 0, ''} end
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
  if cost > limit then return {0, now, -1, wid} end
  local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local count = #entries / 2
  -- Keep the newest entries that fill the limit whatever the clock says (a clock that jumps forward and back
  -- finds the spent window again); drop the older ones that no longer count.
  local kept = count
  local filled = 0
  while kept > 0 and filled < limit do
    filled = filled + tonumber(string.match(entries[2 * kept - 1], '|(%d+)$'))
    kept = kept - 1
  end
  local first = 0
  while first < count and tonumber(entries[2 * first + 2]) <= floor do first = first + 1 end
  local drop = math.min(kept, first)
  if drop > 0 then redis.call('ZREMRANGEBYRANK', key, 0, drop - 1) end
  local used = 0
  for e = first + 1, count do used = used + tonumber(string.match(entries[2 * e - 1], '|(%d+)$')) end
  local excess = used + cost - limit
  local at = now
  if excess > 0 then
    if kind == 'f' then
      at = b
    else
      at = now + a
      local freed = 0
      for e = first + 1, count do
        freed = freed + tonumber(string.match(entries[2 * e - 1], '|(%d+)$'))
        if freed >= excess then
          at = tonumber(entries[2 * e]) + a
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
  -- Kept one more window after its entries stop counting (like the memory store), so a clock that jumps
  -- forward by less than a window and back still finds them.
  local ttl = 2 * tonumber(ARGV[base + 4])
  if ARGV[base + 1] == 'f' then
    local start = tonumber(ARGV[base + 4])
    local stop = tonumber(ARGV[base + 5])
    ttl = math.max(0, stop - now) + (stop - start)
  end
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.max(1, ttl) + 60000)
end
return {1, now, 0, ''}
`;

/**
 * Extends the pause of a key. KEYS[1] = pause key; ARGV = now ('' ⇒ TIME), ms, max ms. A NaN or negative ms
 * pauses nothing and a larger one than max is cut to max (the store already clamps; this guards the script).
 * Returns the pause end.
 */
export const PAUSE_SCRIPT = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
local ms = tonumber(ARGV[2]) or 0
if ms ~= ms or ms < 0 then ms = 0 end
local max = tonumber(ARGV[3]) or 0
if ms > max then ms = max end
local untilMs = now + ms
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', math.max(1, untilMs - now) + 60000)
return untilMs
`;

/**
 * Re-stamps a reservation at now (never earlier) in every window. KEYS = window keys; ARGV = now ('' ⇒ TIME),
 * member (`id|cost`), then one TTL base per window (periodMs, or the fixed window's length); a window key is kept
 * for twice its base (plus a minute) after the last settle, like after a reservation.
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
    redis.call('PEXPIRE', KEYS[i], 2 * math.max(1, tonumber(ARGV[i + 2])) + 60000)
  end
end
return 1
`;
