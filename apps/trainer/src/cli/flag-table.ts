import { parseArgs } from 'node:util';
import { UsageError } from '../errors';

/** Reads a flag's value as typed; throws a one-line UsageError naming `--flag`, what it expected and what it received. */
export type Reader<T> = (raw: string, flag: string) => T;

interface Described {
  /** One-letter alias, e.g. `q` for `--quiet`. */
  short?: string;
  /** What the flag does, for help (choices and the default are appended). */
  description: string;
}

/** A flag without a value (`--quiet`): true when given. */
export interface Switch extends Described {
  type: 'boolean';
}

/** A flag with a value (`--epochs 5`), read into `T`. */
export interface ValueFlag<T = unknown> extends Described {
  type: 'string';
  /** The value's name in help, e.g. `<n>`. */
  placeholder: string;
  read: Reader<T>;
  /** The values it accepts, listed by help as `a | b | c`. */
  choices?: readonly string[];
  /** A few words per choice, shown after it in help. */
  choiceNotes?: Readonly<Partial<Record<string, string>>>;
  /** The value when the flag is absent (absent: undefined, the command decides). */
  default?: T;
  /** How help names the default when the command decides it (e.g. `one per core`). */
  defaultText?: string;
}

/** A flag that is parsed but carries no help of its own (node:util parseArgs options). */
export interface BareFlag {
  type: 'string' | 'boolean';
  short?: string;
}

/** A command's flags by name (without the leading `--`). */
export type FlagTable = Readonly<Record<string, Switch | ValueFlag<never> | ValueFlag<unknown> | BareFlag>>;

type ValueOf<F> = F extends { read: Reader<infer T> } ? (F extends { default: unknown } ? T : T | undefined) : F extends { type: 'string' } ? string | undefined : boolean;

/** The values of a table's flags after parsing: switches as booleans, the others read (or their default). */
export type FlagValues<F extends FlagTable> = { -readonly [K in keyof F]: ValueOf<F[K]> };

/** Flag values as node:util parseArgs returns them (strings and booleans, as typed). */
export type Values = Record<string, string | boolean | undefined>;

/** A switch: `--name`, true when given. */
export function switchFlag(description: string, short?: string): Switch {
  return { type: 'boolean', description, ...(short === undefined ? {} : { short }) };
}

type Spec<T> = Omit<ValueFlag<T>, 'type' | 'read'>;

/** A flag with a value, read by `read`. */
export function option<T, S extends Spec<T>>(read: Reader<T>, spec: S): S & ValueFlag<T> {
  return { ...spec, type: 'string', read };
}

/** A flag whose value is one of `allowed` (help lists them). */
export function choiceOption<const T extends string, S extends Spec<T>>(allowed: readonly T[], spec: S): S & ValueFlag<T> {
  return option(readChoice(allowed), { ...spec, choices: allowed });
}

function expected(flag: string, what: string, raw: string): UsageError {
  return new UsageError(`--${flag}: expected ${what}, received ${JSON.stringify(raw)}`);
}

function readNumber(what: string, ok: (value: number) => boolean): Reader<number> {
  return (raw, flag) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || !ok(value)) throw expected(flag, what, raw);
    return value;
  };
}

/** Any finite number (`--input-offset=-0.5`). */
export const readFinite = readNumber('a finite number', () => true);
/** A number above 0. */
export const readPositive = readNumber('a positive number', (v) => v > 0);
/** An integer above 0. */
export const readPositiveInt = readNumber('a positive integer', (v) => Number.isInteger(v) && v > 0);
/** An integer from 0. */
export const readNonNegativeInt = readNumber('a non-negative integer', (v) => Number.isInteger(v) && v >= 0);
/** The value as typed. */
export const readText: Reader<string> = (raw) => raw;

