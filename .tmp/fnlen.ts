import ts from 'typescript';
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
for (const f of files) {
  const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n: ts.Node) => {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
      const a = src.getLineAndCharacterOfPosition(n.getStart()).line;
      const b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (b - a + 1 > 80) console.log(`${f}:${a + 1} ${b - a + 1} lines ${(n as any).name?.getText?.() ?? ''}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
