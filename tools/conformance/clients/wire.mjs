// What a client library put on the wire: each HTTP request it made through `fetch` (method,
// Accept, which operations it carried and whether each sent its text or only a persisted-query
// hash, batched or not) with the response's status, content type and error codes.

/**
 * A `fetch` for a client library that records every request in `log`; `onResponse` is told when
 * the response's headers arrived (for a stream: when the server started it).
 */
export function recordingFetch(log, onResponse = () => {}) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    const body = typeof init.body === "string" ? parsed(init.body) : null;
    const entry = {
      method,
      accept: new Headers(init.headers ?? {}).get("accept"),
      batched: Array.isArray(body),
      operations: method === "GET" ? [fromSearch(url.searchParams)] : [body].flat().filter(Boolean).map(fromBody),
    };
    log.push(entry);
    try {
      const response = await fetch(input, init);
      entry.status = response.status;
      entry.contentType = response.headers.get("content-type");
      if (/json/i.test(entry.contentType ?? "")) {
        const answer = await response.clone().json();
        entry.errorCodes = [answer].flat().flatMap((one) => one?.errors ?? []).map((error) => error.extensions?.code ?? null);
      }
      onResponse(response);
      return response;
    } catch (error) {
      entry.error = error.message;
      throw error;
    }
  };
}

function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function fromSearch(params) {
  const extensions = parsed(params.get("extensions") ?? "{}") ?? {};
  return describe(params.get("operationName"), params.get("query"), extensions);
}

function fromBody(request) {
  return describe(request.operationName, request.query, request.extensions ?? {});
}

function describe(operationName, query, extensions) {
  return {
    operationName: operationName ?? null,
    query: typeof query === "string" && query.length > 0,
    hash: extensions?.persistedQuery?.sha256Hash ?? null,
  };
}

/** An error as the report shows it: its message, and the codes of any GraphQL errors in it. */
export function describeError(error) {
  const graphql = error?.errors ?? error?.graphQLErrors ?? [];
  return {
    message: String(error?.message ?? error),
    codes: graphql.map((one) => one.extensions?.code ?? null),
  };
}
