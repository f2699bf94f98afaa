import type { RunProgress } from '../../functions/core/store/model.ts';

const FAILED: ReadonlyArray<keyof RunProgress['done']> = ['http_error', 'timeout', 'failed'];

/** One line: bar, pages done / failed / pending, pages per second. */
export function progressLine(progress: RunProgress, elapsedMs: number, width = 24): string {
  const finished = progress.jobsExpected - progress.pending;
  const filled = progress.jobsExpected ? Math.round((finished / progress.jobsExpected) * width) : width;
  const failed = FAILED.reduce((sum, status) => sum + progress.done[status], 0);
  const rate = elapsedMs > 0 ? finished / (elapsedMs / 1000) : 0;
  const others = (['selector_miss', 'blocked'] as const)
    .filter((status) => progress.done[status] > 0)
    .map((status) => `${status} ${progress.done[status]}`);
  return [
    `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${finished}/${progress.jobsExpected} pages`,
    `ok ${progress.done.ok}`,
    ...others,
    `failed ${failed}`,
    `pending ${progress.pending}`,
    `${rate.toFixed(1)} pages/s`,
  ].join(' · ');
}

/** Redraws in place on a terminal; elsewhere (CI, pipes) prints a line now and then. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(line: string): void;
  done(line: string): void;
} {
  let last = 0;
  return {
    update(line) {
      if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
      else if (Date.now() - last > 2_000) {
        stream.write(`${line}\n`);
        last = Date.now();
      }
    },
    done(line) {
      stream.write(stream.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}
