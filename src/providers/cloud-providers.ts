import { createRequire } from 'node:module';
import { type AnthropicClient, createAnthropicProvider } from './anthropic.ts';
import { AZURE_DEFAULT_API_VERSION, GEMINI_BASE_URL, HOST_PACKAGE, type Host } from './hosts.ts';
import { sharedHttpFetch } from './http-fetch.ts';
import { createOpenAIProvider } from './openai.ts';
import type { Provider } from './provider.ts';
import type { Redactor } from './redact.ts';

/** What a cloud provider is made from: the model's host fields, resolved. */
export interface HostModel {
  id: string;
  host: Host;
  baseURL: string | undefined;
  /** The env var holding the key (Azure, Gemini) or an OAuth access token (Vertex); null: the cloud's credential chain. */
  apiKeyEnv: string | null;
  deployment?: string;
  apiVersion?: string;
  region?: string;
  projectId?: string;
  /** The model name, for the deployment when none is set. */
  model: string;
}

export interface HostEnv {
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  redactor?: Redactor;
  /** Where problems go; the caller raises them together. */
  issue: (expected: string, got: string, fix: string) => void;
}

/** A provider for a cloud-hosted model, or null after reporting what is missing. */
export function createHostProvider(m: HostModel, h: HostEnv): Provider | null {
  switch (m.host) {
    case 'azure':
      return azureProvider(m, h);
    case 'gemini':
      return geminiProvider(m, h);
    case 'bedrock':
      return bedrockProvider(m, h);
    case 'vertex':
      return vertexProvider(m, h);
  }
}

/** The key a host model needs from its variable, reported when unset. */
function requiredKey(m: HostModel, h: HostEnv): string | null {
  const name = m.apiKeyEnv as string;
  const key = h.env[name];
  if (!key) {
    h.issue(
      `an API key in the environment variable ${name}`,
      `${name} unset`,
      `export ${name}=... (keys are read from the environment only), or set \`apiKeyEnv\` on the model.`,
    );
    return null;
  }
  h.redactor?.register(key);
  return key;
}

function azureProvider(m: HostModel, h: HostEnv): Provider | null {
  const apiKey = requiredKey(m, h);
  const endpoint = (m.baseURL ?? h.env.AZURE_OPENAI_ENDPOINT)?.replace(/\/+$/, '');
  if (!endpoint) {
    h.issue(
      'the Azure OpenAI resource endpoint',
      'no `baseURL` and AZURE_OPENAI_ENDPOINT unset',
      'set `baseURL: https://RESOURCE.openai.azure.com` on the model, or export AZURE_OPENAI_ENDPOINT.',
    );
    return null;
  }
  if (!apiKey) return null;
  const deployment = m.deployment ?? m.model;
  // the SDK loads on the first request, as for the other providers
  const client = import('openai').then(
    ({ AzureOpenAI }) =>
      new AzureOpenAI({
        apiKey,
        endpoint,
        deployment,
        apiVersion: m.apiVersion ?? h.env.OPENAI_API_VERSION ?? AZURE_DEFAULT_API_VERSION,
        maxRetries: 0,
        fetch: h.fetch ?? sharedHttpFetch(),
      }),
  );
  return createOpenAIProvider({
    apiKey,
    baseURL: `${endpoint}/openai/deployments/${deployment}`,
    apiKeyEnv: m.apiKeyEnv,
    name: 'azure',
    client,
    redact: h.redactor?.redact,
  });
}

function geminiProvider(m: HostModel, h: HostEnv): Provider | null {
  const apiKey = requiredKey(m, h);
  if (!apiKey) return null;
  return createOpenAIProvider({
    apiKey,
    baseURL: m.baseURL ?? GEMINI_BASE_URL,
    apiKeyEnv: m.apiKeyEnv,
    name: 'gemini',
    fetch: h.fetch,
    redact: h.redactor?.redact,
  });
}

function peer(host: Host, h: HostEnv): string | null {
  const pkg = HOST_PACKAGE[host] as { name: string; version: string };
  return resolvePeer(pkg, host, h.issue);
}

