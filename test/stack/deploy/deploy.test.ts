import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, BuildError, type BuildResult } from '../../../scripts/build/build.ts';
import { readTemplate, type TemplateFunction } from '../../../scripts/local/template.ts';
import { REPO_ROOT } from '../../support/paths.ts';

const run = promisify(execFile);
const template = await readTemplate(path.join(REPO_ROOT, 'template.yaml'));
let work: string;
let build: BuildResult;
/** Laid out as on Lambda: function code in task/<name> (LAMBDA_TASK_ROOT), the layer in opt/ (/opt). */
const taskDir = () => path.join(work, 'task');
const layerDir = () => path.join(work, 'opt');

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shelfwatch-build-'));
  build = await buildAll({ rootDir: REPO_ROOT, outDir: taskDir(), layerDir: layerDir() });
}, 120_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('npm run build', () => {
  it('fits the size budget: each function ≤ 1 MB zipped, function + layer ≤ 250 MB unzipped', () => {
    expect(build.ok).toBe(true);
    for (const row of build.sizes.filter((r) => r.part.startsWith('function')))
      expect(row.zipped).toBeLessThanOrEqual(1024 * 1024);
    expect(build.sizes.find((r) => r.part === 'scrape + layer')!.unzipped).toBeLessThan(250 * 1024 * 1024);
  });

  it('lays the layer out as Lambda expects and keeps Chromium out of the function bundles', async () => {
    const wanted = JSON.parse(await readFile(path.join(REPO_ROOT, 'layers/chromium/package.json'), 'utf8'))
      .dependencies['@sparticuz/chromium'];
    const installed = JSON.parse(
      await readFile(path.join(layerDir(), 'nodejs/node_modules/@sparticuz/chromium/package.json'), 'utf8'),
    );
    expect(installed.version).toBe(wanted);
    const scrape = await readFile(path.join(taskDir(), 'scrape/handler.js'), 'utf8');
    // Loaded by name at run time (from the layer), not inlined: its code names chromium.br.
    expect(scrape.includes('"@sparticuz/chromium"')).toBe(true);
    expect(scrape.includes('chromium.br')).toBe(false);
  });

  it.each(template.functions.map((fn) => [fn.logicalId, fn] as const))(
    '%s: the built bundle at the template’s Handler path exports the handler',
    async (_id, fn: TemplateFunction) => {
      const [file, exportName] = fn.handler.split('.');
      const bundle = path.join(taskDir(), fn.name, `${file}.js`);
      const { stdout } = await run(
        process.execPath,
        ['-e', `const m = require(${JSON.stringify(bundle)}); console.log(typeof m[${JSON.stringify(exportName)}])`],
        {
          cwd: work,
          env: {
            PATH: process.env.PATH,
            TABLE_NAME: 't',
            STREAM_NAME: 's',
            BUCKET_NAME: 'b',
            AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x',
            AUTH_DOMAIN: 'https://x.auth.us-east-1.amazoncognito.com',
            AWS_REGION: 'us-east-1',
            LAMBDA_TASK_ROOT: path.dirname(bundle),
          },
        },
      );
      expect(stdout.trim()).toBe('function');
    },
  );

  it('ships the selector files inside each bundle', async () => {
    for (const fn of template.functions) {
      expect(await readFile(path.join(taskDir(), fn.name, 'selectors/demo-shop/fr.yaml'), 'utf8')).toContain(
        'market: fr',
      );
    }
  });

  it('fails on a broken selector file, naming the file and the field', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'shelfwatch-badbuild-'));
    for (const entry of ['functions', 'node_modules', 'layers', 'template.yaml'])
      await symlink(path.join(REPO_ROOT, entry), path.join(root, entry));
    await cp(path.join(REPO_ROOT, 'selectors'), path.join(root, 'selectors'), { recursive: true });
    const file = path.join(root, 'selectors/demo-shop/de.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('item: "[data-test=product-tile]"', 'item: "[data-test=product-tile"'),
    );
    await expect(
      buildAll({ rootDir: root, outDir: path.join(root, 'dist'), layerDir: path.join(root, 'layer') }),
    ).rejects.toThrow(BuildError);
    await expect(
      buildAll({ rootDir: root, outDir: path.join(root, 'dist'), layerDir: path.join(root, 'layer') }),
    ).rejects.toThrow(/selectors\/demo-shop\/de\.yaml: pages\[0\]\.item: not a valid CSS selector/);
    await rm(root, { recursive: true, force: true });
  });
});

describe('The built bundles, run as Lambda runs them', () => {
  it('scan end to end: built fanout, scrape, api and alerts against the local stack and the demo shop, Chromium from the layer', async () => {
    // Outside the repository, so nothing resolves from its node_modules: the layer is found through
    // NODE_PATH, as Lambda finds /opt/nodejs/node_modules.
    await mkdir(path.join(work, 'home'), { recursive: true });
    const { stdout, stderr } = await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'scripts/bin/shelfwatch.js'),
        'scan',
        '--memory',
        '--json',
        '--built',
        taskDir(),
        '--port',
        '0',
        '--shop-port',
        '0',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_PATH: path.join(layerDir(), 'nodejs/node_modules') },
        timeout: 180_000,
      },
    );
    const card = JSON.parse(stdout);
    expect(card.pages, stderr).toBe(20);
    expect(card.statusCounts.ok, stderr).toBe(20);
    expect(card.targets.map((t: { market: string }) => t.market)).toEqual(['de', 'fr', 'uk', 'us']);
    // The built alerts handler ran for the run: a first day has nothing to compare with.
    expect(stderr).toMatch(/\nalerts \d{4}-\d{2}-\d{2}: none\n/);
  }, 200_000);
});
