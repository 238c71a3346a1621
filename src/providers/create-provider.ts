import { ConfigError, type ConfigIssue } from '../errors.ts';
import { createAnthropicProvider } from './anthropic.ts';
import { createHostProvider, type HostEnv, hostIssue } from './cloud-providers.ts';
import type { Host } from './hosts.ts';
import { createOpenAIProvider } from './openai.ts';
import type { Provider } from './provider.ts';
import type { Redactor } from './redact.ts';

/** What a provider is made from: a resolved model's provider, endpoint and key variable. */
export interface ProviderModel {
  /** The model's id in candidate ids. */
  id: string;
  provider: 'openai' | 'anthropic' | 'sim';
  baseURL: string | undefined;
  /** The env var holding the key; null for the simulator and for clouds' own credential chains. */
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

/**
 * The environment variable holding a real provider's key: the model's `apiKeyEnv`, else the
 * provider's default. null for a cloud model that signs with its cloud's credential chain.
 */
export function keyEnvOf(m: Pick<ProviderModel, 'provider' | 'apiKeyEnv' | 'host'>): string | null {
  if (m.host) return m.apiKeyEnv;
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
    const issue = hostIssue(suiteFile, m.id, (i) => issues.push(i));
    const p =
      m.provider === 'sim'
        ? simProvider(penv, made)
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

function simProvider(penv: ProviderEnv, made: Made): Provider | null {
  return once(made, `sim|${SIM_ENDPOINT}`, () => {
    if (!penv.simBaseURL) throw new Error('the simulator is not running');
    return createOpenAIProvider({
      apiKey: 'sim-no-key',
      baseURL: penv.simBaseURL,
      apiKeyEnv: null,
      name: 'sim',
      endpoint: SIM_ENDPOINT,
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
  const keyEnv = keyEnvOf(m) as string;
  const apiKey = penv.env[keyEnv];
  if (!apiKey) {
    issue(
      `an API key in the environment variable ${keyEnv}`,
      `${keyEnv} unset`,
      `export ${keyEnv}=... (keys are read from the environment only), or set \`apiKeyEnv\` on the model.`,
    );
    return null;
  }
  penv.redactor?.register(apiKey);
  const baseURL = baseURLOf(m, penv.env);
  const longContext = m.longContext === true;
  const opts = {
    apiKey,
    baseURL,
    apiKeyEnv: keyEnv,
    fetch: penv.fetch,
    redact: penv.redactor?.redact,
    longContext,
  };
  return once(made, `${m.provider}|${baseURL ?? ''}|${keyEnv}${longContext ? '|1m' : ''}`, () =>
    m.provider === 'openai' ? createOpenAIProvider(opts) : createAnthropicProvider(opts),
  );
}
