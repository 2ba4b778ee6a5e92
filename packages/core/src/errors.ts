/** A model or training option is invalid: names the option, what is allowed and what was received. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Dotted path of the offending option, e.g. `hidden` or `members[2].lr`. */
  readonly option: string;
  /** Human description of the allowed values, e.g. `one of relu, sigmoid` or `an integer >= 1`. */
  readonly allowed: string;
  /** The value that was passed. */
  readonly received: unknown;

  constructor(option: string, allowed: string, received: unknown, options?: { cause?: unknown }) {
    super(`Invalid option \`${option}\`: expected ${allowed}, received ${describe(received)}`, options);
    this.option = option;
    this.allowed = allowed;
    this.received = received;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}
