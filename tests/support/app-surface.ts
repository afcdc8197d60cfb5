// Everything a client can reach in Adhere, read from the code itself: pages, route handlers and
// server actions. The authorisation matrix and the boundary fuzz tests check their tables against
// this list, so a new endpoint without an entry fails them instead of going untested.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Vitest and Playwright both run from the repository's root.
export const ROOT = process.cwd();

/** Folders that are not application code (tests call actions, but are not actions). */
const NOT_APP_CODE = new Set([
  'node_modules',
  '.git',
  '.data',
  'tests',
  'test-results',
  'playwright-report',
  'blob-report',
  'bench',
  'coverage',
]);

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_APP_CODE.has(entry.name) || entry.name.startsWith('.next')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name)) files.push(full);
  }
  return files;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/**
 * The URL pattern of a file under app/, as Next.js routes it: route groups `(x)` and parallel
 * slots `@x` are not part of the URL; private folders `_x` are not routed at all (null).
 */
export function routeOf(file: string): string | null {
  const segments = file.split('/').slice(1, -1);
  if (segments.some((s) => s.startsWith('_'))) return null;
  const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${kept.join('/')}`;
}

export interface PageEntry {
  file: string;
  route: string;
}

export interface RouteHandlerEntry {
  file: string;
  route: string;
  methods: string[];
}

export interface ServerActionEntry {
  /** `file#export`, the key of the expectations table. */
  key: string;
  file: string;
  name: string;
}

function parse(file: string): ts.SourceFile {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

const hasExportModifier = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Every name a module exports (`export const`, `export function`, `export { a as b }`). */
export function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) names.push(element.name.text);
      }
    } else if (ts.isExportAssignment(statement)) {
      names.push('default');
    } else if (hasExportModifier(statement)) {
      const isDefault = (ts.getModifiers(statement as ts.HasModifiers) ?? []).some(
        (m) => m.kind === ts.SyntaxKind.DefaultKeyword,
      );
      if (isDefault) names.push('default');
      else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        }
      } else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
        statement.name
      ) {
        names.push(statement.name.text);
      }
    }
  }
  return names;
}

const isUseServer = (statement: ts.Statement | undefined) =>
  !!statement &&
  ts.isExpressionStatement(statement) &&
  ts.isStringLiteral(statement.expression) &&
  statement.expression.text === 'use server';

/** A module whose directive prologue says 'use server': every export is a server action. */
function isServerActionModule(source: ts.SourceFile): boolean {
  for (const statement of source.statements) {
    if (isUseServer(statement)) return true;
    if (!(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression))) break;
  }
  return false;
}

/** Functions marked 'use server' inside a component: actions that no table could name. */
function inlineServerActions(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body)) {
      if (isUseServer(node.body.statements[0])) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${source.fileName}:${line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Metadata files Next.js serves as GET routes of their own (a web manifest, robots, icons). */
const METADATA_ROUTES: Record<string, string> = {
  manifest: 'manifest.webmanifest',
  robots: 'robots.txt',
  sitemap: 'sitemap.xml',
  icon: 'icon',
  'apple-icon': 'apple-icon',
  'opengraph-image': 'opengraph-image',
  'twitter-image': 'twitter-image',
};

function metadataRoute(route: string, base: string): string | null {
  const match = /^([a-z-]+)\.(ts|tsx|js|jsx)$/.exec(base);
  const served = match?.[1] ? METADATA_ROUTES[match[1]] : undefined;
  return served ? `${route === '/' ? '' : route}/${served}` : null;
}

export interface AppSurface {
  pages: PageEntry[];
  routeHandlers: RouteHandlerEntry[];
  /** The files of public/, as Next.js serves them to anyone (`/icons/icon-192.png`). */
  publicFiles: string[];
  serverActions: ServerActionEntry[];
  /** `file:line` of every inline 'use server' function (there should be none). */
  inlineServerActions: string[];
}

/** Reads the whole surface from the source tree. */
export function discoverAppSurface(): AppSurface {
  const files = walk(ROOT).map(relative).sort();
  const pages: PageEntry[] = [];
  const routeHandlers: RouteHandlerEntry[] = [];
  const serverActions: ServerActionEntry[] = [];
  const inline: string[] = [];

  for (const file of files) {
    const base = path.posix.basename(file);
    const inApp = file.startsWith('app/');
    const route = inApp ? routeOf(file) : null;
    if (route && /^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) pages.push({ file, route });
    const source = parse(file);
    if (route && /^route\.(ts|tsx|js|mjs)$/.test(base)) {
      const methods = exportedNames(source).filter((name) => HTTP_METHODS.includes(name));
      routeHandlers.push({ file, route, methods });
    }
    const metadata = route ? metadataRoute(route, base) : null;
    if (metadata) routeHandlers.push({ file, route: metadata, methods: ['GET'] });
    if (isServerActionModule(source)) {
      for (const name of exportedNames(source)) {
        serverActions.push({ key: `${file}#${name}`, file, name });
      }
    } else {
      inline.push(...inlineServerActions(source));
    }
  }
  return {
    pages,
    routeHandlers,
    publicFiles: publicFiles(path.join(ROOT, 'public')),
    serverActions,
    inlineServerActions: inline,
  };
}

function publicFiles(dir: string, under = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? publicFiles(path.join(dir, entry.name), `${under}/${entry.name}`)
      : [`${under}/${entry.name}`],
  );
}

/** Differences between what the code has and what a table names, for one clear failure. */
export function compareWithTable(discovered: readonly string[], table: readonly string[]) {
  return {
    missingFromTable: discovered.filter((key) => !table.includes(key)),
    notInCode: table.filter((key) => !discovered.includes(key)),
  };
}
