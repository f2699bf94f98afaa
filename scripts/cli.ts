import { parseCommandArgs, usageOf, UsageError, type Command } from './commands/command.ts';

/** Every command, and what it is for; a command's own module is loaded only when it runs (startup stays quick). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: object }> }> = {
  start: {
    summary: "run today's scan of the demo shop through the local AWS stack, print the scorecard, serve the API",
    load: () => import('./commands/start.ts'),
  },
  scan: {
    summary: 'run one daily scan on the local stack, print its scorecard and exit',
    load: () => import('./commands/scan.ts'),
  },
  runs: {
    summary: "a day's runs: trigger, selector version, pages read, finished, alerted",
    load: () => import('./commands/runs.ts'),
  },
  serve: {
    summary: 'serve the API over the local data (and the demo shop) without scanning',
    load: () => import('./commands/serve.ts'),
  },
  health: {
    summary: 'selector health per site × market × page: status today, last good run, days broken',
    load: () => import('./commands/health.ts'),
  },
  replay: {
    summary: "extract a day's archived HTML again with today's selector files and rewrite its observations",
    load: () => import('./commands/replay.ts'),
  },
  suggest: {
    summary: 'propose a proven selector fix for a page whose selectors broke (from its last good day)',
    load: () => import('./commands/suggest.ts'),
  },
  export: {
    summary: 'one CSV or JSON file of every scanned day of a date range (what GET /history gives)',
    load: () => import('./commands/export.ts'),
  },
  redrive: {
    summary: 'put the pages of a run the stream gave up on, or never finished, back on the stream',
    load: () => import('./commands/redrive.ts'),
  },
  plan: {
    summary: 'how long a day of N pages takes on the deployed stack and what it costs, from template.yaml',
    load: () => import('./commands/plan.ts'),
  },
  token: {
    summary: 'print an id token for the API (Authorization: Bearer …), from the local user pool or the stack’s',
    load: () => import('./commands/token.ts'),
  },
  'new-market': {
    summary: 'scaffold a selector file for a new market from an existing market of the same site, validated',
    load: () => import('./commands/new-market.ts'),
  },
  try: {
    summary:
      'run a selector file on the live page or a saved one: what each selector matches, and a screenshot with the matches outlined',
    load: () => import('./commands/try.ts'),
  },
  extract: {
    summary: 'extract ranked results from a saved HTML page with a selector file (no browser, no network)',
    load: () => import('./commands/extract.ts'),
  },
  validate: {
    summary: 'check every selector file and the tracking file; exit 1 when any is broken',
    load: () => import('./commands/validate.ts'),
  },
  selectors: {
    summary: 'the selector files live in the stack, as versions: push, pull, diff, history, rollback',
    load: () => import('./commands/selectors.ts'),
  },
  'demo-shop': {
    summary: 'serve the bundled demo retailer on 127.0.0.1 (four markets, consent walls, fault switches)',
    load: () => import('./commands/demo-shop.ts'),
  },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return `shelfwatch — digital-shelf monitor

Usage: shelfwatch <command> [options]     (shelfwatch <command> --help for its options)

${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`)
  .join('\n')}`;
}

/** parseArgs reports unknown or malformed options with these codes. */
const USAGE_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    console.error(`unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  const command = (await entry.load()).command as Command;
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${entry.summary}\n\nUsage: ${usageOf(command)}`);
    return 0;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    return await command.run(values, positionals);
  } catch (error) {
    if (error instanceof UsageError || USAGE_CODES.has((error as NodeJS.ErrnoException).code ?? '')) {
      console.error(`shelfwatch ${name}: ${(error as Error).message}\n\nUsage: ${usageOf(command)}`);
      return 2;
    }
    // Anything else is reported in one line; DEBUG=1 shows where it came from.
    console.error(`shelfwatch ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG) console.error(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
