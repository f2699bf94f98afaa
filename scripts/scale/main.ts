import { parseArgs } from 'node:util';
import { runScale, scaleLine, scalePassed } from './run-scale.ts';
import { measureSweep, sweepLine, sweepWithinLimits } from './sweep-scale.ts';

/** `npm run scale`: 100,000 page jobs for one day on the local stack; exits 1 on any loss or duplicate. */
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    sites: { type: 'string', default: '60' },
    'lambda-concurrency': { type: 'string', default: '8' },
    tabs: { type: 'string', default: '16' },
    shards: { type: 'string', default: '4' },
    'poison-every': { type: 'string', default: '5000' },
    'crash-once-every': { type: 'string', default: '400' },
    sweep: { type: 'string' },
  },
});
if (values.sweep !== undefined) {
  // `npm run scale -- --sweep 100000`: the alerts sweep on a day of that many observations.
  const measure = await measureSweep(process.cwd(), {
    pages: Number(values.sweep),
    markets: 48,
    log: (line) => process.stderr.write(`\r${line}`),
  });
  process.stderr.write('\n');
  console.log(sweepLine(measure));
  process.exit(sweepWithinLimits(measure) ? 0 : 1);
}
const report = await runScale({
  rootDir: process.cwd(),
  jobs: Number(values.jobs),
  sites: Number(values.sites),
  lambdaConcurrency: Number(values['lambda-concurrency']),
  tabs: Number(values.tabs),
  shards: Number(values.shards),
  poisonEvery: Number(values['poison-every']),
  crashOnceEvery: Number(values['crash-once-every']),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stderr.write(
  `scale: statuses ${JSON.stringify(report.statuses)}; faults fired ${JSON.stringify(report.faults)}; injected crashes ${report.crashes}\n`,
);
console.log(scaleLine(report));
process.exit(scalePassed(report) ? 0 : 1);
