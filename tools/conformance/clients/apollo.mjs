// Apollo Client 4 as apps configure it: HttpLink (queries, a mutation that updates the
// normalized cache, subscriptions over multipart HTTP), PersistedQueryLink in front of it (POST,
// then GET for hashed queries), BatchHttpLink, and GraphQLWsLink over graphql-ws.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { BatchHttpLink } from "@apollo/client/link/batch-http";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { JOB_STATUS, follow } from "./live.mjs";
import { recordingFetch } from "./wire.mjs";

const POSTING = gql`
  query Posting($id: ID!) {
    jobPosting(id: $id) { id title status company { id name } }
    jobPostings(first: 5) { edges { node { id title } } }
  }
`;

const RENAME = gql`
  mutation Rename($id: ID!, $title: String!) {
    updateJobPosting(id: $id, input: { title: $title }) { id title }
  }
`;

const PERSISTED_POSTING = gql`
  query PersistedPosting($id: ID!) { jobPosting(id: $id) { id title } }
`;

const PERSISTED_COMPANY = gql`
  query PersistedCompany($id: ID!) { company(id: $id) { id name } }
`;

const BATCHED_POSTING = gql`
  query BatchedPosting($id: ID!) { jobPosting(id: $id) { id status } }
`;

const BATCHED_COMPANY = gql`
  query BatchedCompany($id: ID!) { company(id: $id) { id name } }
`;

/** The new title the mutation step gives the posting. */
export const RENAMED = "Backend Engineer (Rust, GraphQL)";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

function client(link) {
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

/**
 * A query, the mutation, then the query again from the cache (no request: the mutation's
 * result updated the normalized posting).
 */
export async function queryAndMutate({ url, token, jobId }) {
  const wire = [];
  const apollo = client(
    new HttpLink({ uri: url, fetch: recordingFetch(wire), headers: { authorization: `Bearer ${token}` } }),
  );
  const query = await apollo.query({ query: POSTING, variables: { id: jobId } });
  const mutation = await apollo.mutate({ mutation: RENAME, variables: { id: jobId, title: RENAMED } });
  const requestsBefore = wire.length;
  const cached = await apollo.query({ query: POSTING, variables: { id: jobId }, fetchPolicy: "cache-first" });
  return {
    query: query.data,
    mutation: mutation.data,
    cachedTitle: cached.data?.jobPosting?.title ?? null,
    requestsForCachedQuery: wire.length - requestsBefore,
    wire,
  };
}

/**
 * Automatic persisted queries: a query posted by hash, registered, then run by a fresh client by
 * hash alone; the same over GET with `useGETForHashedQueries` for another query.
 */
export async function persistedQueries({ url, jobId, companyId }) {
  const run = async (options, query, variables) => {
    const wire = [];
    const link = new PersistedQueryLink({ sha256, ...options }).concat(
      new HttpLink({ uri: url, fetch: recordingFetch(wire) }),
    );
    const result = await client(link).query({ query, variables });
    return { data: result.data, wire };
  };
  return {
    postFirst: await run({}, PERSISTED_POSTING, { id: jobId }),
    postAgain: await run({}, PERSISTED_POSTING, { id: jobId }),
    getFirst: await run({ useGETForHashedQueries: true }, PERSISTED_COMPANY, { id: companyId }),
    getAgain: await run({ useGETForHashedQueries: true }, PERSISTED_COMPANY, { id: companyId }),
  };
}

/** Two queries issued together, which BatchHttpLink sends as one POST of a JSON array. */
export async function batched({ url, token, jobId, companyId }) {
  const wire = [];
  const apollo = client(
    new BatchHttpLink({
      uri: url,
      fetch: recordingFetch(wire),
      headers: { authorization: `Bearer ${token}` },
      batchInterval: 20,
      batchMax: 10,
    }),
  );
  const [posting, company] = await Promise.all([
    apollo.query({ query: BATCHED_POSTING, variables: { id: jobId } }),
    apollo.query({ query: BATCHED_COMPANY, variables: { id: companyId } }),
  ]);
  return { posting: posting.data, company: company.data, wire };
}

/** `jobStatusChanged` through HttpLink: Apollo's multipart HTTP subscription. */
export function multipartSubscription({ url, token, jobId }) {
  const wire = [];
  let established = () => {};
  const apollo = client(
    new HttpLink({
      uri: url,
      fetch: recordingFetch(wire, () => established()),
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  const live = follow((sink) => {
    established = sink.established;
    const subscription = apollo.subscribe({ query: gql(JOB_STATUS), variables: { id: jobId } }).subscribe({
      next: sink.next,
      error: sink.error,
      complete: sink.complete,
    });
    return () => subscription.unsubscribe();
  });
  return { ...live, wire };
}

/** `jobStatusChanged` through GraphQLWsLink, signed in with `connectionParams`. */
export function webSocketSubscription({ url, token, jobId }) {
  const messages = [];
  let established = () => {};
  const socket = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: {
      connected: () => established(),
      message: (message) => messages.push(message.type),
    },
  });
  const apollo = client(new GraphQLWsLink(socket));
  const live = follow((sink) => {
    established = sink.established;
    const subscription = apollo.subscribe({ query: gql(JOB_STATUS), variables: { id: jobId } }).subscribe({
      next: sink.next,
      error: sink.error,
      complete: sink.complete,
    });
    return () => subscription.unsubscribe();
  });
  const done = live.done.then(async (report) => {
    await socket.dispose();
    return report;
  });
  return { established: live.established, done, messages };
}
