import { MailUpError } from '@mailup-kit/core';
import { isLoopbackHost } from '@mailup-kit/core/pipeline';
import { Limiter } from '@mailup-kit/limits';
import type { Via } from '../catalogue/binding.js';
import { checkMigrationStage } from '../migration/stage.js';
import type { MailUpConfig } from './config.js';

const VIAS: readonly Via[] = ['rest', 'soap', 'import', 'frontend', 'txmail', 'smtp', 'txsms'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The typed error of a bad configuration field: kind `validation`, `details.field` naming it. */
export function configError(field: string, message: string): MailUpError {
  return new MailUpError({
    kind: 'validation',
    protocol: 'client',
    operation: 'MailUp',
    message: `MailUp: ${field} ${message}`,
    details: { field },
  });
}

function text(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') throw configError(field, 'must be a non-empty string');
  if (/[\r\n\0]/.test(value)) throw configError(field, 'must not contain CR, LF or NUL');
}

function url(field: string, value: unknown): void {
  text(field, value);
  let parsed: URL;
  try {
    parsed = new URL(value as string);
  } catch {
    throw configError(field, 'must be an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw configError(field, 'must be http(s)');
}

function positiveInt(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw configError(field, 'must be a positive integer');
  }
}

function vias(field: string, value: unknown): void {
  if (!Array.isArray(value)) throw configError(field, 'must be an array of transports');
  for (const [i, v] of value.entries()) {
    if (!VIAS.includes(v)) throw configError(`${field}[${i}]`, `must be one of ${VIAS.join(', ')}`);
  }
}

/**
 * Checks every field of a {@link MailUpConfig} before anything is built: the first bad one is a `validation`
 * MailUpError naming it (`details.field`). Secrets are never echoed.
 */
export function validateConfig(config: MailUpConfig): void {
  if (config === null || typeof config !== 'object') throw configError('config', 'must be an object');
  positiveInt('account', config.account);
  if (config.oauth !== undefined) {
    text('oauth.clientId', config.oauth.clientId);
    text('oauth.clientSecret', config.oauth.clientSecret);
    if (config.oauth.tokenKey !== undefined) text('oauth.tokenKey', config.oauth.tokenKey);
  }
  if (config.soap !== undefined) {
    text('soap.user', config.soap.user);
    if (!/^[a-z]?\d+$/i.test(config.soap.user.trim())) throw configError('soap.user', 'must be an API user like a1234');
    if (typeof config.soap.password !== 'string' || config.soap.password === '') {
      throw configError('soap.password', 'must be a non-empty string');
    }
    if (config.soap.consoleId !== undefined) positiveInt('soap.consoleId', config.soap.consoleId);
  }
  if (config.consoleUrl !== undefined) {
    url('consoleUrl', config.consoleUrl);
    const console = new URL(config.consoleUrl);
    // WSMailUpImport (built with `soap`) always needs the opt-in for http; the frontend pages only off loopback.
    const needsOptIn = config.soap !== undefined || !isLoopbackHost(console.hostname);
    if (console.protocol === 'http:' && needsOptIn && config.allowInsecureHttp !== true) {
      throw configError(
        'allowInsecureHttp',
        'must be true for an http:// consoleUrl: the frontend pages and WSMailUpImport exist only over plain HTTP (the API credentials travel in clear text)',
      );
    }
  }
  if (config.listGuids !== undefined) {
    if (config.listGuids === null || typeof config.listGuids !== 'object') {
      throw configError('listGuids', 'must be an object of list id → GUID');
    }
    for (const [id, guid] of Object.entries(config.listGuids)) {
      positiveInt(`listGuids key ${JSON.stringify(id)}`, Number(id));
      if (typeof guid !== 'string' || !GUID.test(guid)) throw configError(`listGuids.${id}`, 'must be a list GUID');
    }
  }
  if (config.smtpPlus !== undefined) {
    text('smtpPlus.user', config.smtpPlus.user);
    if (!/^s\d+_\d+$/i.test(config.smtpPlus.user))
      throw configError('smtpPlus.user', 'must be an SMTP+ user like s1234_1');
    if (typeof config.smtpPlus.password !== 'string' || config.smtpPlus.password === '') {
      throw configError('smtpPlus.password', 'must be a non-empty string');
    }
  }
  if (config.sms !== undefined) {
    for (const [id, list] of Object.entries(config.sms)) {
      positiveInt(`sms key ${JSON.stringify(id)}`, Number(id));
      if (typeof list?.listGuid !== 'string' || !GUID.test(list.listGuid)) {
        throw configError(`sms.${id}.listGuid`, 'must be a list GUID');
      }
      if (typeof list.listSecret !== 'string' || !GUID.test(list.listSecret)) {
        throw configError(`sms.${id}.listSecret`, 'must be the ListSecret GUID');
      }
    }
  }
  const b = config.baseUrls;
  if (b !== undefined) {
    if (b.rest !== undefined) url('baseUrls.rest', b.rest);
    if (b.soap !== undefined) url('baseUrls.soap', b.soap);
    if (b.sendApi !== undefined) url('baseUrls.sendApi', b.sendApi);
    if (b.smsApi !== undefined) url('baseUrls.smsApi', b.smsApi);
    if (b.smtp !== undefined) {
      text('baseUrls.smtp.host', b.smtp.host);
      if (b.smtp.port !== undefined) positiveInt('baseUrls.smtp.port', b.smtp.port);
    }
  }
  if (config.limiter !== undefined && config.limiter !== false && !(config.limiter instanceof Limiter)) {
    if (config.limiter === null || typeof config.limiter !== 'object') {
      throw configError('limiter', 'must be a Limiter, { store?, policy? } or false');
    }
  }
  if (config.maxWaitMs !== undefined) {
    if (typeof config.maxWaitMs !== 'number' || !Number.isFinite(config.maxWaitMs) || config.maxWaitMs < 0) {
      throw configError('maxWaitMs', 'must be a number of ms >= 0');
    }
  }
  if (config.prefer !== undefined) {
    if (config.prefer === null || typeof config.prefer !== 'object') throw configError('prefer', 'must be an object');
    for (const [op, order] of Object.entries(config.prefer)) vias(`prefer.${op}`, order);
  }
  if (config.switchedOff !== undefined) vias('switchedOff', config.switchedOff);
  const ttl = config.switchedOffMemory?.ttlMs;
  if (ttl !== undefined) positiveInt('switchedOffMemory.ttlMs', ttl);
  const cacheMs = config.switchedOffMemory?.cacheMs;
  if (cacheMs !== undefined && !(Number.isSafeInteger(cacheMs) && cacheMs >= 0 && cacheMs <= 60_000)) {
    throw configError('switchedOffMemory.cacheMs', 'must be a whole number of ms from 0 to 60000');
  }
  if (config.migrate !== undefined) {
    try {
      checkMigrationStage(config.migrate);
    } catch (error) {
      throw configError('migrate', MailUpError.is(error) ? error.message : 'is invalid');
    }
  }
  if (config.allowPartial !== undefined && typeof config.allowPartial !== 'boolean') {
    if (!Array.isArray(config.allowPartial) || config.allowPartial.some((o) => typeof o !== 'string')) {
      throw configError('allowPartial', 'must be a boolean or an array of operation ids');
    }
  }
  if (config.timeoutMs !== undefined) positiveInt('timeoutMs', config.timeoutMs);
  if (config.proxy !== undefined && config.proxy !== false) url('proxy', config.proxy);
  if (config.tls !== undefined) {
    if (config.tls === null || typeof config.tls !== 'object') throw configError('tls', 'must be { ca }');
    if ((config.tls as { rejectUnauthorized?: unknown }).rejectUnauthorized === false) {
      throw configError('tls.rejectUnauthorized', 'cannot be false: TLS verification is always on');
    }
  }
}
