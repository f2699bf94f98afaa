import { describe, expect, it } from 'vitest';
import { slotChanges } from '../../../functions/core/scorecard/build.ts';
import type { HeldSlot } from '../../../functions/core/scorecard/types.ts';

const slots = (...entries: Array<[string, number, string]>): HeldSlot[] =>
  entries.map(([slot, index, name]) => ({ slot, index, name, brand: 'Lumière' }));
const names = (list: HeldSlot[]) => list.map((slot) => `${slot.slot}#${slot.index} ${slot.name}`);

describe('What changed in the slots we hold', () => {
  it.each([
    ['nothing', slots(['hero', 1, 'A']), slots(['hero', 1, 'A']), [], [], []],
    ['our product moved within its slot', slots(['carousel', 3, 'A']), slots(['carousel', 7, 'A']), [], [], []],
    [
      'one of ours replaced by another of ours',
      slots(['hero', 1, 'A']),
      slots(['hero', 1, 'B']),
      [],
      [],
      ['hero#1 A → hero#1 B'],
    ],
    [
      'one more of ours',
      slots(['carousel', 2, 'A']),
      slots(['carousel', 2, 'A'], ['carousel', 4, 'B']),
      ['carousel#4 B'],
      [],
      [],
    ],
    [
      'one fewer of ours',
      slots(['carousel', 2, 'A'], ['carousel', 4, 'B']),
      slots(['carousel', 4, 'B']),
      [],
      ['carousel#2 A'],
      [],
    ],
    [
      'a slot lost, another gained',
      slots(['hero', 1, 'A']),
      slots(['carousel', 2, 'A']),
      ['carousel#2 A'],
      ['hero#1 A'],
      [],
    ],
    [
      'two swapped, one lost',
      slots(['carousel', 1, 'A'], ['carousel', 2, 'B'], ['carousel', 3, 'C']),
      slots(['carousel', 1, 'D'], ['carousel', 2, 'E']),
      [],
      ['carousel#3 C'],
      ['carousel#1 A → carousel#1 D', 'carousel#2 B → carousel#2 E'],
    ],
    [
      'one of ours replaced in place, another gone: the one gone is the one lost',
      slots(['hero', 1, 'A'], ['hero', 2, 'B']),
      slots(['hero', 2, 'C']),
      [],
      ['hero#1 A'],
      ['hero#2 B → hero#2 C'],
    ],
    [
      'in-place swaps paired before the rest, the rest in order',
      slots(['carousel', 1, 'A'], ['carousel', 4, 'B'], ['carousel', 6, 'C']),
      slots(['carousel', 2, 'D'], ['carousel', 6, 'E']),
      [],
      ['carousel#4 B'],
      ['carousel#6 C → carousel#6 E', 'carousel#1 A → carousel#2 D'],
    ],
    [
      'one of ours moved into the position of one that left: the position lost is the one vacated, not one still ours',
      slots(['hero', 1, 'A'], ['hero', 3, 'B']),
      slots(['hero', 1, 'B']),
      [],
      ['hero#3 B'],
      [],
    ],
    [
      'two of ours gone and the rest moved up: the positions lost are the last ones, none still held',
      slots(['carousel', 1, 'A'], ['carousel', 2, 'B'], ['carousel', 3, 'C'], ['carousel', 4, 'D']),
      slots(['carousel', 1, 'C'], ['carousel', 2, 'D']),
      [],
      ['carousel#3 C', 'carousel#4 D'],
      [],
    ],
    [
      'one of ours arrives and pushes another along: the position gained is the new one',
      slots(['carousel', 1, 'A']),
      slots(['carousel', 1, 'B'], ['carousel', 2, 'A']),
      ['carousel#2 A'],
      [],
      [],
    ],
    ['from none', [], slots(['hero', 1, 'A']), ['hero#1 A'], [], []],
    ['to none', slots(['hero', 1, 'A']), [], [], ['hero#1 A'], []],
  ])('%s', (_title, before, after, gained, lost, swapped) => {
    const changes = slotChanges(before, after);
    expect(names(changes.gained)).toEqual(gained);
    expect(names(changes.lost)).toEqual(lost);
    expect(changes.swapped.map(({ from, to }) => `${names([from])[0]} → ${names([to])[0]}`)).toEqual(swapped);
    // Whatever moved: a position reported lost is never one held today, a gained one never held yesterday.
    for (const slot of changes.lost)
      expect(after.some((held) => held.slot === slot.slot && held.index === slot.index)).toBe(false);
    for (const slot of changes.gained)
      expect(before.some((held) => held.slot === slot.slot && held.index === slot.index)).toBe(false);
  });
});
