import { isCalendarDay } from '../../functions/core/day.ts';
import { DEFAULT_DATA_DIR } from '../local/data-dir.ts';
import type { SessionOptions } from './local-session.ts';
import { flag, type OptionSpecs, repeated, text, UsageError } from './command.ts';
import { parseFaultOption } from '../demo-shop/fault-option.ts';

/** Options every local-stack command shares. */
export const LOCAL_OPTIONS = {
  data: text(
    'dir',
    `where DynamoDB and S3 keep their data, so history accumulates (default ${DEFAULT_DATA_DIR})`,
    DEFAULT_DATA_DIR,
  ),
  memory: flag('keep nothing: a throw-away stack'),
  port: text('n', "the API's port (default 3000, or a free one)", '3000'),
  'shop-port': text('n', "the demo shop's port (default 4010, or a free one)", '4010'),
  selectors: text(
    'dir',
    'the selector files to scan with (default selectors/), to try a fix through the\nwhole pipeline without editing selectors/ in place',
  ),
  fault: repeated(
    'f',
    'make the demo shop misbehave: <kind>[:<market>[:<path>]], kind layout (a\nredesign), captcha (a bot wall), http500 or slow; e.g. layout:us:/us/search.\nRepeat for more (docs/local-stack.md#the-demo-shop)',
  ),
  built: text(
    'dir',
    "run the built bundles in <dir> (npm run build: dist) instead of the sources;\nset NODE_PATH to the layer's nodejs/node_modules, as Lambda does with /opt",
  ),
} as const satisfies OptionSpecs;

export function sessionOptions(values: {
  data?: string;
  memory?: boolean;
  port?: string;
  'shop-port'?: string;
  built?: string;
  selectors?: string;
  fault?: string[];
}): SessionOptions {
  if (values.selectors !== undefined && values.built !== undefined)
    throw new UsageError('--selectors and --built do not go together: built bundles carry their own selector files');
  return {
    dataDir: values.memory ? null : (values.data ?? DEFAULT_DATA_DIR),
    apiPort: port(values.port, '--port'),
    shopPort: port(values['shop-port'], '--shop-port'),
    builtDir: values.built,
    selectorsDir: values.selectors,
    faults: (values.fault ?? []).map((text) => {
      try {
        return parseFaultOption(text);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }),
  };
}

function port(value: string | undefined, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535)
    throw new UsageError(`${flag} expects a port number, got "${value}"`);
  return number;
}

export function isoDate(value: string, flag: string): string {
  if (!isCalendarDay(value)) throw new UsageError(`${flag} expects a date as YYYY-MM-DD, got "${value}"`);
  return value;
}
