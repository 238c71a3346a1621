/** Hostile strings for the tests that check tollgate shows text as text and never runs it. */

/** Markup and template syntax that must show as text in the HTML report and never run. */
export const HOSTILE_MARKUP = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  '{{handlebars}}',
  '{{{x}}}',
  '</script><script>window.__pwned=1</script>',
] as const;

/** Every kind at once: markup, control characters, emoji and right-to-left text, 1 MB, CSV syntax. */
export const HOSTILE_TEXT = [
  ...HOSTILE_MARKUP,
  '{{constructor.constructor "alert(1)"}} {{{raw}}}',
  'bell\u0007 escape\u001b[31mRED\u001b[0m cr\r tab\t nul\u0000 end',
  '😀👩‍👩‍👧 emoji, عربي שלום right-to-left \u202eevil\u202c',
  `${'A'.repeat(1_000_000)}!`,
  'a,b,"quoted",\nnew line',
] as const;

/** A candidate id with an escape sequence, markup, a newline, NUL and a bidi override. */
export const HOSTILE_ID = 'evil\x1b[31m|<b>&"\'\n\u0000x/\u202eprompt';
