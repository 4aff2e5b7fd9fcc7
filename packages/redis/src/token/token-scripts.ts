/**
 * Versioned compare-and-set of one token record. KEYS[1] = the record hash; ARGV[1] = expected version
 * (0 = absent); ARGV[2] = the record JSON, or '' to delete. Returns {1, newVersion} or {0, currentVersion, json}.
 */
export const TOKEN_CAS_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], 'version')
local current = 0
if raw then current = tonumber(raw) end
if current ~= tonumber(ARGV[1]) then
  local record = redis.call('HGET', KEYS[1], 'record')
  if not record then record = '' end
  return {0, current, record}
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  return {1, 0}
end
redis.call('HSET', KEYS[1], 'version', current + 1, 'record', ARGV[2])
return {1, current + 1}
`;

/** Deletes the lock KEYS[1] only if it still holds this holder's token ARGV[1]. */
export const TOKEN_UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