/** One of `allowed`. */
export function readChoice<T extends string>(allowed: readonly T[]): Reader<T> {
  return (raw, flag) => {
    if (!(allowed as readonly string[]).includes(raw)) throw expected(flag, `one of ${allowed.join(', ')}`, raw);
    return raw as T;
  };
}

/** `all` or a comma-separated list of `allowed`. */
export function readChoiceList<T extends string>(allowed: readonly T[]): Reader<T[]> {
  return (raw, flag) => {
    if (raw.trim() === 'all') return [...allowed];
    const items = raw.split(',').map((s) => s.trim());
    if (items.some((item) => !(allowed as readonly string[]).includes(item))) throw expected(flag, `all or a comma-separated list of ${allowed.join(', ')}`, raw);
    return items as T[];
  };
}

/** Comma-separated numbers that each pass `ok` (`what`: how help and errors name them, e.g. `positive integers such as 1,8,64`). */
export function readNumberList(what: string, ok: (value: number) => boolean, min = 1): Reader<number[]> {
  return (raw, flag) => {
    const list = raw.split(',').map((part) => Number(part.trim()));
    if (raw.trim() === '' || list.length < min || !list.every((x) => Number.isFinite(x) && ok(x))) throw expected(flag, what, raw);
    return list;
  };
}

/** The `--help, -h` switch every command has. */
export const HELP_FLAG = switchFlag('this help', 'h');

/**
 * Parses `argv` for one command with its flag table (and `--help`): unknown flags and missing values become
 * a UsageError naming the command; each given value is read (checked) by its flag, absent ones get their default.
 */
export function parseCommand<F extends FlagTable>(command: string, argv: string[], table: F, maxPositionals: number): { flags: FlagValues<F> & { help: boolean }; values: Values; positionals: string[] } {
  const options = Object.fromEntries(Object.entries({ ...table, help: HELP_FLAG }).map(([name, f]) => [name, { type: f.type, ...(f.short === undefined ? {} : { short: f.short }) }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`negmnist ${command}: ${(error as Error).message.split('\n')[0]} (see negmnist ${command} --help)`, { cause: error });
  }
  const values = parsed.values as Values;
  const help = values.help === true;
  if (parsed.positionals.length > maxPositionals && !help) {
    throw new UsageError(`negmnist ${command}: expected at most ${maxPositionals} argument(s), received ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  const flags: Record<string, unknown> = { help };
  // --help reads nothing else: its text is what the user asked for, whatever else is on the line
  for (const [name, flag] of Object.entries(table)) {
    const raw = values[name];
    if ('read' in flag) flags[name] = raw === undefined || help ? flag.default : flag.read(raw as string, name);
    else flags[name] = flag.type === 'boolean' ? raw === true : raw;
  }
  return { flags: flags as FlagValues<F> & { help: boolean }, values, positionals: parsed.positionals };
}

/** A titled group of lines in a command's help, in this order: lines as they are, paragraphs (wrapped), terms, flags. */
export interface HelpSection {
  title: string;
  /** Lines shown as they are (code, aligned lists). */
  lines?: readonly string[];
  /** Paragraphs, wrapped to the help's width. */
  paragraphs?: readonly string[];
  /** Terms and what each means, aligned as flags are. */
  terms?: ReadonlyArray<readonly [term: string, meaning: string]>;
  /** Flags of the command's table by name, in this order (`help` for `--help`). */
  flags?: readonly string[];
}

/** What `negmnist <command> --help` says besides the flags' own lines, which come from the command's table. */
export interface CommandHelp {
  /** After `Usage: negmnist `, e.g. `train [options]`. */
  usage: string;
  /** The command's line in `negmnist --help`. */
  summary: string;
  /** What the command does: paragraphs, wrapped, a blank line apart. */
  about: readonly string[];
  /** In order; every flag of the table is listed in one of them (`help` for `--help`). */
  sections: readonly HelpSection[];
  /** Command lines after `negmnist `, each with an optional `# comment`. */
  examples: readonly string[];
}
