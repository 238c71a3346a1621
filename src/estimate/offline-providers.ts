import type { ResolvedModel } from '../config/resolved.ts';
import { apiKeyOf, createProviders, keyEnvOf } from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';

/** A stand-in key for providers when the real one is not set: estimate sends nothing. */
const NO_KEY = 'tollgate-estimate-sends-no-request';

/** Providers built for their request bodies and endpoints only: no key needed, and no fetch allowed. */
export function offlineProviders(
  models: ResolvedModel[],
  env: Record<string, string | undefined>,
  suiteFile: string,
  notes: string[],
): Map<string, Provider> {
  const penv: Record<string, string | undefined> = { ...env };
  const missing = new Set<string>();
  for (const m of models) {
    if (m.provider === 'sim' || apiKeyOf(m, penv)) continue;
    const keyEnv = keyEnvOf(m);
    if (keyEnv && !penv[keyEnv]) {
      missing.add(keyEnv);
      penv[keyEnv] = NO_KEY;
    }
  }
  if (missing.size > 0)
    notes.push(
      `${[...missing].join(', ')} ${missing.size === 1 ? 'is' : 'are'} not set: \`run\` will need ${missing.size === 1 ? 'it' : 'them'}.`,
    );
  const refuse: typeof fetch = () => Promise.reject(new Error('tollgate estimate sends no requests'));
  return createProviders(
    models,
    { env: penv, simBaseURL: 'http://127.0.0.1:9/v1', fetch: refuse },
    suiteFile,
  );
}
