import { ConfigError, type ConfigIssue } from '../errors.ts';
import { createAnthropicProvider } from './anthropic.ts';
import { createOpenAIProvider } from './openai.ts';
import type { Provider } from './provider.ts';
import type { Redactor } from './redact.ts';

/** What a provider is made from: a resolved model's provider, endpoint and key variable. */
export interface ProviderModel {
  /** The model's id in candidate ids. */
  id: string;
  provider: 'openai' | 'anthropic' | 'sim';
  baseURL: string | undefined;
  /** Chat Completions or the Responses API. @default 'chat' */
  api?: 'chat' | 'responses';
  /** The env var holding the key; null for the simulator, `none` for a server that takes none. */
  apiKeyEnv: string | null;
}

export interface ProviderEnv {
  env: Record<string, string | undefined>;
  /** The running simulator's OpenAI base URL, when a model uses `sim`. */
  simBaseURL?: string;
  fetch?: typeof fetch;
  /** The run's redactor: each key read is registered on it. @default none (patterns only) */
  redactor?: Redactor;
}

/** The environment variable holding a real provider's key: the model's `apiKeyEnv`, else the provider's default. */
export function keyEnvOf(m: Pick<ProviderModel, 'provider' | 'apiKeyEnv'>): string {
  return m.apiKeyEnv ?? (m.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
}

/** A real provider's base URL: the model's own, else the provider's variable in the environment. */
export function baseURLOf(
  m: Pick<ProviderModel, 'provider' | 'baseURL'>,
  env: Record<string, string | undefined>,
): string | undefined {
  return (
    m.baseURL ?? (m.provider === 'anthropic' ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL) ?? undefined
  );
}

/**
 * What a keyless server is sent as its key: the SDKs refuse to start without one. It is no secret
 * and is never registered for redaction.
 */
export const NO_KEY_PLACEHOLDER = 'tollgate-no-key';

/** Whether a URL's host is this machine (127.0.0.0/8, localhost, ::1). */
export function isLoopbackURL(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * The key a real provider is sent, and the variable it came from (null when none is needed): the
 * model's `apiKeyEnv`, else the provider's default. `apiKeyEnv: none`, or a loopback base URL with
 * the variable unset (Ollama, vLLM, llama.cpp), needs no key: the placeholder is sent. Undefined
 * when a key is needed and its variable is unset.
 */
export function apiKeyOf(
  m: Pick<ProviderModel, 'provider' | 'apiKeyEnv' | 'baseURL'>,
  env: Record<string, string | undefined>,
): { apiKey: string; keyEnv: string | null } | undefined {
  if (m.apiKeyEnv === 'none') return { apiKey: NO_KEY_PLACEHOLDER, keyEnv: null };
  const keyEnv = keyEnvOf(m);
  const apiKey = env[keyEnv];
  if (apiKey) return { apiKey, keyEnv };
  if (isLoopbackURL(baseURLOf(m, env))) return { apiKey: NO_KEY_PLACEHOLDER, keyEnv: null };
  return undefined;
}

/** The stable endpoint name of the simulator: its port changes per run, its cache keys must not. */
export const SIM_ENDPOINT = 'sim://local';

/**
 * Creates one provider per distinct endpoint and key. Keys are read from the environment only; a
 * missing key is a ConfigError naming the variable, raised before any request is sent.
 */
export function createProviders(
  models: ProviderModel[],
  penv: ProviderEnv,
  suiteFile: string,
): Map<string, Provider> {
  const issues: ConfigIssue[] = [];
  const out = new Map<string, Provider>();
  const byEndpoint = new Map<string, Provider>();
  for (const m of models) {
    const api = m.api ?? 'chat';
    if (m.provider === 'sim') {
      const key = `sim|${SIM_ENDPOINT}|${api}`;
      let p = byEndpoint.get(key);
      if (!p) {
        if (!penv.simBaseURL) throw new Error('the simulator is not running');
        p = createOpenAIProvider({
          apiKey: 'sim-no-key',
          baseURL: penv.simBaseURL,
          apiKeyEnv: null,
          name: 'sim',
          endpoint: SIM_ENDPOINT,
          api,
          fetch: penv.fetch,
        });
        byEndpoint.set(key, p);
      }
      out.set(m.id, p);
      continue;
    }
    const key = apiKeyOf(m, penv.env);
    if (!key) {
      const keyEnv = keyEnvOf(m);
      issues.push({
        file: suiteFile,
        path: `models (${m.id})`,
        line: null,
        expected: `an API key in the environment variable ${keyEnv}`,
        got: `${keyEnv} unset`,
        fix: `export ${keyEnv}=... (keys are read from the environment only), or set \`apiKeyEnv\` on the model (\`none\` for a server that takes no key).`,
      });
      continue;
    }
    const { apiKey, keyEnv } = key;
    if (keyEnv !== null) penv.redactor?.register(apiKey);
    const baseURL = baseURLOf(m, penv.env);
    const slot = `${m.provider}|${baseURL ?? ''}|${keyEnv ?? 'none'}|${api}`;
    let p = byEndpoint.get(slot);
    if (!p) {
      const common = { apiKey, baseURL, apiKeyEnv: keyEnv, fetch: penv.fetch, redact: penv.redactor?.redact };
      p =
        m.provider === 'openai' ? createOpenAIProvider({ ...common, api }) : createAnthropicProvider(common);
      byEndpoint.set(slot, p);
    }
    out.set(m.id, p);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}
