// HTTP APIs the providers talk to (Prometheus, Loki): what their clients share.

/**
 * The base URL of an HTTP API a provider talks to: http(s) only, and no credentials in it (fetch
 * refuses them; refusing here keeps them out of every later message). A path prefix is kept.
 */
export function checkBaseUrl(
  raw: string,
  service: string,
  fail: (message: string, cause?: unknown) => Error,
): URL {
  let base: URL;
  try {
    base = new URL(raw);
  } catch (err) {
    throw fail(`${service} base URL is not a valid URL`, err);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw fail(`${service} base URL must be http(s), got ${base.protocol}`);
  }
  if (base.username !== '' || base.password !== '') {
    throw fail(`${service} base URL must not hold credentials: pass an Authorization header`);
  }
  return base;
}

/** What fetch's network error says: the socket's code (ECONNREFUSED…) when there is one. */
export function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return `cannot connect (${cause.code})`;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
