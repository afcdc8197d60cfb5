import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Issue 15: the patient's pages are opened on phones, often on a slow connection, so what they
 * send as first-load JavaScript is kept close to the framework's own. This follows the imports of
 * every file of app/patient the way the bundler does: from a server component through to each
 * 'use client' boundary, then every runtime import of that client code (type-only imports are
 * erased, a 'use server' module becomes a reference, an `import()` is a chunk loaded later). No
 * package below may be reached that way; each is large or meant for the server.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

const HEAVY_PACKAGES = [
  'zod', // validation runs on the server (lib/validation), never on the phone
  'recharts', // the progress chart is loaded with next/dynamic after the page
  '@serwist/window',
  '@serwist/turbopack',
  'drizzle-orm',
  'postgres',
  '@electric-sql/pglite',
  'pdfkit',
  'pino',
  'nodemailer',
  '@node-rs/argon2',
  '@zxcvbn-ts/core',
];

interface ClientGraph {
  /** Files of the repository bundled for the browser, relative to the root. */
  clientFiles: Set<string>;
  /** Each package the browser bundle imports, with one chain of files that leads to it. */
  packages: Map<string, string[]>;
}

function directives(source: ts.SourceFile): string[] {
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    found.push(statement.expression.text);
  }
  return found;
}

/** Static imports that survive TypeScript's erasure (what the bundler then follows). */
function runtimeImports(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        !clause.name &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      if (onlyTypes) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/')
    ? path.join(ROOT, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

/** Whether a package's entry is itself a client component (e.g. a provider a layout renders). */
function isClientPackageEntry(specifier: string): boolean {
  try {
    const head = readFileSync(requireFromRoot.resolve(specifier), 'utf8').slice(0, 200);
    return /^\s*(['"])use client\1/.test(head);
  } catch {
    return false; // not resolvable from here (types only, or a Node built-in)
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Walks from `entries` (server files unless marked) and returns what reaches the browser. */
function clientGraph(entries: string[], startAsClient = false): ClientGraph {
  const clientFiles = new Set<string>();
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, client: boolean, chain: string[]) => {
    const key = `${client}:${file}`;
    if (seen.has(key)) return;
    seen.add(key);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const marks = directives(source);
    if (client && marks.includes('use server')) return; // becomes a server reference
    const isClient = client || marks.includes('use client');
    const here = [...chain, path.relative(ROOT, file)];
    if (isClient) clientFiles.add(path.relative(ROOT, file));
    for (const specifier of runtimeImports(source)) {
      if (specifier.startsWith('.') || specifier.startsWith('@/')) {
        const target = resolveLocal(file, specifier);
        if (!target) throw new Error(`${here.at(-1)}: cannot resolve ${specifier}`);
        if (/\.(ts|tsx)$/.test(target)) visit(target, isClient, here);
      } else if (!specifier.startsWith('node:') && (isClient || isClientPackageEntry(specifier))) {
        const name = packageName(specifier);
        if (!packages.has(name)) packages.set(name, [...here, specifier]);
      }
    }
  };
  for (const entry of entries) visit(entry, startAsClient, []);
  return { clientFiles, packages };
}

function routeFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...routeFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
  }
  return files;
}

describe("the patient's pages' browser bundle", () => {
  const graph = clientGraph(routeFiles(path.join(ROOT, 'app/patient')));

  it('holds the client components the patient uses (the walk follows the real imports)', () => {
    expect(graph.clientFiles).toContain('components/today/day-log-form.tsx');
    expect(graph.clientFiles).toContain('components/offline/register-service-worker.tsx');
    expect(graph.packages.has('react')).toBe(true);
  });

  it('reaches none of the large or server-side packages', () => {
    const reached = HEAVY_PACKAGES.filter((name) => graph.packages.has(name)).map(
      (name) => `${name}: ${graph.packages.get(name)!.join(' → ')}`,
    );
    expect(reached).toEqual([]);
  });

  it('would notice zod if a client component imported a validation schema', () => {
    // The walk itself, on code known to use zod: a client entry importing lib/validation.
    const probe = clientGraph([path.join(ROOT, 'lib/validation/day-log.ts')], true);
    expect(probe.packages.has('zod')).toBe(true);
  });

  it("keeps the settings page's notifications control out of Today's first load", () => {
    // Issue 18, item 3: the control (and its words for every failure) loads with Settings only.
    const today = clientGraph(
      [
        'app/patient/layout.tsx',
        'app/patient/(today)/page.tsx',
        'app/patient/(today)/loading.tsx',
      ].map((file) => path.join(ROOT, file)),
    );
    expect(today.clientFiles).toContain('components/offline/register-service-worker.tsx');
    expect(
      [...today.clientFiles].filter((file) => file.startsWith('components/reminders/')),
    ).toEqual([]);
    expect(today.clientFiles).not.toContain('lib/offline/phone-notifications.ts');
  });

  it('does not count a lazily loaded chunk (next/dynamic) as first load', () => {
    const probe = clientGraph([path.join(ROOT, 'components/progress/progress-panel.tsx')], true);
    expect(probe.packages.has('recharts')).toBe(false);
    expect(probe.packages.has('next')).toBe(true);
  });
});
