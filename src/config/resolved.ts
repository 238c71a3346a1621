import type { CaseRow } from '../dataset/case-row.ts';
import type { ModelPrice, PriceOrigin } from '../pricing/model-price.ts';
import type { PriceSource } from '../pricing/tariff.ts';
import type { Host } from '../providers/hosts.ts';
import type { TaskLimits } from '../providers/limits-schema.ts';
import type { ChatParams } from '../providers/provider.ts';
import type { PromptConfig, SuiteConfig } from './schema.ts';

/** A model with its defaults applied and its price looked up. */
export interface ResolvedModel {
  id: string;
  provider: 'openai' | 'anthropic' | 'sim';
  model: string;
  baseURL: string | undefined;
  /** The env var holding the key; null for the simulator and for clouds' own credential chains. */
  apiKeyEnv: string | null;
  /** The cloud serving `provider`'s API (Azure, Bedrock, Vertex, Gemini); absent for the vendor itself. */
  host?: Host;
  deployment?: string;
  apiVersion?: string;
  region?: string;
  projectId?: string;
  /** null when unpriced (only with --allow-unpriced). */
  price: ModelPrice | null;
  /** Where `price` came from: the bundled table, an override of it, or the suite's `price:`. @default 'table' */
  priceSource?: PriceSource;
  /** When `price` was looked up (ISO time: the run's start); attempts record it in their tariff. */
  pricedAt?: string;
  /** Where `price` came from, with its date; null or absent when unpriced. */
  priceOrigin?: PriceOrigin | null;
  params: ChatParams;
  promptCaching: boolean;
  concurrency: number | undefined;
  /** Anthropic: send the 1M-token context beta header (the suite's `longContext: true`). */
  longContext?: boolean;
  /** Per-task limits: the suite's with the model's own over them. @default none */
  limits?: TaskLimits;
}

export interface Candidate {
  /** `MODEL_ID/PROMPT_ID` */
  id: string;
  model: ResolvedModel;
  prompt: PromptConfig;
}

/** A suite after validation: everything a run needs, defaults applied. */
export interface ResolvedSuite {
  name: string;
  file: string;
  datasetFile: string;
  /** Short sha256 of the config and dataset. */
  hash: string;
  config: SuiteConfig;
  cases: CaseRow[];
  prompts: PromptConfig[];
  models: ResolvedModel[];
  candidates: Candidate[];
  pass: 'all' | 'any';
  repeats: number;
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  qualityBar: number | null;
  budgetUsd: number | null;
  earlyStop: boolean;
  seed: number;
  gate: { maxAccuracyDrop: number; maxCostIncrease: number; maxTokenIncrease: number };
  /** The suite file's text (for hashing and resume checks). */
  text: string;
}
