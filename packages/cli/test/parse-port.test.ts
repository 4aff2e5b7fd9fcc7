import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parsePort, parsePositiveInteger } from '../src/commands/parse-port.js';

describe('parsePort', () => {
  it('accepts 0 and every port up to 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('65535')).toBe(65535);
  });

  it.each(['', '-1', '65536', '99999', '1.5', 'abc', '80x', ' 80', '123456'])('refuses %j', (value) => {
    expect(() => parsePort(value)).toThrow(InvalidArgumentError);
  });
});

describe('parsePositiveInteger', () => {
  it('accepts positive integers', () => {
    expect(parsePositiveInteger('1')).toBe(1);
    expect(parsePositiveInteger('134217728')).toBe(134_217_728);
  });

  it.each(['', '0', '-1', '1.5', '1e3', 'abc', ' 5', '1234567890123456'])('refuses %j', (value) => {
    expect(() => parsePositiveInteger(value)).toThrow(InvalidArgumentError);
  });
});
