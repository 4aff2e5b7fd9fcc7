import { type Answer, type EmulatorRequest, GATE_PHASES, type Gate } from '../types.js';

/** The gates of an emulator, run phase by phase (authenticate → authorize → throttle), then in registration order. */
export class GateChain {
  private readonly gates: Gate[] = [];
  private order: Gate[] = [];

  add(gate: Gate): void {
    if (!(GATE_PHASES as readonly string[]).includes(gate.phase)) {
      throw new Error(`gate ${gate.name}: phase must be one of ${GATE_PHASES.join(', ')}`);
    }
    if (this.gates.some((g) => g.name === gate.name)) throw new Error(`gate already registered: ${gate.name}`);
    this.gates.push(gate);
    this.order = GATE_PHASES.flatMap((phase) => this.gates.filter((g) => g.phase === phase));
  }

  /** Gate names in the order they run, e.g. `authenticate:oauth.bearer` (for tests and docs). */
  describe(): string[] {
    return this.order.map((g) => `${g.phase}:${g.name}`);
  }

  /** Runs every gate until one answers; undefined lets the request through to its handler. */
  async run(req: EmulatorRequest): Promise<Answer | undefined> {
    for (const gate of this.order) {
      const answer = await gate.run(req);
      if (answer) return answer;
    }
    return undefined;
  }
}
