import { demoShopCommand } from './commands/demo-shop.ts';
import { exportCommand } from './commands/export.ts';
import { extractCommand } from './commands/extract.ts';
import { healthCommand } from './commands/health.ts';
import { newMarketCommand } from './commands/new-market.ts';
import { planCommand } from './commands/plan.ts';
import { redriveCommand } from './commands/redrive.ts';
import { replayCommand } from './commands/replay.ts';
import { suggestCommand } from './commands/suggest.ts';
import { runsCommand } from './commands/runs.ts';
import { scanCommand } from './commands/scan.ts';
import { selectorsCommand } from './commands/selectors.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { tokenCommand } from './commands/token.ts';
import { tryCommand } from './commands/try.ts';
import { validateCommand } from './commands/validate.ts';
import { UsageError, type Command } from './commands/command.ts';

const COMMANDS: Command[] = [
  startCommand,
  scanCommand,
  runsCommand,
  serveCommand,
  healthCommand,
  replayCommand,
  suggestCommand,
  exportCommand,
  redriveCommand,
  planCommand,
  tokenCommand,
  newMarketCommand,
  tryCommand,
  extractCommand,
  validateCommand,
  selectorsCommand,
  demoShopCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `shelfwatch — digital-shelf monitor

Usage: shelfwatch <command> [options]     (shelfwatch <command> --help for its options)

${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs reports unknown or malformed options with these codes.
    const code = (error as NodeJS.ErrnoException).code;
    if (
      error instanceof UsageError ||
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      console.error(`shelfwatch ${command.name}: ${(error as Error).message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    // Anything else is reported in one line; DEBUG=1 shows where it came from.
    console.error(`shelfwatch ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG) console.error(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
