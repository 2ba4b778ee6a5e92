import { EXIT, EXIT_MEANINGS } from '../errors';
import { HELP_FLAG } from './flag-table';
import type { CommandHelp, FlagTable, HelpSection, Switch, ValueFlag } from './flag-table';

/** Width of help text, and the column where flag descriptions start. */
const WIDTH = 100;
const COLUMN = 23;

/** `text` in lines of at most `width` characters (words longer than that stay whole), each after `indent`. */
export function wrap(text: string, indent: string, firstIndent = indent, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += `${empty ? '' : ' '}${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function defaultText(flag: ValueFlag): string | undefined {
  if (flag.defaultText !== undefined) return flag.defaultText;
  const value = flag.default;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** One flag's help: `--name <value>` then what it does, its choices and its default, wrapped at the description column. */
export function flagHelp(name: string, flag: Switch | ValueFlag): string[] {
  const left = `  --${name}${flag.short === undefined ? '' : `, -${flag.short}`}${'placeholder' in flag ? ` ${flag.placeholder}` : ''}`;
  let text = flag.description;
  if ('read' in flag) {
    if (flag.choices !== undefined) text += `: ${flag.choices.map((c) => (flag.choiceNotes?.[c] === undefined ? c : `${c} (${flag.choiceNotes[c]})`)).join(' | ')}`;
    const byDefault = defaultText(flag);
    if (byDefault !== undefined) text += ` (default ${byDefault})`;
  }
  return aligned(left, text);
}

/** `left`, then `text` from the description column (or two spaces after a longer `left`), wrapped there. */
function aligned(left: string, text: string): string[] {
  const first = left.length + 2 <= COLUMN ? left.padEnd(COLUMN) : `${left}  `;
  return wrap(text, ' '.repeat(COLUMN), first);
}

function section(part: HelpSection, table: FlagTable): string[] {
  const flags = (part.flags ?? []).flatMap((name) => {
    const flag = name === 'help' ? HELP_FLAG : table[name];
    if (flag === undefined || !('description' in flag)) throw new Error(`help: no described flag --${name} in the command's table`);
    return flagHelp(name, flag as Switch | ValueFlag);
  });
  const terms = (part.terms ?? []).flatMap(([term, meaning]) => aligned(`  ${term}`, meaning));
  return [...(part.lines ?? []).map((line) => `  ${line}`), ...(part.paragraphs ?? []).flatMap((p) => wrap(p, '  ')), ...terms, ...flags];
}

/** The exit codes, as every command's help ends. */
export function exitCodesHelp(): string {
  const codes = Object.entries(EXIT).map(([key, code]) => `  ${String(code).padEnd(5)}${EXIT_MEANINGS[key as keyof typeof EXIT]}`);
  return ['Exit codes:', ...codes].join('\n');
}

function examples(lines: readonly string[]): string[] {
  const width = Math.max(...lines.map((line) => (line.includes(' # ') ? line.indexOf(' # ') : 0)));
  return lines.map((line) => {
    const [command = '', comment] = line.split(' # ');
    return `  negmnist ${comment === undefined ? command : `${command.padEnd(width)}  # ${comment}`}`;
  });
}

/** `negmnist <command> --help`: usage, what it does, its flags (from `table`) by section, examples and exit codes. */
export function helpText(help: CommandHelp, table: FlagTable): string {
  const parts = [`Usage: negmnist ${help.usage}`, ...help.about.map((p) => wrap(p, '').join('\n'))];
  for (const part of help.sections) parts.push([`${part.title}:`, ...section(part, table)].join('\n'));
  parts.push(['Examples:', ...examples(help.examples)].join('\n'), exitCodesHelp());
  return parts.join('\n\n');
}

/** `negmnist --help`: every command with its summary, examples, exit codes. */
export function mainHelp(commands: Readonly<Record<string, CommandHelp>>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'negmnist: reproduce and explain why an MLP trains erratically on negative MNIST.',
    'Usage: negmnist <command> [options]',
    ['Commands:', ...Object.entries(commands).flatMap(([name, help]) => wrap(help.summary, ' '.repeat(width + 4), `  ${name.padEnd(width)}  `))].join('\n'),
    [
      'Examples:',
      ...examples(['grid quick # the README demo: 8 short runs on real MNIST', 'train --negative --epochs 2', 'ls results/', '<command> --help', '--version # prints negmnist <version>']),
    ].join('\n'),
    exitCodesHelp(),
  ].join('\n\n');
}
