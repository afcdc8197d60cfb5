import type { DestinationStream, Logger } from 'pino';

export declare const LOG_LEVELS: readonly [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
export type LogLevel = (typeof LOG_LEVELS)[number];

export declare const REQUEST_ID_HEADER: 'x-request-id';

export declare function scrub(text: unknown): string;
export declare function parseLogLevel(value: string | undefined): LogLevel;
export declare function serializeError(error: unknown): Record<string, unknown>;
export declare function createLogger(options?: {
  level?: LogLevel;
  destination?: DestinationStream;
}): Logger;

export declare const log: Logger;

export declare function currentRequestId(): Promise<string | null>;

export declare function logServerError(
  error: unknown,
  context?: {
    requestId?: string | null;
    where?: string;
    digest?: string;
    routePath?: string;
    routeType?: string;
  },
): Promise<void>;
