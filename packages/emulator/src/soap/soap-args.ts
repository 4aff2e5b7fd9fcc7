import type { EmuMethod } from './soap-services.js';

/** A code MailUp's services answer inside the result (errorCode / ReturnCode), with its description. */
export class SoapAnswer extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** A request ASP.NET could not bind (a bad int or boolean): answered with a `Client` fault. */
export class BindError extends Error {}

/** The typed arguments of one call, read from the envelope or the HTTP GET/POST parameters. */
export class CallArgs {
  constructor(
    private readonly method: EmuMethod,
    private readonly values: Record<string, string>,
    private readonly optionLists: Record<string, Array<{ key: string; value: string }>> = {},
  ) {}

  /** A string argument ('' when absent, like ASP.NET's null). */
  str(name: string): string {
    return this.values[name] ?? '';
  }

  /** An int argument (required by the WSDL: absent or not a number ⇒ the request cannot be bound). */
  int(name: string): number {
    const raw = (this.values[name] ?? '').trim();
    if (!/^-?\d{1,10}$/.test(raw) || Math.abs(Number(raw)) > 2_147_483_647) {
      throw new BindError(
        `Server was unable to read request. ---> ${name}: '${raw.slice(0, 40)}' is not a valid Int32.`,
      );
    }
    return Number(raw);
  }

  /** A boolean argument (`true`/`false`/`1`/`0`). */
  bool(name: string): boolean {
    const raw = (this.values[name] ?? '').trim().toLowerCase();
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new BindError(
      `Server was unable to read request. ---> ${name}: '${raw.slice(0, 40)}' is not a valid Boolean.`,
    );
  }

  /** The `options` Key ⇒ Value pairs (keys lower-cased). */
  options(name = 'options'): Map<string, string> {
    return new Map((this.optionLists[name] ?? []).map((o) => [o.key.toLowerCase(), o.value]));
  }

  /** Checks every declared int / boolean / dateTime parameter binds, as ASP.NET does before the method runs. */
  bindAll(): void {
    for (const p of this.method.params) {
      if (p.type === 'int') this.int(p.name);
      else if (p.type === 'boolean') this.bool(p.name);
      else if (p.type === 'dateTime' && Number.isNaN(Date.parse(this.str(p.name)))) {
        throw new BindError(`Server was unable to read request. ---> ${p.name} is not a valid DateTime.`);
      }
    }
  }
}
