/**
 * An error the caller may see: its status and message go out as they are. Anything else becomes a
 * plain 500 "Internal error" so no stack trace or internal name ever leaves the API.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
