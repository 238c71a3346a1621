/**
 * Reads the messages the shown cases were sent from the run folder's `prompts.jsonl`, keeping one
 * copy per distinct hash, so memory and the page stay bounded by what the report shows.
 */
import { readPromptLines } from '../log/prompts-file.ts';
import type { CasePrompts } from './explorer-data.ts';
import { createPromptsIndex } from './prompts-index.ts';

/**
 * The prompts of the wanted cases only. Each distinct text is kept once (a system prompt or a
 * few-shot block is shared by every case), and each distinct list of messages once per hash.
 */
export async function readCasePrompts(path: string, wanted: ReadonlySet<string>): Promise<CasePrompts> {
  const index = createPromptsIndex();
  for await (const line of readPromptLines(path)) if (wanted.has(line.caseId)) index.add(line);
  return index.casePrompts(wanted);
}
