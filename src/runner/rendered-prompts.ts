/**
 * The messages each prompt variant of a run sends for each case, rendered once per (case, prompt)
 * for `prompts.jsonl`: the report shows them on demand. Run through the run's redactor, so a key
 * that found its way into a dataset or a template is never written.
 */

import { type PromptLine, promptLine } from '../log/prompts-file.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { Redact } from '../providers/redact.ts';
import type { Plan } from './plan.ts';

/**
 * One line per case of the plan and prompt variant of its candidates, in plan order. A case a
 * prompt cannot render for is left out: its samples record that error themselves.
 */
export function* renderedPrompts(
  plan: Pick<Plan, 'candidates' | 'cases'>,
  redact: Redact,
): Generator<PromptLine> {
  const prompts = [...new Map(plan.candidates.map((c) => [c.prompt.id, c.prompt])).values()];
  for (const cs of plan.cases) {
    for (const prompt of prompts) {
      let messages: PromptLine['messages'];
      try {
        messages = renderPrompt(prompt, cs.fields, cs.id);
      } catch {
        continue;
      }
      yield promptLine(
        cs.id,
        prompt.id,
        messages.map((m) => ({ role: m.role, content: redact(m.content) })),
      );
    }
  }
}