/** Resolves an optional peer package, reporting the exact install command when it is missing. */
export function resolvePeer(
  pkg: { name: string; version: string },
  host: string,
  issue: HostEnv['issue'],
): string | null {
  try {
    return createRequire(import.meta.url).resolve(pkg.name);
  } catch {
    issue(
      `the optional package ${pkg.name} installed (models on ${host} need it)`,
      'it is not installed',
      `npm i -E ${pkg.name}@${pkg.version}`,
    );
    return null;
  }
}

function bedrockProvider(m: HostModel, h: HostEnv): Provider | null {
  const region = m.region ?? h.env.AWS_REGION ?? h.env.AWS_DEFAULT_REGION;
  if (!region) {
    h.issue(
      'an AWS region for Bedrock',
      'no `region` and AWS_REGION unset',
      'set `region: us-east-1` (or yours) on the model, or export AWS_REGION.',
    );
  }
  const resolved = peer('bedrock', h);
  if (!region || !resolved) return null;
  const baseURL = (m.baseURL ?? `https://bedrock-runtime.${region}.amazonaws.com`).replace(/\/+$/, '');
  const e = h.env;
  for (const v of [e.AWS_BEARER_TOKEN_BEDROCK, e.AWS_SECRET_ACCESS_KEY, e.AWS_SESSION_TOKEN])
    h.redactor?.register(v);
  const both = e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY;
  const client = import(resolved).then(
    (mod: { AnthropicBedrock: new (o: Record<string, unknown>) => AnthropicClient }) =>
      new mod.AnthropicBedrock({
        awsRegion: region,
        baseURL,
        apiKey: e.AWS_BEARER_TOKEN_BEDROCK ?? null,
        awsAccessKey: both ? e.AWS_ACCESS_KEY_ID : null,
        awsSecretKey: both ? e.AWS_SECRET_ACCESS_KEY : null,
        awsSessionToken: both ? (e.AWS_SESSION_TOKEN ?? null) : null,
        maxRetries: 0,
        fetch: h.fetch ?? sharedHttpFetch(),
      }),
  );
  return createAnthropicProvider({
    apiKey: '',
    baseURL,
    apiKeyEnv: null,
    name: 'bedrock',
    client,
    redact: h.redactor?.redact,
  });
}

function vertexProvider(m: HostModel, h: HostEnv): Provider | null {
  const e = h.env;
  const region = m.region ?? e.CLOUD_ML_REGION;
  if (!region) {
    h.issue(
      'a Google Cloud region for Vertex AI',
      'no `region` and CLOUD_ML_REGION unset',
      'set `region: us-east5` (or `global`) on the model, or export CLOUD_ML_REGION.',
    );
  }
  const projectId = m.projectId ?? e.ANTHROPIC_VERTEX_PROJECT_ID ?? e.GOOGLE_CLOUD_PROJECT ?? null;
  const token = m.apiKeyEnv ? requiredKey(m, h) : null;
  const resolved = peer('vertex', h);
  if (!region || !resolved || (m.apiKeyEnv && !token)) return null;
  const baseURL = (
    m.baseURL ??
    e.ANTHROPIC_VERTEX_BASE_URL ??
    (region === 'global'
      ? 'https://aiplatform.googleapis.com/v1'
      : `https://${region}-aiplatform.googleapis.com/v1`)
  ).replace(/\/+$/, '');
  const client = import(resolved).then(
    (mod: { AnthropicVertex: new (o: Record<string, unknown>) => AnthropicClient }) =>
      new mod.AnthropicVertex({
        region,
        projectId,
        baseURL,
        // a token from `gcloud auth print-access-token`; without one, Application Default Credentials
        ...(token ? { authClient: accessTokenClient(resolved, token) } : {}),
        maxRetries: 0,
        fetch: h.fetch ?? sharedHttpFetch(),
      }),
  );
  return createAnthropicProvider({
    apiKey: '',
    baseURL: projectId ? `${baseURL}/projects/${projectId}/locations/${region}` : baseURL,
    apiKeyEnv: m.apiKeyEnv,
    name: 'vertex',
    client,
    redact: h.redactor?.redact,
  });
}

/** google-auth-library's OAuth2 client holding a ready access token (the Vertex SDK's own dependency). */
function accessTokenClient(vertexEntry: string, token: string): unknown {
  const { OAuth2Client } = createRequire(vertexEntry)('google-auth-library') as {
    OAuth2Client: new () => { setCredentials(c: { access_token: string }): void };
  };
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token });
  return client;
}
