/**
 * Serialises data for a `<script type="application/json">` element. `<` is escaped as `\u003c`
 * so no value can close the element (`</script>`) or open a comment (`<!--`); `>`, `&` and the
 * two JavaScript line separators are escaped for good measure. `JSON.parse` reads it back unchanged.
 * @example jsonForScript({ a: '</script>' }) // '{"a":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
