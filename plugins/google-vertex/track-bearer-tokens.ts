/**
 * A fetch that notes the bearer token of each request it sends, so the access tokens the SDK's
 * auth obtains are scrubbed from error texts like an API key. `secrets` is the list the error
 * mapping scrubs with; the latest token replaces the one before (tokens expire and are renewed).
 */
export function trackBearerTokens(secrets: string[], baseFetch: typeof fetch = fetch): typeof fetch {
  let latest: string | undefined;
  return (input, init) => {
    const header = new Headers(init?.headers).get("authorization");
    const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (token && token !== latest) {
      const previous = latest === undefined ? -1 : secrets.indexOf(latest);
      if (previous >= 0) secrets.splice(previous, 1);
      secrets.push(token);
      latest = token;
    }
    return baseFetch(input, init);
  };
}
