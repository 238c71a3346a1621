import {
  normalise,
  prepareOutput,
  references,
  type Scorer,
  ScorerError,
  show,
  type TextOptions,
  verdict,
} from './scorer.ts';

/**
 * A scorer that compares the prepared output with every accepted reference (the field may hold a
 * list): it passes when `matches` holds for one of them.
 */
function referenceScorer(
  name: string,
  o: TextOptions,
  matches: (text: string, ref: string) => boolean,
  notes: { pass: string; fail: (ref: string, text: string) => string },
): Scorer {
  return {
    name,
    score({ output, fields }) {
      const { text, extracted } = prepareOutput(output, o);
      if (!extracted) return verdict(name, false, `extract pattern did not match`);
      const refs = references(name, fields, o).map((r) => normalise(r, o));
      const pass = refs.some((r) => matches(text, r));
      return verdict(name, pass, pass ? notes.pass : notes.fail(refs[0] ?? '', text));
    },
  };
}

/** The output equals the reference (after extract / trim / ignoreCase). */
export function equalsScorer(o: TextOptions & { name?: string }): Scorer {
  return referenceScorer(o.name ?? 'equals', o, (text, ref) => text === ref, {
    pass: 'matches the reference',
    fail: (ref, text) => `expected ${show(ref)}, got ${show(text)}`,
  });
}

/** The output contains the reference. */
export function includesScorer(o: TextOptions & { name?: string }): Scorer {
  return referenceScorer(o.name ?? 'includes', o, (text, ref) => text.includes(ref), {
    pass: 'contains the reference',
    fail: (ref) => `expected to contain ${show(ref)}`,
  });
}

/** The output matches `pattern`, or the regex held in the reference field. */
export function regexScorer(o: TextOptions & { name?: string; pattern?: string; flags?: string }): Scorer {
  const name = o.name ?? 'regex';
  const fixed = o.pattern !== undefined ? new RegExp(o.pattern, o.flags ?? (o.ignoreCase ? 'i' : '')) : null;
  return {
    name,
    score({ output, fields }) {
      const { text, extracted } = prepareOutput(output, o);
      if (!extracted) return verdict(name, false, `extract pattern did not match`);
      const re = fixed ?? referencePattern(name, fields, o);
      const pass = re.test(text);
      return verdict(name, pass, pass ? `matches /${re.source}/` : `does not match /${re.source}/`);
    },
  };
}

/** The first number in the output is within `tolerance` of the reference. */
export function numericScorer(o: TextOptions & { name?: string; tolerance?: number }): Scorer {
  const name = o.name ?? 'numeric';
  const tol = o.tolerance ?? 0;
  return {
    name,
    score({ output, fields }) {
      const { text, extracted } = prepareOutput(output, o);
      if (!extracted) return verdict(name, false, `extract pattern did not match`);
      const got = parseNumber(text);
      const ref = references(name, fields, o)[0]!;
      const want = Number(ref);
      if (!Number.isFinite(want)) return verdict(name, false, `reference ${show(ref)} is not a number`);
      if (got === null) return verdict(name, false, `no number in ${show(text)}`);
      const pass = Math.abs(got - want) <= tol + 1e-12;
      return verdict(
        name,
        pass,
        pass ? `${got} is within ${tol} of ${want}` : `expected ${want}±${tol}, got ${got}`,
      );
    },
  };
}

/** The first number in a string, accepting thousands separators and a leading sign. */
export function parseNumber(s: string): number | null {
  const m = /-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?|-?\.\d+/i.exec(s);
  if (!m) return null;
  const v = Number(m[0].replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

/** The regex held in the case's reference field. @throws ScorerError for one that does not compile */
function referencePattern(
  name: string,
  fields: Record<string, unknown>,
  o: TextOptions & { flags?: string },
): RegExp {
  const source = references(name, fields, o)[0]!;
  try {
    return new RegExp(source, o.flags ?? (o.ignoreCase ? 'i' : ''));
  } catch (err) {
    throw new ScorerError(
      `${name}: the reference ${show(source)} is not a valid regex (${(err as Error).message})`,
    );
  }
}
