import { describe, expect, it } from 'vitest';
import { resolvePeer } from '../../../src/providers/cloud-providers.ts';
import { HOST_PACKAGE } from '../../../src/providers/hosts.ts';

describe('optional cloud SDKs', () => {
  it('an installed peer resolves to a file', () => {
    const issues: string[] = [];
    const path = resolvePeer(HOST_PACKAGE.bedrock!, 'bedrock', (e) => issues.push(e));
    expect(path).toMatch(/bedrock-sdk/);
    expect(issues).toEqual([]);
  });

  it('a missing peer is reported with the exact install command', () => {
    const issues: Array<[string, string, string]> = [];
    const path = resolvePeer({ name: '@tollgate-test/not-installed', version: '9.9.9' }, 'vertex', (...i) =>
      issues.push(i),
    );
    expect(path).toBeNull();
    expect(issues).toEqual([
      [
        'the optional package @tollgate-test/not-installed installed (models on vertex need it)',
        'it is not installed',
        'npm i -E @tollgate-test/not-installed@9.9.9',
      ],
    ]);
  });
});
