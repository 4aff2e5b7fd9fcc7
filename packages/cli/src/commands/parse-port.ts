import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a count or a size: a positive integer of at most 15 digits (no sign, no unit). */
export function parsePositiveInteger(value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return Number(value);
}

/** Commander argument parser for a TCP port: an integer from 0 (pick a free one) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError('a port is an integer from 0 to 65535.');
  const port = Number(value);
  if (port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535.');
  return port;
}
