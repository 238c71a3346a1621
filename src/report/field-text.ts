/** A dataset field's value as text, for the explorer and cases.csv. */

/**
 * A field value as text: strings as they are, anything else as JSON.
 * @example fieldText([1, 'a']) // '[1,"a"]'
 */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}
