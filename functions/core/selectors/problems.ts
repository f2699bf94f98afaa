import type { z } from 'zod';
import { describeIssue, formatPath } from '../schemas/issue-wording.ts';

/** One thing wrong with one selector file, worded for the maintainer who has to fix it. */
export interface SelectorProblem {
  file: string;
  /** e.g. `pages[2].item`; empty when the whole file is at fault (unreadable, not YAML). */
  field: string;
  message: string;
}

export function formatProblem(problem: SelectorProblem): string {
  return problem.field
    ? `${problem.file}: ${problem.field}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
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
