/**
 * An SDK client made on first use. The SDKs cost ~0.3–1 s and ~25 MB to import, so they are
 * imported when a request is first sent: a command that sends none (`--help`, `prices`, `report`,
 * a run served from the cache) never loads them.
 */
export function lazyClient<T>(make: () => Promise<T>): () => Promise<T> {
  let client: Promise<T> | undefined;
  return () => {
    client ??= make();
    return client;
  };
}
