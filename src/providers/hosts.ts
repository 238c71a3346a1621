/**
 * Clouds that serve another vendor's API. Each speaks one API family (the request and response
 * shapes, token counting, batch support) and is reached through that vendor's official SDK:
 * Azure OpenAI through the `openai` package's `AzureOpenAI`, Claude on Bedrock and Vertex through
 * `@anthropic-ai/bedrock-sdk` and `@anthropic-ai/vertex-sdk`, Gemini through its
 * OpenAI-compatible endpoint.
 */
export type Host = 'azure' | 'bedrock' | 'vertex' | 'gemini';

export type ApiFamily = 'openai' | 'anthropic' | 'sim';

const FAMILY: Record<Host, 'openai' | 'anthropic'> = {
  azure: 'openai',
  gemini: 'openai',
  bedrock: 'anthropic',
  vertex: 'anthropic',
};

export function isHost(provider: string): provider is Host {
  return provider in FAMILY;
}

/** The API a suite's `provider:` speaks. */
export function apiFamilyOf(provider: string): ApiFamily {
  return isHost(provider) ? FAMILY[provider] : (provider as ApiFamily);
}

/** Gemini's OpenAI-compatible endpoint. */
export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta/openai/';

/** Azure's generally available data-plane API version, used when neither suite nor env sets one. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** The environment variable a host's key is read from when the model sets no `apiKeyEnv`; null: the cloud's own credential chain. */
export const HOST_KEY_ENV: Record<Host, string | null> = {
  azure: 'AZURE_OPENAI_API_KEY',
  gemini: 'GEMINI_API_KEY',
  bedrock: null,
  vertex: null,
};

/** The optional peer package a host needs, at the version tollgate is tested with. */
export const HOST_PACKAGE: Partial<Record<Host, { name: string; version: string }>> = {
  bedrock: { name: '@anthropic-ai/bedrock-sdk', version: '1.1.2' },
  vertex: { name: '@anthropic-ai/vertex-sdk', version: '1.1.3' },
};
