/**
 * Reads the messages the shown cases were sent from the run folder's `prompts.jsonl`, keeping one
 * copy per distinct hash, so memory and the page stay bounded by what the report shows.
 */
import { readPromptLines } from '../log/prompts-file.ts';
import { type CasePrompts, clip } from './explorer-data.ts';

/** The longest message the HTML embeds, in characters; a longer one is cut and says so. */
export const MAX_MESSAGE_TEXT = 20_000;

/**
 * The prompts of the wanted cases only. Each distinct text is kept once (a system prompt or a
 * few-shot block is shared by every case), and each distinct list of messages once per hash.
 */
export async function readCasePrompts(path: string, wanted: ReadonlySet<string>): Promise<CasePrompts> {
  const byCase = new Map<string, [string, string][]>();
  const messages = new Map<string, [string, number][]>();
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const indexOf = (text: string) => {
    let i = textIndex.get(text);
    if (i === undefined) {
      i = texts.push(clip(text, MAX_MESSAGE_TEXT)) - 1;
      textIndex.set(text, i);
    }
    return i;
  };
  for await (const line of readPromptLines(path)) {
    if (!wanted.has(line.caseId)) continue;
    const list = byCase.get(line.caseId) ?? [];
    if (!list.some(([prompt]) => prompt === line.prompt)) list.push([line.prompt, line.hash]);
    byCase.set(line.caseId, list);
    if (!messages.has(line.hash))
      messages.set(
        line.hash,
        line.messages.map((m) => [m.role, indexOf(m.content)]),
      );
  }
  return { byCase, messages, texts };
}
