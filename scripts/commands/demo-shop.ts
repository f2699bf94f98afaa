import { startDemoShop } from '../demo-shop/server.ts';
import { DEMO_MARKETS } from '../demo-shop/markets.ts';
import { defineCommand, repeated, text, UsageError } from './command.ts';
import { OPTION_FAULTS, parseFaultOption } from '../demo-shop/fault-option.ts';

export const command = defineCommand({
  usage: `shelfwatch demo-shop [--port 4010] [--date YYYY-MM-DD] [--latency ms] [--weight light|real] [--fault <kind>[:<market>[:<path>]]]

  Faults can be switched on while it runs:
    curl -X POST localhost:4010/__faults -d '{"type":"captcha","market":"fr"}'
    types: slow (delayMs), http500, captcha (status), layout, redirect (to), beacon (to),
           inject (html), navigate (to, via), asset (body, contentType);
           narrowed by market, path, times (docs/local-stack.md)
    curl -X DELETE localhost:4010/__faults`,
  options: {
    port: text('n', 'the port (default 4010)', '4010'),
    date: text('D', 'the day whose shelves it shows (default today)'),
    latency: text('ms', 'added to every answer'),
    weight: text(
      'w',
      "light, or real: pages as heavy as a real retailer's: stylesheets, fonts, images and\nthird-party scripts, each with its latency (the benchmark's weighted set)",
      'light',
    ),
    fault: repeated(
      'f',
      `e.g. layout:us:/us/search, a redesign of the us search pages from the start\n(repeatable); kinds ${OPTION_FAULTS.join(', ')}`,
    ),
  },
  async run(values) {
    if (values.weight !== 'light' && values.weight !== 'real')
      throw new UsageError(`--weight is light or real, not "${values.weight}"`);
    let faults;
    try {
      faults = (values.fault ?? []).map(parseFaultOption);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const shop = await startDemoShop({
      port: Number(values.port),
      date: values.date,
      latencyMs: values.latency ? Number(values.latency) : undefined,
      weight: values.weight,
    });
    console.log(
      `demo shop on ${shop.url} (date ${shop.date()}); markets: ${Object.keys(DEMO_MARKETS)
        .map((id) => `${shop.url}/${id}/`)
        .join(' ')}`,
    );
    for (const fault of faults) shop.faults.add(fault);
    if (faults.length) console.log(`faults on: ${(values.fault ?? []).join(', ')}`);
    console.log('Ctrl-C to stop');
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await shop.close();
    return 0;
  },
});
