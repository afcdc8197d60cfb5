export declare function requestIdFor(
  upstream: string | string[] | undefined,
  env?: Record<string, string | undefined>,
): string;
