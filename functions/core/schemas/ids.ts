import { z } from 'zod';
import { DAY_PATTERN, isCalendarDay, todayUtc, shiftDay } from '../day.ts';

/** A run id: the day and a suffix, e.g. `2026-11-23-1a2b3c4d` (word characters and "-", at most 80). */
export const RUN_ID_PATTERN = /^[\w-]{1,80}$/;

export const runIdSchema = z.string().regex(RUN_ID_PATTERN, { error: 'expected a run id such as 2026-11-23-1a2b3c4d' });

/** A calendar day as `YYYY-MM-DD`. */
export const daySchema = z
  .string()
  .regex(DAY_PATTERN, { error: 'expected a date as YYYY-MM-DD' })
  .refine(isCalendarDay, { error: 'not a calendar date' });

/** A day a person may ask about: from 2000 to tomorrow (a team ahead of UTC is already there). */
export const requestedDaySchema = daySchema.refine((day) => day >= '2000-01-01' && day <= shiftDay(todayUtc(), 2), {
  error: 'out of range (2000-01-01 to tomorrow)',
});
