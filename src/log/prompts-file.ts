/**
 * `prompts.jsonl`: the messages each prompt variant sent for each case, exactly as rendered, once
 * per (case, prompt) rather than once per sample. Each line carries `hash`, a digest of its
 * messages, so a reader keeps one copy of messages that several lines share. A task suite's
 * messages are the task's own and are not stored. The file is optional: run folders written
 * before it existed have none, and the reports show no messages for them.
 *
 * Version 1: `{version, caseId, prompt, hash, messages: [{role, content}]}`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { messageSchema } from '../prompt/message-schema.ts';
import { writeAtomically } from './atomic-write.ts';
import { nonBlankLines } from './jsonl-lines.ts';
import { openLineWriter } from './line-writer.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';

/** The prompts version this code writes. */
export const PROMPTS_VERSION = 1;

export const promptLineSchema = z.object({
  version: z.literal(1),
  caseId: z.string(),
  /** The prompt variant's id. */
  prompt: z.string(),
  /** The first 16 hex digits of the sha256 of the messages as JSON. */
  hash: z.string(),
  messages: z.array(messageSchema),
});

export type PromptLine = z.infer<typeof promptLineSchema>;

const FIX =
  'the run folder is damaged; delete prompts.jsonl (the report then shows no messages) or run the suite again';

/** The hash of a list of messages, as `prompts.jsonl` keys them. */
export function messagesHash(messages: PromptLine['messages']): string {
  return createHash('sha256').update(JSON.stringify(messages), 'utf8').digest('hex').slice(0, 16);
}

/** One line of prompts.jsonl for a case's messages under a prompt variant. */
export function promptLine(caseId: string, prompt: string, messages: PromptLine['messages']): PromptLine {
  return { version: PROMPTS_VERSION, caseId, prompt, hash: messagesHash(messages), messages };
}

/** Writes prompts.jsonl (to a temporary name, renamed into place), one line per (case, prompt). */
export async function writePrompts(
  path: string,
  lines: Iterable<PromptLine> | AsyncIterable<PromptLine>,
): Promise<void> {
  await writeAtomically(path, async (tmp) => {
    const out = await openLineWriter(tmp);
    try {
      for await (const l of lines) await out.add(JSON.stringify(l));
    } finally {
      await out.close();
    }
  });
}

/** Streams the lines of a prompts.jsonl. A blank line is skipped; a bad line is a UserError naming it. */
export async function* readPromptLines(path: string): AsyncGenerator<PromptLine> {
  for await (const [line, lineNo] of nonBlankLines(path)) {
    const at = { file: path, line: lineNo };
    const data = parseJson(line, at, FIX);
    checkVersion(data, PROMPTS_VERSION, 'prompts.jsonl line', at);
    yield parseWith(promptLineSchema, data, at, FIX);
  }
}
