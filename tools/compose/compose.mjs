// Composes the subgraphs listed in the repo-root supergraph.yaml into schema/supergraph.graphql.
//   node compose.mjs          write the supergraph
//   node compose.mjs --check  exit 1 when the checked-in supergraph is stale
// Another configuration (e.g. a test fixture) can be composed with
//   node compose.mjs --config path/to/supergraph.yaml --out path/to/supergraph.graphql
// (paths relative to the current directory; schema files relative to the configuration, as
// `rover supergraph compose` reads them).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "graphql";
import { parse as parseYaml } from "yaml";
import { composeServices } from "@theguild/federation-composition";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function option(name) {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith("--")) {
    console.error(`${name} needs a path`);
    process.exit(2);
  }
  return resolve(process.cwd(), value);
}

const configPath = option("--config") ?? resolve(root, "supergraph.yaml");
const output = option("--out") ?? resolve(root, "schema/supergraph.graphql");
const configDir = dirname(configPath);
const config = parseYaml(readFileSync(configPath, "utf8"));

// The header records a digest of the inputs, so a test (without Node) can tell when the
// supergraph was not recomposed after a subgraph's SDL changed.
const inputs = createHash("sha256");
const services = Object.entries(config.subgraphs).map(([name, subgraph]) => {
  const sdl = readFileSync(resolve(configDir, subgraph.schema.file), "utf8");
  inputs.update(`${name}\n${sdl}`);
  return { name, url: subgraph.routing_url, typeDefs: parse(sdl) };
});

const result = composeServices(services);
if (result.errors && result.errors.length > 0) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}

const header = `# Composed by tools/compose from supergraph.yaml; do not edit.\n# inputs-sha256: ${inputs.digest("hex")}\n`;
const supergraph = header + result.supergraphSdl.trimEnd() + "\n";
if (process.argv.includes("--check")) {
  const current = readFileSync(output, "utf8");
  if (current !== supergraph) {
    console.error(`${output} is stale: run \`node tools/compose/compose.mjs\``);
    process.exit(1);
  }
  console.log(`${output} is up to date`);
} else {
  writeFileSync(output, supergraph);
  console.log(`wrote ${output}`);
}
