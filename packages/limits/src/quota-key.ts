import type { Protocol } from '@mailup-kit/core';

/** The parts of a quota key `account:protocol:operation[#variant]`. */
export interface QuotaKeyParts {
  account: string;
  protocol: Protocol;
  operation: string;
  variant: string | undefined;
}

/** Splits a quota key written by the Limiter; undefined when `key` is not one. */
export function parseQuotaKey(key: string): QuotaKeyParts | undefined {
  const first = key.indexOf(':');
  const second = key.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return undefined;
  const rest = key.slice(second + 1);
  const hash = rest.lastIndexOf('#');
  return {
    account: key.slice(0, first),
    protocol: key.slice(first + 1, second) as Protocol,
    operation: hash < 0 ? rest : rest.slice(0, hash),
    variant: hash < 0 ? undefined : rest.slice(hash + 1),
  };
}
