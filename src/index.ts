/**
 * tollgate's public API. Re-exports only: each name lives in the module that owns it.
 *
 * @example
 * import { loadSuite, runSuite, defaultRunDeps } from 'tollgate';
 * const suite = await loadSuite('agent', process.cwd());
 */

export { CALCULATOR_FORMULAS, calculate } from './analysis/calculator.ts';
export { type CascadeSpec, passesCheck, type RuntimeCheck, simulateCascades } from './analysis/cascade.ts';
export { enrichCandidates } from './analysis/enrich-candidates.ts';
export { paretoFrontier } from './analysis/pareto.ts';
export { pickRecommendation } from './analysis/pick.ts';
export { projectedMonthlyUsd } from './analysis/projection.ts';
export { cachingSavedUsd, promptCacheShare } from './analysis/prompt-caching.ts';
export { type RepriceContext, repriceRecord } from './analysis/reprice.ts';
export {
  factsOf,
  openTally,
  type RunFacts,
  type SummaryFacts,
  summarize,
  summarizeRecords,
  type Tally,
  tallyRecord,
} from './analysis/summarize.ts';
export { findSuiteFile, type LoadOptions, loadSuite } from './config/load-suite.ts';
export type { Candidate, ResolvedModel, ResolvedSuite } from './config/resolved.ts';
export {
  type AssistantToolCallMessage,
  type CascadeConfig,
  type ChatMessage,
  type ChatOptions,
  type ChatResult,
  type CustomScorerFn,
  type Message,
  type ModelInput,
  type ModelObject,
  type Params,
  type PriceInput,
  type PromptConfig,
  type ScorerConfig,
  type StopReason,
  type SuiteConfig,
  type SuiteInput,
  suiteSchema,
  type TaskContext,
  type TaskFn,
  type TaskLimits,
  type Tool,
  type ToolCall,
  type ToolChoice,
  type ToolResultMessage,
} from './config/schema.ts';
export type { CaseRow } from './dataset/case-row.ts';
// suites
export { defineSuite } from './define-suite.ts';
export type { ErrorKind } from './errors.ts';
export { ConfigError, type ConfigIssue, GateFailure, UserError } from './errors.ts';
export type { Baseline, BaselineCandidate } from './log/baseline-file.ts';
export type { BatchEntry } from './log/batches-file.ts';
export type { GateFile } from './log/gate-file.ts';
// run folders and reports
// run folders and reports
export { readRecords } from './log/read-records.ts';
export { readSummary } from './log/read-summary.ts';
export type { AttemptRecord, SampleError, SampleRecord, SampleStatus } from './log/records-file.ts';
export type { RunMeta } from './log/run-folder.ts';
export type {
  CalculatorFigures,
  CandidateSummary,
  CascadeSummary,
  OracleSummary,
  ProjectionConfig,
  QualityAndCost,
  Recommendation,
  StoppedReason,
  Summary,
} from './log/summary-file.ts';
// cost and analysis
export { computeCost } from './pricing/compute-cost.ts';
export type { ModelPrice, PricesUsed } from './pricing/model-price.ts';
export { lookupPrice, PRICE_TABLE_AS_OF, PRICE_TABLE_SOURCE } from './pricing/price-table.ts';
export type { Tariff } from './pricing/tariff.ts';
export type { Tokens } from './pricing/tokens.ts';
export { type SimServer, type SimServerOptions, startSimServer } from './providers/sim/server.ts';
export { writeReports } from './report/write-reports.ts';
// running
export {
  defaultRunDeps,
  type RunDeps,
  type RunOptions,
  type RunResult,
  runSuite,
} from './runner/run-suite.ts';
export type { Selection } from './runner/selection.ts';
export type { ScoreResult } from './scorers/score-result.ts';
export { type RepriceOptions, type RepriceResult, repriceRun } from './workflow/reprice-run.ts';
export { runGate } from './workflow/run-gate.ts';
