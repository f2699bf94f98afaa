/**
 * An error the caller may see: its status and message go out as they are. Anything else becomes a
 * plain 500 "Internal error" so no stack trace or internal name ever leaves the API.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
