import { beforeAll, describe, expect, it } from 'vitest';
import { loadRenderVerdicts } from '../../../functions/core/rendering/render-verdicts.ts';
import type { RenderVerdict } from '../../../functions/core/rendering/choose-render.ts';
import { createTable, useAwsServers } from '../../support/aws.ts';

/** The verdicts of `render: auto` pages on a real local DynamoDB: kept, re-read, and what a table fault does. */
const aws = useAwsServers();
const target = (keyword: string) => ({ site: 'shop', market: 'us', page: 'search', kind: 'search' as const, keyword });
const verdict = (mode: RenderVerdict['mode'], checkedAt = '2026-11-23T06:00:00Z'): RenderVerdict => ({
  mode,
  why: mode === 'static' ? 'a plain fetch read the same' : 'a plain fetch read 0 tiles where Chromium read 12',
  checkedAt,
  runId: 'r1',
  items: 12,
});

describe('render verdicts', () => {
  beforeAll(() => createTable(aws.dynamo(), 'verdicts'));

  it('one verdict per page, for every keyword of it, read back by the next batch', async () => {
    const batch = await loadRenderVerdicts('verdicts', [target('mascara')]);
    expect(batch.get(target('mascara'))).toBeUndefined();
    await batch.set(target('mascara'), verdict('static'));
    const next = await loadRenderVerdicts('verdicts', [target('lipstick'), target('brow gel')]);
    expect(next.get(target('lipstick'))).toEqual(verdict('static'));
    await next.set(target('lipstick'), verdict('chrome'));
    expect((await loadRenderVerdicts('verdicts', [target('x')])).get(target('x'))?.mode).toBe('chrome');
  });

  it('a table that cannot be read or written (here: none by that name) costs no page: no verdict, said, nothing thrown', async () => {
    const said: string[] = [];
    const batch = await loadRenderVerdicts('no-such-table', [target('mascara')], (message) => said.push(message));
    expect(batch.get(target('mascara'))).toBeUndefined();
    await expect(batch.set(target('mascara'), verdict('chrome'))).resolves.toBeUndefined();
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^render verdicts not read \(their pages are checked\): ResourceNotFoundException/);
    expect(said[1]).toMatch(/^render verdict for shop#us#search#search not saved: ResourceNotFoundException/);
    // Within the batch the new verdict holds: the batch's later pages follow it.
    expect(batch.get(target('lipstick'))?.mode).toBe('chrome');
  });
});
