/**
 * What `tollgate init NAME` writes: a suite that runs offline on the simulator (a real model
 * commented out beside it), two prompts, one scorer, and a 5-case dataset. Pure: the CLI writes the
 * files and refuses to overwrite any of them.
 */

/** A suite name `init` accepts: it becomes a file name and a `run` argument. */
export const STARTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface StarterFile {
  /** Relative to the project root, with `/` separators. */
  path: string;
  text: string;
}

const CASES: Array<[string, string]> = [
  ['What is 12 + 30?', '42'],
  ['What is 9 * 7?', '63'],
  ['What is 100 - 58?', '42'],
  ['What is 144 / 12?', '12'],
  ['What is 15 + 27 - 8?', '34'],
];

/** The starter suite and its dataset for `name`. */
export function starterFiles(name: string): StarterFile[] {
  const dataset = CASES.map(([question, expected], i) =>
    JSON.stringify({ id: `${name}-${i + 1}`, question, expected }),
  );
  const suite = `# A starter suite from \`tollgate init\`: two prompts, two models, one scorer.
# Run it: tollgate run ${name}. Every field is described in the README.
name: ${name}
dataset: ../datasets/${name}.jsonl
prompts:
  - id: terse
    system: Reply with the number only.
    user: "{{question}}"
  - id: steps
    system: "Work it out step by step, then give the final answer on its own line as 'Answer: N'."
    user: "{{question}}"
models:
  # the built-in simulator: no key, no network, no cost
  - sim:sim-mid
  - sim:sim-budget
  # a real model: uncomment it and export OPENAI_API_KEY
  # - openai:gpt-4o-mini
params: { temperature: 0, maxTokens: 256 }
scorers:
  - type: equals
    field: expected
    extract: "(?:Answer:\\\\s*)?([^\\\\n]+?)\\\\s*$"
qualityBar: 0.8
budgetUsd: 0.50
`;
  return [
    { path: `suites/${name}.yaml`, text: suite },
    { path: `datasets/${name}.jsonl`, text: `${dataset.join('\n')}\n` },
  ];
}

/** The `.gitignore` line that keeps the response cache out of git. */
export const CACHE_IGNORE = '.tollgate/';

/** `.gitignore` with the cache entry added, or null when it already ignores the cache. */
export function withCacheIgnored(gitignore: string | null): string | null {
  const lines = (gitignore ?? '').split(/\r?\n/).map((l) => l.trim());
  if (lines.some((l) => l === CACHE_IGNORE || l === '.tollgate' || l === '/.tollgate/' || l === '/.tollgate'))
    return null;
  const base = gitignore ?? '';
  return `${base}${base === '' || base.endsWith('\n') ? '' : '\n'}${CACHE_IGNORE}\n`;
}

/** The three commands to try next, one a line. */
export function nextCommands(name: string): string[] {
  return [
    `tollgate estimate ${name}    # what it would cost, with no requests`,
    `tollgate run ${name}         # run it on the simulator; open the report.html it names`,
    `tollgate run ${name} --update-baseline   # record a baseline to gate later runs against`,
  ];
}
