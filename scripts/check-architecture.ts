/**
 * The architecture check: over every `.ts` file under a source folder (normally `src/`) it reports
 *  - pairs of folders that import each other (a folder is the first path segment under the source
 *    folder; root files such as `src/index.ts` belong to no folder), with one example edge each way;
 *  - file import cycles (strongly connected components of the file import graph);
 *  - functions, methods and arrow functions longer than 80 lines (declaration line to closing brace);
 *  - with `layers`, every import that does not go down the layers (a room may import only rooms in
 *    lower layers), and every room that is in no layer.
 * Imports are static `import` / `export … from` (type-only ones too), `import('…')` type queries and
 * dynamic `import('…')` calls with a literal specifier. Only relative specifiers are followed.
 *
 * Run: `node --import tsx scripts/check-architecture.ts [SRC_DIR]` (exit 1 when anything is found).
 * test/unit/architecture.test.ts runs `analyzeArchitecture` on `src/` and on small fixture trees.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One import: `from` imports `to`; both are paths relative to the source folder, with `/`. */
export interface ImportEdge {
  from: string;
  to: string;
}

export interface FolderPair {
  /** The two folders, in alphabetical order. */
  a: string;
  b: string;
  /** One import from a file in `a` to a file in `b`, and one back. */
  aToB: ImportEdge;
  bToA: ImportEdge;
}

export interface LongFunction {
  file: string;
  /** 1-based line of the declaration. */
  line: number;
  name: string;
  lines: number;
}

/** An import from a room to a room at its own layer or above, or from a room in no layer. */
export interface LayerViolation extends ImportEdge {
  /** `upward` (or sideways, within one layer), or `unlayered` when a room is in no layer. */
  kind: 'upward' | 'unlayered';
}

export interface ArchitectureReport {
  folderPairs: FolderPair[];
  /** Empty when no `layers` were given. */
  layerViolations: LayerViolation[];
  /** Each cycle's files, sorted; cycles sorted by their first file. */
  fileCycles: string[][];
  longFunctions: LongFunction[];
}

export interface ArchitectureOptions {
  /** Longest allowed function, in lines. @default 80 */
  maxFunctionLines?: number;
  /** Files (relative to the source folder) whose functions are not measured. @default [] */
  skipLengthCheck?: string[];
  /**
   * The rooms from the bottom layer to the top. A room is a folder, or a root file by its name
   * (`errors.ts`). A room may import rooms of lower layers only.
   * @default none: the direction is not checked
   */
  layers?: readonly (readonly string[])[];
}

/**
 * The rooms of `src/`, bottom first: the direction imports go (README, "How it is built").
 */
export const SRC_LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'escape-control.ts'],
  ['issues', 'stats', 'format'],
  ['pricing', 'prompt', 'dataset', 'retry', 'json-schema'],
  ['providers'],
  ['scorers'],
  ['config'],
  ['log'],
  ['budget', 'cache', 'analysis'],
  ['gate'],
  ['runner'],
  ['estimate', 'report'],
  ['workflow', 'history'],
  ['cli'],
  ['define-suite.ts'],
  ['index.ts'],
];

/** The repository's settings: the generated Handlebars templates are not measured. */
export const SRC_OPTIONS: ArchitectureOptions = {
  maxFunctionLines: 80,
  skipLengthCheck: ['report/html/templates.generated.ts'],
  layers: SRC_LAYERS,
};

/** Every `.ts` file under `dir`, keyed by its path relative to `dir` (with `/`), sorted. */
export function readSourceTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((x, y) =>
      x.name.localeCompare(y.name),
    )) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** The pure check over source texts keyed by relative path. */
export function analyzeArchitecture(
  files: ReadonlyMap<string, string>,
  options: ArchitectureOptions = {},
): ArchitectureReport {
  const max = options.maxFunctionLines ?? 80;
  const skip = new Set(options.skipLengthCheck ?? []);
  const edges: ImportEdge[] = [];
  const longFunctions: LongFunction[] = [];
  for (const [file, text] of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const spec of importSpecifiers(source)) {
      const to = resolveSpecifier(file, spec, files);
      if (to !== null && to !== file) edges.push({ from: file, to });
    }
    if (!skip.has(file)) longFunctions.push(...findLongFunctions(source, file, max));
  }
  return {
    folderPairs: findFolderPairs(edges),
    layerViolations: options.layers ? findLayerViolations(edges, options.layers) : [],
    fileCycles: findCycles([...files.keys()], edges),
    longFunctions,
  };
}

/** The room of a file: its first folder, or the file itself at the root. */
function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

