/** A connection the guard refused (an internal address); the page reader records it as the page's reason. */
export class ConnectionRefusedError extends Error {
  override name = 'ConnectionRefusedError';
}
