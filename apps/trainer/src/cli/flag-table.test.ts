import { describe, expect, it } from 'vitest';
import { choiceOption, option, parseCommand, readChoiceList, readFinite, readNumberList, readPositiveInt, readText, switchFlag } from './flag-table';

const TABLE = {
  epochs: option(readPositiveInt, { placeholder: '<n>', description: 'epochs', default: 5 }),
  offset: option(readFinite, { placeholder: '<c>', description: 'offset' }),
  mode: choiceOption(['fast', 'slow'], { placeholder: '<m>', description: 'mode' }),
  sizes: option(readNumberList('comma-separated positive integers such as 1,8', (n) => Number.isInteger(n) && n > 0), { placeholder: '<list>', description: 'sizes' }),
  kinds: option(readChoiceList(['a', 'b']), { placeholder: '<list>', description: 'kinds' }),
  out: option(readText, { placeholder: '<dir>', description: 'out' }),
  quiet: switchFlag('quiet', 'q'),
} as const;

describe('parseCommand', () => {
  it('reads each given value with its flag, fills defaults, and gives switches as booleans', () => {
    const { flags, values, positionals } = parseCommand('demo', ['x', '--offset=-0.5', '--mode', 'slow', '--sizes', '1, 8', '--kinds', 'all', '-q'], TABLE, 1);
    expect(flags).toEqual({ help: false, epochs: 5, offset: -0.5, mode: 'slow', sizes: [1, 8], kinds: ['a', 'b'], out: undefined, quiet: true });
    expect(values).toMatchObject({ offset: '-0.5', mode: 'slow', quiet: true });
    expect(positionals).toEqual(['x']);
  });

  it('says in one line which flag got what, and what it expected', () => {
    const error = (argv: string[]) => {
      try {
        parseCommand('demo', argv, TABLE, 0);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error(['--epochs', '2.5'])).toBe('--epochs: expected a positive integer, received "2.5"');
    expect(error(['--offset', 'Infinity'])).toBe('--offset: expected a finite number, received "Infinity"');
    expect(error(['--mode', 'medium'])).toBe('--mode: expected one of fast, slow, received "medium"');
    expect(error(['--sizes', '1,,8'])).toBe('--sizes: expected comma-separated positive integers such as 1,8, received "1,,8"');
    expect(error(['--kinds', 'a,c'])).toBe('--kinds: expected all or a comma-separated list of a, b, received "a,c"');
    expect(error(['--bogus'])).toMatch(/^negmnist demo: Unknown option '--bogus'.* \(see negmnist demo --help\)$/);
    expect(error(['extra'])).toBe('negmnist demo: expected at most 0 argument(s), received "extra"');
  });

  it('reads nothing else when --help is given', () => {
    expect(parseCommand('demo', ['--epochs', 'many', '--help', 'x'], TABLE, 0).flags).toMatchObject({ help: true, epochs: 5 });
  });
});
