export declare const UNMATCHED: '(unmatched)';
export declare function routeNamer(manifest: {
  staticRoutes: { page: string }[];
  dynamicRoutes: { page: string; regex: string }[];
}): (pathname: string) => string;
export declare function loadRouteNamer(distDir: string): (pathname: string) => string;
