export declare const SHUTDOWN_MESSAGE: 'adhere:shutdown';
export declare function workerCount(
  env: Record<string, string | undefined>,
  cores?: number,
): { count: number; ignored: boolean };
export declare function supervise(count: number): void;
