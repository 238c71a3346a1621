import { ConfigError, type ConfigIssue } from '../errors.ts';
import { createAnthropicProvider } from './anthropic.ts';
import { createHostProvider, type HostEnv } from './cloud-providers.ts';
import type { Host } from './hosts.ts';
import { isLoopbackURL } from './loopback.ts';
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
  /**
   * The env var holding the key; null for the simulator and for clouds' own credential chains,
   * `none` for a server that takes no key.
   */
  apiKeyEnv: string | null;
  /** The cloud serving the model's API family, when it is not the vendor itself. */
  host?: Host;
  /** The model name (Azure's deployment defaults to it). */
  model?: string;
  deployment?: string;
  apiVersion?: string;
  region?: string;
  projectId?: string;
  /** Anthropic: send the 1M-token context beta header. */
  longContext?: boolean;
}

export interface ProviderEnv {
  env: Record<string, string | undefined>;
  /** The running simulator's OpenAI base URL, when a model uses `sim`. */
  simBaseURL?: string;
  fetch?: typeof fetch;
  /** The run's redactor: each key read is registered on it. @default none (patterns only) */
  redactor?: Redactor;
}

/** Each API family's key variable when a model names none. */
const DEFAULT_KEY_ENV: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/**
 * The environment variable holding a real provider's key: the model's `apiKeyEnv`, else the
 * provider's default. null for a cloud model that signs with its cloud's credential chain.
 */
export function keyEnvOf(m: Pick<ProviderModel, 'provider' | 'apiKeyEnv' | 'host'>): string | null {
  if (m.host) return m.apiKeyEnv;
  return m.apiKeyEnv ?? (m.provider === 'anthropic' ? DEFAULT_KEY_ENV.anthropic! : DEFAULT_KEY_ENV.openai!);
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

/**
 * The key a vendor model is sent, and the variable it came from (null when none is needed): the
 * model's `apiKeyEnv`, else the provider's default. `apiKeyEnv: none`, or a loopback base URL with
 * the default variable unset (Ollama, vLLM, llama.cpp), needs no key: the placeholder is sent. A
 * variable the model names itself must be set. Undefined
 * when a key is needed and its variable is unset, and for a cloud's credential chain.
 */
export function apiKeyOf(
  m: Pick<ProviderModel, 'provider' | 'apiKeyEnv' | 'baseURL' | 'host'>,
  env: Record<string, string | undefined>,
): { apiKey: string; keyEnv: string | null } | undefined {
  if (m.apiKeyEnv === 'none') return { apiKey: NO_KEY_PLACEHOLDER, keyEnv: null };
  const keyEnv = keyEnvOf(m);
  if (keyEnv === null) return undefined;
  const apiKey = env[keyEnv];
  if (apiKey) return { apiKey, keyEnv };
  // a variable the model names itself says the server wants that key: only the default one may be unset
  if (!m.host && keyEnv === DEFAULT_KEY_ENV[m.provider] && isLoopbackURL(baseURLOf(m, env)))
    return { apiKey: NO_KEY_PLACEHOLDER, keyEnv: null };
  return undefined;
}

/** The stable endpoint name of the simulator: its port changes per run, its cache keys must not. */
export const SIM_ENDPOINT = 'sim://local';

/** Providers made so far, one per distinct endpoint and key. */
type Made = Map<string, Provider>;

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
  const made: Made = new Map();
  for (const m of models) {
    const issue = modelIssue(suiteFile, m.id, (i) => issues.push(i));
    const p =
      m.provider === 'sim'
        ? simProvider(penv, made, m.api ?? 'chat')
        : m.host
          ? hostProvider(m, penv, made, issue)
          : vendorProvider(m, penv, made, issue);
    if (p) out.set(m.id, p);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}

function once(made: Made, key: string, make: () => Provider | null): Provider | null {
  const known = made.get(key);
  if (known) return known;
  const p = make();
  if (p) made.set(key, p);
  return p;
}

function simProvider(penv: ProviderEnv, made: Made, api: 'chat' | 'responses'): Provider | null {
  return once(made, `sim|${SIM_ENDPOINT}|${api}`, () => {
    if (!penv.simBaseURL) throw new Error('the simulator is not running');
    return createOpenAIProvider({
      apiKey: 'sim-no-key',
      baseURL: penv.simBaseURL,
      apiKeyEnv: null,
      name: 'sim',
      endpoint: SIM_ENDPOINT,
      api,
      fetch: penv.fetch,
    });
  });
}

function hostProvider(
  m: ProviderModel,
  penv: ProviderEnv,
  made: Made,
  issue: HostEnv['issue'],
): Provider | null {
  const host = m.host as Host;
  const key = [host, m.baseURL, m.apiKeyEnv, m.deployment ?? m.model, m.apiVersion, m.region, m.projectId];
  return once(made, key.join('|'), () =>
    createHostProvider(
      { ...m, host, model: m.model ?? m.id },
      { env: penv.env, fetch: penv.fetch, redactor: penv.redactor, issue },
    ),
  );
}

function vendorProvider(
  m: ProviderModel,
  penv: ProviderEnv,
  made: Made,
  issue: HostEnv['issue'],
): Provider | null {
  const key = apiKeyOf(m, penv.env);
  if (!key) {
    const keyEnv = keyEnvOf(m) as string;
    issue(
      `an API key in the environment variable ${keyEnv}`,
      `${keyEnv} unset`,
      `export ${keyEnv}=... (keys are read from the environment only), or set \`apiKeyEnv\` on the model (\`none\` for a server that takes no key).`,
    );
    return null;
  }
  const { apiKey, keyEnv } = key;
  if (keyEnv !== null) penv.redactor?.register(apiKey);
  const baseURL = baseURLOf(m, penv.env);
  const longContext = m.longContext === true;
  const api = m.api ?? 'chat';
  const opts = {
    apiKey,
    baseURL,
    apiKeyEnv: keyEnv,
    fetch: penv.fetch,
    redact: penv.redactor?.redact,
    longContext,
  };
  const slot = `${m.provider}|${baseURL ?? ''}|${keyEnv ?? 'none'}|${api}${longContext ? '|1m' : ''}`;
  return once(made, slot, () =>
    m.provider === 'openai' ? createOpenAIProvider({ ...opts, api }) : createAnthropicProvider(opts),
  );
}

/** Reports a model's problems under its id, in the suite file. */
function modelIssue(file: string, id: string, push: (i: ConfigIssue) => void): HostEnv['issue'] {
  return (expected, got, fix) => push({ file, path: `models (${id})`, line: null, expected, got, fix });
}
