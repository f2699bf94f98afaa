import { RE2JS } from 're2js';

/**
 * Regular expressions from selector and tracking files (`match`, `namePattern`, `urlPattern`) run
 * on RE2 (re2js, pure JavaScript), whose matching time is linear in the text whatever the pattern:
 * a pattern with catastrophic backtracking such as `(a+)+$` cannot freeze a scan, because no
 * pattern can backtrack. A ReDoS check at validation would be a heuristic over JavaScript's
 * backtracking engine; a linear-time engine is a guarantee. The cost is RE2's syntax: no
 * lookaround and no backreferences, which a field never needs. Matching ignores case.
 */
export interface Pattern {
  /** The first match: its first group when it has one, else the whole match. */
  firstMatch(text: string): string | null;
  test(text: string): boolean;
}

const compiled = new Map<string, Pattern>();

export function compilePattern(source: string): Pattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    const re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    pattern = {
      firstMatch(text) {
        const matcher = re.matcher(text);
        if (!matcher.find()) return null;
        return matcher.groupCount() >= 1 && matcher.group(1) !== null ? matcher.group(1) : matcher.group(0);
      },
      test: (text) => re.matcher(text).find(),
    };
    compiled.set(source, pattern);
  }
  return pattern;
}

/** Why a pattern cannot be used, in the maintainer's words; null when it compiles. */
export function patternProblem(source: string): string | null {
  try {
    RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    const unsupported = /\(\?[=!<]|\\[1-9]/.test(source)
      ? ' (lookarounds and backreferences are not supported: patterns run on RE2, in linear time)'
      : '';
    return `not a valid regular expression: ${detail}${unsupported}`;
  }
}
