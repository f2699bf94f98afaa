import { parseArgs, type ParseArgsOptionDescriptor } from 'node:util';

/**
 * One option: what node:util's parseArgs needs, and the line of help the usage shows for it, so
 * the two can never disagree. `arg` names its value in the help (`--date <D>`).
 */
export type OptionSpec = ParseArgsOptionDescriptor & { help: string; arg?: string };
export type OptionSpecs = Record<string, OptionSpec>;

type Parsed<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>;
export type OptionValues<O extends OptionSpecs> = Parsed<O>['values'];

/** One CLI command: what it is called with, and what it does. `run` returns the process exit code. */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The synopsis (`shelfwatch plan --pages <n> …`) and what the command does, above its options. */
  usage: string;
  options: O;
  /** Words after the command that are not options (a file, a site/market); none when absent. */
  positionals?: string;
  run(values: OptionValues<O>, positionals: string[]): Promise<number>;
}

/** A command, typed by its options (the values `run` gets follow from them). */
export function defineCommand<O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a command's words by its options; unknown or malformed options throw (the CLI prints them with the usage). */
export function parseCommandArgs<O extends OptionSpecs>(command: Command<O>, argv: string[]): Parsed<O> {
  const parsed = parseArgs({ args: argv, options: command.options, strict: true, allowPositionals: true });
  if (!command.positionals && parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  return parsed as Parsed<O>;
}

const HELP_COLUMN = 21;

/** The usage: the synopsis, then a line (or more) per option, from the options themselves. */
export function usageOf(command: Command): string {
  const lines = Object.entries(command.options).map(([name, option]) => {
    const flag = `  --${name}${option.arg ? ` <${option.arg}>` : ''}`;
    const [first, ...rest] = option.help.split('\n');
    const head =
      flag.length + 1 < HELP_COLUMN
        ? `${flag.padEnd(HELP_COLUMN - 2)}  ${first}`
        : `${flag}\n${' '.repeat(HELP_COLUMN - 2)}  ${first}`;
    return [head, ...rest.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`)].join('\n');
  });
  return lines.length ? `${command.usage}\n\n${lines.join('\n')}` : command.usage;
}

/** A required option's value, or a usage error that says so. */
export function required<T>(value: T | undefined, flag: string, what = ''): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required${what ? ` (${what})` : ''}`);
  return value;
}

/** A whole number within bounds, or a usage error naming the option. */
export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}

/** An option that takes a value: `--date <D>`. */
export function text(arg: string, help: string): { type: 'string'; arg: string; help: string };
export function text<D extends string>(
  arg: string,
  help: string,
  defaultValue: D,
): { type: 'string'; arg: string; help: string; default: D };
export function text(arg: string, help: string, defaultValue?: string) {
  return defaultValue === undefined
    ? { type: 'string', arg, help }
    : { type: 'string', arg, help, default: defaultValue };
}

/** An option given any number of times: `--fault <f> --fault <g>`. */
export const repeated = (arg: string, help: string) => ({ type: 'string', multiple: true, arg, help }) as const;

/** An option that is on or off (off unless given). */
export const flag = (help: string) => ({ type: 'boolean', default: false, help }) as const;
