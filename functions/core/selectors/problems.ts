import type { z } from 'zod';

/** One thing wrong with one selector file, worded for the maintainer who has to fix it. */
export interface SelectorProblem {
  file: string;
  /** e.g. `pages[2].item`; empty when the whole file is at fault (unreadable, not YAML). */
  field: string;
  message: string;
}

export function formatProblem(problem: SelectorProblem): string {
  return problem.field ? `${problem.file}: ${problem.field}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/** `['pages', 2, 'slots', 'hero']` → `pages[2].slots.hero` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Zod's issues, one problem each, with "required" and "unknown key" said plainly. */
export function problemsFromZod(file: string, error: z.ZodError): SelectorProblem[] {
  const problems: SelectorProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file, field: formatPath([...issue.path, key]), message: 'unknown key (a typo?)' });
      }
      continue;
    }
    problems.push({ file, field: formatPath(issue.path), message: describeIssue(issue) });
  }
  return problems;
}

/** One zod issue in plain words: "required", "expected a list, got \"fr\"", or the schema's own message. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'required';
  // Zod's own wording ("Invalid input: expected string, received number") unless a schema set its own.
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  const got = Array.isArray(issue.input) ? 'a list' : issue.input === null ? 'nothing' : typeof issue.input === 'object' ? 'a mapping' : JSON.stringify(issue.input);
  return `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected}, got ${got}`;
}
