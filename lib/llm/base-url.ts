// A connection's base URL may be a path ("/api/demo-model/v1": the demo model
// the app serves itself). The server and the worker call it on the app's own
// origin: TOUCHSTONE_INTERNAL_URL, which `npm start` sets to
// http://127.0.0.1:PORT (a worker on another machine sets it to the app's address).

export function internalOrigin(): string {
  return (process.env.TOUCHSTONE_INTERNAL_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** The absolute base URL to call, without a trailing slash. */
export function resolveBaseUrl(baseUrl: string, origin: string = internalOrigin()): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  return trimmed.startsWith("/") ? `${origin}${trimmed}` : trimmed;
}