/** Imports that do not go down the layers; one per pair of rooms, the first seen. */
function findLayerViolations(
  edges: readonly ImportEdge[],
  layers: readonly (readonly string[])[],
): LayerViolation[] {
  const level = new Map<string, number>();
  layers.forEach((rooms, i) => {
    for (const r of rooms) level.set(r, i);
  });
  const seen = new Set<string>();
  const out: LayerViolation[] = [];
  for (const e of edges) {
    const [a, b] = [roomOf(e.from), roomOf(e.to)];
    if (a === b || seen.has(`${a}>${b}`)) continue;
    const [la, lb] = [level.get(a), level.get(b)];
    const kind = la === undefined || lb === undefined ? 'unlayered' : la <= lb ? 'upward' : null;
    if (kind === null) continue;
    seen.add(`${a}>${b}`);
    out.push({ ...e, kind });
  }
  return out.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
}

/** Every module specifier a file names: imports, re-exports, import types and dynamic imports. */
export function importSpecifiers(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      out.push(node.moduleSpecifier.text);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      out.push(node.argument.literal.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      out.push(node.moduleReference.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The file a relative specifier names (`.ts`, `.js` written for `.ts`, no extension, or `/index.ts`). */
function resolveSpecifier(from: string, spec: string, files: ReadonlyMap<string, string>): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const tries = [base, base.replace(/\.(m?js)$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return tries.find((t) => files.has(t)) ?? null;
}

function folderOf(file: string): string | null {
  const slash = file.indexOf('/');
  return slash === -1 ? null : file.slice(0, slash);
}

function findFolderPairs(edges: ImportEdge[]): FolderPair[] {
  const example = new Map<string, ImportEdge>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === null || b === null || a === b) continue;
    const key = `${a}\0${b}`;
    if (!example.has(key)) example.set(key, e);
  }
  const pairs: FolderPair[] = [];
  for (const [key, aToB] of example) {
    const [a, b] = key.split('\0') as [string, string];
    const bToA = example.get(`${b}\0${a}`);
    if (a < b && bToA) pairs.push({ a, b, aToB, bToA });
  }
  return pairs.sort((x, y) => `${x.a}/${x.b}`.localeCompare(`${y.a}/${y.b}`));
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function findCycles(nodes: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const n of nodes) if (!index.has(n)) connect(n);
  return cycles.sort((x, y) => x[0]!.localeCompare(y[0]!));
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Functions with a body longer than `max` lines, counted from the declaration's line to its end. */
export function findLongFunctions(source: ts.SourceFile, file: string, max: number): LongFunction[] {
  const out: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) && node.body) {
      const start = declarationStart(node, source);
      const line = source.getLineAndCharacterOfPosition(start).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - line + 1;
      if (lines > max) out.push({ file, line: line + 1, name: functionName(node), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Where the declaration starts: for `const f = () => {…}`, the variable's name. */
function declarationStart(node: FunctionNode, source: ts.SourceFile): number {
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.initializer === node)
    return parent.name.getStart(source);
  return node.getStart(source);
}

function functionName(node: FunctionNode): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    return `(callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`;
  }
  return '(anonymous)';
}

/** The report as text, one finding a line; empty when all is well. */
export function formatReport(report: ArchitectureReport, root = 'src'): string {
  const lines: string[] = [];
  for (const p of report.folderPairs)
    lines.push(
      `folders import each other: ${p.a} <-> ${p.b} (${root}/${p.aToB.from} -> ${root}/${p.aToB.to}; ${root}/${p.bToA.from} -> ${root}/${p.bToA.to})`,
    );
  for (const v of report.layerViolations)
    lines.push(
      v.kind === 'unlayered'
        ? `room in no layer: ${root}/${v.from} -> ${root}/${v.to} (add the room to SRC_LAYERS)`
        : `import against the layers: ${root}/${v.from} -> ${root}/${v.to}`,
    );
  for (const c of report.fileCycles)
    lines.push(`file import cycle: ${c.map((f) => `${root}/${f}`).join(', ')}`);
  for (const f of report.longFunctions)
    lines.push(`function longer than 80 lines: ${root}/${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
  return lines.join('\n');
}

function main(): void {
  const dir = process.argv[2] ?? 'src';
  const report = analyzeArchitecture(readSourceTree(dir), SRC_OPTIONS);
  const text = formatReport(report, dir.replace(/\/+$/, ''));
  const count =
    report.folderPairs.length +
    report.layerViolations.length +
    report.fileCycles.length +
    report.longFunctions.length;
  if (count === 0) {
    console.log(
      `architecture: ${dir} has no folder import pairs, imports only down its layers, no file cycles, no function over 80 lines.`,
    );
    return;
  }
  console.log(text);
  console.log(
    `\n${report.folderPairs.length} folder pair(s), ${report.layerViolations.length} layer violation(s), ${report.fileCycles.length} file cycle(s), ${report.longFunctions.length} long function(s).`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
