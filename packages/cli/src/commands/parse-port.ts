import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a TCP port: an integer from 0 (pick a free one) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError('a port is an integer from 0 to 65535.');
  const port = Number(value);
  if (port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535.');
  return port;
}
