/**
 * The messages of a run's cases as `prompts.jsonl` holds them, gathered line by line: each
 * distinct text once, each distinct list of messages once per hash. The explorer takes the shown
 * cases' part of it (`casePrompts`), with long texts cut.
 */
import type { PromptLine } from '../log/prompts-file.ts';
import { type CasePrompts, clip } from './explorer-data.ts';

/** The longest message the HTML embeds, in characters; a longer one is cut and says so. */
export const MAX_MESSAGE_TEXT = 20_000;

export interface PromptsIndex {
  /** Takes one line; a second line for the same case and prompt, or the same hash, adds nothing. */
  add(line: PromptLine): void;
  /** Characters of distinct text held. */
  readonly chars: number;
  /** The prompts of the `wanted` cases, in the order their lines came, with only the texts they use. */
  casePrompts(wanted: ReadonlySet<string>): CasePrompts;
}

export function createPromptsIndex(): PromptsIndex {
  // each case's first line per prompt, in the order they came
  const lines: [caseId: string, prompt: string, hash: string][] = [];
  const seen = new Set<string>();
  const messages = new Map<string, [string, number][]>();
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  let chars = 0;
  const indexOf = (text: string) => {
    let i = textIndex.get(text);
    if (i === undefined) {
      i = texts.push(text) - 1;
      textIndex.set(text, i);
      chars += text.length;
    }
    return i;
  };
  return {
    add(line) {
      const key = JSON.stringify([line.caseId, line.prompt]);
      if (seen.has(key)) return;
      seen.add(key);
      lines.push([line.caseId, line.prompt, line.hash]);
      if (!messages.has(line.hash))
        messages.set(
          line.hash,
          line.messages.map((m) => [m.role, indexOf(m.content)]),
        );
    },
    get chars() {
      return chars;
    },
    casePrompts(wanted) {
      const out: CasePrompts = { byCase: new Map(), messages: new Map(), texts: [] };
      const renumbered = new Map<number, number>();
      const renumber = ([role, i]: [string, number]): [string, number] => {
        let j = renumbered.get(i);
        if (j === undefined) {
          j = out.texts.push(clip(texts[i]!, MAX_MESSAGE_TEXT)) - 1;
          renumbered.set(i, j);
        }
        return [role, j];
      };
      for (const [caseId, prompt, hash] of lines) {
        if (!wanted.has(caseId)) continue;
        const list = out.byCase.get(caseId);
        if (list) list.push([prompt, hash]);
        else out.byCase.set(caseId, [[prompt, hash]]);
        if (!out.messages.has(hash)) out.messages.set(hash, messages.get(hash)!.map(renumber));
      }
      return out;
    },
  };
}
