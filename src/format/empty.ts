/** What an unknown value shows as, in every report, table and message. */
export const EMPTY = '—';
