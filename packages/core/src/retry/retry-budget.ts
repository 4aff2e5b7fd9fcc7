/** Options of {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Tokens when full. Default 100. */
  capacity?: number;
  /** Tokens one retry costs. Default 5. */
  retryCost?: number;
  /** Tokens a successful attempt gives back. Default 1. */
  successRefill?: number;
}

/**
 * A per-client token bucket that stops retry storms: each retry takes `retryCost` tokens, each success gives back
 * `successRefill`, and when the bucket cannot pay for a retry the failure is returned at once. With the defaults
 * a client that only fails gets 20 retries, then none until calls succeed again.
 *
 * @example
 * ```ts
 * const budget = new RetryBudget({ capacity: 50 });
 * const pipeline = new Pipeline({ protocol: 'rest', budget });
 * ```
 */
export class RetryBudget {
  private tokens: number;
  readonly capacity: number;
  readonly retryCost: number;
  readonly successRefill: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 100;
    this.retryCost = options.retryCost ?? 5;
    this.successRefill = options.successRefill ?? 1;
    this.tokens = this.capacity;
  }

  /** Tokens left now. */
  get available(): number {
    return this.tokens;
  }

  /** Takes the cost of one retry if the bucket holds it; false (nothing taken) otherwise. */
  tryConsume(): boolean {
    if (this.tokens < this.retryCost) return false;
    this.tokens -= this.retryCost;
    return true;
  }

  /** Refills after a successful attempt, up to capacity. */
  recordSuccess(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.successRefill);
  }
}
