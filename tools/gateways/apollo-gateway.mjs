// Apollo Gateway in Apollo Server, serving a composed supergraph for the gateway benchmark
// (scripts/bench-gateways.sh). Settings from the environment: SUPERGRAPH_PATH, HOST, PORT.
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const supergraphPath = process.env.SUPERGRAPH_PATH;
if (!supergraphPath) {
  console.error("SUPERGRAPH_PATH must name a composed supergraph");
  process.exit(2);
}
const host = process.env.HOST ?? "127.0.0.1";
const port = Number.parseInt(process.env.PORT ?? "4000", 10);

const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, "utf8") });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { host, port } });
console.log(`Apollo Gateway listening on ${url}`);
