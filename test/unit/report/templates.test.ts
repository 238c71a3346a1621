import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { precompiledTemplatesModule } from '../../../src/report/html/precompile.ts';

describe('the precompiled report templates', () => {
  it('are what `npm run templates` makes from the .hbs files today', async () => {
    const committed = await readFile(
      new URL('../../../src/report/html/templates.generated.ts', import.meta.url),
      'utf8',
    );
    expect(committed === precompiledTemplatesModule(), 'an .hbs file changed: run `npm run templates`').toBe(
      true,
    );
  });
});
