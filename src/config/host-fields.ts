import type { ConfigIssue } from '../errors.ts';
import type { ModelInput, SuiteConfig } from './schema.ts';

interface SuiteModels {
  config: Partial<SuiteConfig>;
  at: (path: Array<string | number>) => { file: string; path: string; line: number | null };
}

/** Which providers each cloud field belongs to. */
const FIELD_HOSTS: Record<string, readonly string[]> = {
  deployment: ['azure'],
  apiVersion: ['azure'],
  region: ['bedrock', 'vertex'],
  projectId: ['vertex'],
};

/** A cloud field on a model of another provider is a mistake: it would be silently ignored. */
export function hostFieldsFit(suite: SuiteModels): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  (suite.config.models ?? []).forEach((m: ModelInput, i) => {
    if (typeof m === 'string') return;
    for (const [field, hosts] of Object.entries(FIELD_HOSTS)) {
      if ((m as Record<string, unknown>)[field] === undefined || hosts.includes(m.provider)) continue;
      issues.push({
        ...suite.at(['models', i, field]),
        expected: `\`${field}\` only on provider ${hosts.join(' or ')}`,
        got: `it on provider ${m.provider}`,
        fix: `remove \`${field}\`, or set \`provider: ${hosts[0]}\`.`,
      });
    }
  });
  return issues;
}
