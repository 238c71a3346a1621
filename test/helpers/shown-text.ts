import type { Locator } from 'playwright-core';

/** An element's rendered, visible text (Playwright's innerText, not the DOM's textContent). */
export function shownText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is what is under test
  return locator.innerText();
}
