import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeArchitecture,
  formatReport,
  readSourceTree,
  SRC_OPTIONS,
} from '../../scripts/check-architecture.ts';

const root = join(import.meta.dirname, '..', '..');
// the fixtures have rooms of their own, so src/'s layers do not apply to them
const fixture = (name: string) =>
  analyzeArchitecture(readSourceTree(join(root, 'test', 'fixtures', 'architecture', name)), {
    ...SRC_OPTIONS,
    layers: undefined,
  });

describe('the architecture check (scripts/check-architecture.ts)', () => {
  it('finds nothing in a tree whose imports go one way', () => {
    expect(fixture('clean')).toEqual({
      folderPairs: [],
      layerViolations: [],
      fileCycles: [],
      longFunctions: [],
    });
  });

  it('catches two folders that import each other, with one edge each way', () => {
    const report = fixture('folder-pair');
    expect(report.folderPairs).toEqual([
      {
        a: 'alpha',
        b: 'beta',
        aToB: { from: 'alpha/uses-beta.ts', to: 'beta/beta.ts' },
        bToA: { from: 'beta/uses-alpha.ts', to: 'alpha/shape.ts' },
      },
    ]);
    expect(report.fileCycles).toEqual([]);
  });

  it('catches file cycles through re-exports, dynamic imports and import() type queries', () => {
    const report = fixture('file-cycle');
    expect(report.fileCycles).toEqual([
      ['judge.ts', 'scorer.ts'],
      ['sim/routes.ts', 'sim/server.ts', 'sim/state.ts'],
    ]);
    // root files belong to no folder
    expect(report.folderPairs).toEqual([]);
  });

  it('catches an import up the layers and a room in no layer', () => {
    const files = readSourceTree(join(root, 'test', 'fixtures', 'architecture', 'layers'));
    const report = analyzeArchitecture(files, { layers: [['low'], ['high']] });
    expect(report.layerViolations).toEqual([
      { from: 'high/uses-side.ts', to: 'side/side.ts', kind: 'unlayered' },
      { from: 'low/base.ts', to: 'high/top.ts', kind: 'upward' },
    ]);
    // without layers the direction is not checked
    expect(analyzeArchitecture(files).layerViolations).toEqual([]);
  });

  it('catches functions, arrow functions and methods over 80 lines, and lets 80 pass', () => {
    expect(fixture('long-function').longFunctions).toEqual([
      { file: 'long.ts', line: 84, name: 'tooLong', lines: 81 },
      { file: 'long.ts', line: 167, name: 'longArrow', lines: 81 },
      { file: 'long.ts', line: 251, name: 'run', lines: 82 },
    ]);
  });

  describe('src/', () => {
    const report = analyzeArchitecture(readSourceTree(join(root, 'src')), SRC_OPTIONS);
    // each message lists the findings, so a failure says what to fix
    const found = formatReport(report);
    it('has no two folders that import each other', () => {
      expect(report.folderPairs, found).toEqual([]);
    });
    it('imports only down its layers, and every room has a layer', () => {
      expect(report.layerViolations, found).toEqual([]);
    });
    it('has no file import cycles', () => {
      expect(report.fileCycles, found).toEqual([]);
    });
    it('has no function longer than 80 lines (the generated templates aside)', () => {
      expect(report.longFunctions, found).toEqual([]);
    });
  });
});
