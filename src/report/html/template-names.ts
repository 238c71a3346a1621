/** The report's templates (`NAME.hbs` beside this file): the page template first, then its partials. */
export const TEMPLATE_NAMES = [
  'report',
  'chart',
  'plot',
  'table',
  'explorer',
  'cascades',
  'calculator',
  'breakdowns',
  'prices',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
