/** `npm run templates`: writes src/report/html/templates.generated.ts from the .hbs templates. */
import { writeFileSync } from 'node:fs';
import { precompiledTemplatesModule } from '../src/report/html/precompile.ts';

const path = new URL('../src/report/html/templates.generated.ts', import.meta.url);
writeFileSync(path, precompiledTemplatesModule());
console.log(`wrote ${path.pathname}`);
