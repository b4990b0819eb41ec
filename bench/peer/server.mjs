// The peer of the benchmark (bench/peer.py): @neo4j/graphql on Apollo Server, over the same
// Neo4j as Stakegraph, on a loopback port. Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE, PEER_PORT and PEER_TYPEDEFS (the rendered type definitions).
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const driver = neo4j.driver(
  env("NEO4J_URI"),
  neo4j.auth.basic(env("NEO4J_USER"), env("NEO4J_PASSWORD")),
);
const database = process.env.NEO4J_DATABASE || "neo4j";
const neoSchema = new Neo4jGraphQL({
  typeDefs: readFileSync(env("PEER_TYPEDEFS"), "utf8"),
  driver,
});
const schema = await neoSchema.getSchema();
// Fails at start when a function the library calls (APOC's) is missing.
await neoSchema.checkNeo4jCompat({ sessionConfig: { database } });
const server = new ApolloServer({ schema, introspection: true });
const port = Number(env("PEER_PORT"));
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer ready at ${url}`);

const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
