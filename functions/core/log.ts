import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools); the level comes from LOG_LEVEL / POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'shelfwatch' });

export const logError = (message: string, error: unknown): void => logger.error(message, error as Error);
