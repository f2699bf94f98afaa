import type { z } from 'zod';

/** `['pages', 2, 'slots', 'hero']` → `pages[2].slots.hero` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** One zod issue in plain words: "required", "expected a list, got \"fr\"", or the schema's own message. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'required';
  // Zod's own wording ("Invalid input: expected string, received number") unless a schema set its own.
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  const got = Array.isArray(issue.input)
    ? 'a list'
    : issue.input === null
      ? 'nothing'
      : typeof issue.input === 'object'
        ? 'a mapping'
        : JSON.stringify(issue.input);
  return `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected}, got ${got}`;
}
