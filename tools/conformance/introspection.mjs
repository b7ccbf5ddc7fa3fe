// Introspection as client tools do it: the full query graphql-js writes (the one GraphiQL,
// code generators and schema downloaders send), POSTed with and without its operation name and
// sent as a GET, then the schema built from the answer and checked against the subgraph SDLs;
// plus the small `__type` / `__schema` queries editors send while you type.
//
//   node introspection.mjs <graphql url> <schema dir with the subgraph SDLs>
//
// Prints {"requests": [...], "schema": {...}, "small": [...]}; the Rust test judges them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, parse, printSchema } from "graphql";
import { SPEC_DIRECTIVES, compareWithSubgraphs, expectedElements, isFederationName } from "./api-schema.mjs";
import { printJson, requireArgs } from "./output.mjs";

const [url, schemaDir] = requireArgs(["<graphql url>", "<schema dir>"]);

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

async function exchange(name, input, init) {
  const response = await fetch(input, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Reported below as the raw text.
  }
  return {
    name,
    status: response.status,
    contentType: response.headers.get("content-type"),
    errors: body?.errors ?? null,
    data: body?.data ?? null,
    ...(body === null ? { text: text.slice(0, 2000) } : {}),
  };
}

// GraphiQL's fetcher and graphql-request send this; JSON content type, so no CSRF header needed.
const post = (name, body, accept) =>
  exchange(name, url, {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify(body),
  });

// A GET carries no body, so a non-browser client marks it as preflighted itself (the router
// refuses GETs a browser could send cross-site without asking).
function get(name, params) {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return exchange(name, target, {
    headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" },
  });
}

const subgraphs = ["users", "jobs", "matching"].map((name) => parse(readFileSync(join(schemaDir, `${name}.graphql`), "utf8")));

const requests = [
  await post("POST {query}", { query }, "application/json"),
  await post("POST {query, operationName}", { query, operationName: "IntrospectionQuery" }, "application/json, multipart/mixed"),
  await get("GET ?query&operationName", { query, operationName: "IntrospectionQuery" }),
];

// Everything below judges the first answer that has data; the others must describe the same
// schema (compared printed and sorted: the order of types in an answer carries no meaning).
function canonical(data) {
  try {
    return printSchema(lexicographicSortSchema(buildClientSchema(data)));
  } catch {
    return null;
  }
}
const reference = requests.find((request) => request.data?.__schema)?.data ?? null;
const referenceSdl = reference ? canonical(reference) : null;
for (const request of requests) {
  request.hasSchema = Boolean(request.data?.__schema);
  request.sameSchemaAsFirst = referenceSdl !== null && request.hasSchema && canonical(request.data) === referenceSdl;
  delete request.data;
}

function judgeSchema(data) {
  const result = { built: false };
  let schema;
  try {
    schema = buildClientSchema(data);
    result.built = true;
  } catch (err) {
    result.buildError = String(err?.message ?? err);
    return result;
  }
  const raw = data.__schema;
  result.leftoverTypes = raw.types.map((type) => type.name).filter((name) => !name.startsWith("__") && isFederationName(name));
  result.nonSpecDirectives = raw.directives.map((d) => d.name).filter((name) => !SPEC_DIRECTIVES.includes(name));
  result.federationRootFields = Object.keys(schema.getQueryType()?.getFields() ?? {}).filter((name) => isFederationName(name));
  result.rootTypes = {
    query: schema.getQueryType()?.name ?? null,
    mutation: schema.getMutationType()?.name ?? null,
    subscription: schema.getSubscriptionType()?.name ?? null,
  };
  const has = (path) => {
    const [typeName, fieldName] = path.split(".");
    const type = schema.getType(typeName);
    return Boolean(type && (!fieldName || type.getFields?.()[fieldName]));
  };
  result.landmarks = Object.fromEntries(
    ["Query.jobPosting", "Query.me", "JobPosting.company", "JobPosting", "User", "Match", "Mutation.register", "Subscription.jobStatusChanged"].map(
      (path) => [path, has(path)],
    ),
  );
  // Compare what a client would print and re-read: the SDL codegen and schema registries keep.
  const printed = printSchema(schema);
  result.printedLines = printed.split("\n").length;
  result.comparison = compareWithSubgraphs(buildSchema(printed), subgraphs);
  return result;
}

const schema = reference ? judgeSchema(reference) : null;

const small = [
  await post("{ __type(name: \"JobPosting\") { name fields { name } } }", { query: '{ __type(name: "JobPosting") { name fields { name } } }' }, "application/json"),
  await post("{ __schema { queryType { name } } }", { query: "{ __schema { queryType { name } } }" }, "application/json"),
];
// The fields `__type` lists must be those the subgraphs declare.
const jobPostingFields = [...expectedElements(subgraphs).keys()]
  .filter((path) => /^JobPosting\.[^(]+$/.test(path))
  .map((path) => path.slice("JobPosting.".length));
small[0].expected = { name: "JobPosting", fields: jobPostingFields.sort() };
small[0].got = { name: small[0].data?.__type?.name ?? null, fields: (small[0].data?.__type?.fields ?? []).map((field) => field.name).sort() };
small[1].expected = { queryType: "Query" };
small[1].got = { queryType: small[1].data?.__schema?.queryType?.name ?? null };
for (const request of small) delete request.data;

printJson({ requests, schema, small });
