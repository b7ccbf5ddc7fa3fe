// GraphQL Code Generator run as a build step runs it, with the router's URL as the schema (its
// URL loader introspects the live endpoint): the client preset for an app's operations and the
// `typescript` plugin for the schema's types, written to a temporary folder that is removed.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "@graphql-codegen/cli";

const DOCUMENT = `query Posting($id: ID!) { jobPosting(id: $id) { id title status } }`;

/**
 * `{files, schemaTypes, jobPostingFields, operationExports}`: the files written, the types
 * `schema.ts` exports, the fields of its `JobPosting` type, and what the preset's `graphql.ts`
 * exports.
 */
export async function codegen({ url }) {
  const dir = await mkdtemp(join(tmpdir(), "iworkz-codegen-"));
  try {
    await generate(
      {
        schema: url,
        documents: [DOCUMENT],
        generates: {
          [join(dir, "gql/")]: { preset: "client" },
          [join(dir, "schema.ts")]: { plugins: ["typescript"] },
        },
        silent: true,
      },
      true,
    );
    const schema = await readFile(join(dir, "schema.ts"), "utf8");
    const operations = await readFile(join(dir, "gql", "graphql.ts"), "utf8");
    return {
      files: [...(await readdir(join(dir, "gql"))).map((name) => `gql/${name}`), "schema.ts"].sort(),
      schemaTypes: exportedNames(schema),
      jobPostingFields: typeFields(schema, "JobPosting"),
      operationExports: exportedNames(operations),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function exportedNames(source) {
  return [...source.matchAll(/^export (?:type|const|enum) (\w+)/gm)].map((match) => match[1]);
}

function typeFields(source, name) {
  // `export type JobPosting = {`, or `= Node & {` for a type implementing an interface.
  const start = source.search(new RegExp(`^export type ${name} = (?:\\w+ & )*\\{$`, "m"));
  if (start < 0) return [];
  const body = source.slice(start, source.indexOf("\n};", start));
  return [...body.matchAll(/^  (\w+)\??: /gm)].map((match) => match[1]).filter((field) => field !== "__typename");
}
