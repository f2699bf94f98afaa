import { EventEmitter } from 'node:events';

/** A browser that only knows how to be closed and to say it disconnected; its memory is the test's to set. */
export function fakeBrowser(upstream: string | null = null) {
  const events = new EventEmitter();
  const browser = Object.assign(events, {
    upstream,
    mb: 200,
    closed: false,
    close: async () => {
      browser.closed = true;
      events.emit('disconnected');
    },
    process: () => null,
  });
  return browser;
}
export type FakeBrowser = ReturnType<typeof fakeBrowser>;
