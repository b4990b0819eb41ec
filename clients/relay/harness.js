// Runs the compiled Relay operations (relay/__generated__/) in a real relay-runtime
// Environment, for tests/clients/test_relay.py:
//   node relay/harness.js texts              -> {operationName: queryText} on stdout
//   node relay/harness.js normalize FILE     -> {warnings, errors, results} on stdout
// FILE holds [{operation, variables, response}], responses the API gave; each is fetched
// through one Environment, so records of every response meet in one store, as in an app.
"use strict";

const fs = require("fs");
const path = require("path");
const {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getRequest,
} = require("relay-runtime");

const GENERATED = path.join(__dirname, "__generated__");

function artifact(name) {
  return require(path.join(GENERATED, `${name}.graphql.js`));
}

function texts() {
  const out = {};
  for (const file of fs.readdirSync(GENERATED)) {
    const node = require(path.join(GENERATED, file));
    if (node.kind === "Request") out[node.params.name] = node.params.text;
  }
  return out;
}

async function normalize(file) {
  const recorded = JSON.parse(fs.readFileSync(file, "utf8"));
  // relay-runtime reports inconsistent records with fbjs `warning`, i.e. console.error.
  const warnings = [];
  console.error = (...args) => warnings.push(args.map(String).join(" "));
  console.warn = console.error;
  const pending = new Map();
  const network = Network.create((params, variables) => {
    const entry = pending.get(params.name);
    if (!entry) throw new Error(`no recorded response for ${params.name}`);
    return entry.response;
  });
  const environment = new Environment({ network, store: new Store(new RecordSource()) });
  const results = [];
  const errors = [];
  for (const entry of recorded) {
    const query = artifact(entry.operation);
    pending.set(query.params.name, entry);
    try {
      await fetchQuery(environment, query, entry.variables).toPromise();
      const operation = createOperationDescriptor(getRequest(query), entry.variables);
      const snapshot = environment.lookup(operation.fragment);
      results.push({
        operation: entry.operation,
        isMissingData: snapshot.isMissingData,
        data: snapshot.data,
      });
    } catch (error) {
      errors.push(`${entry.operation}: ${error && error.message}`);
    }
  }
  const records = environment.getStore().getSource().toJSON();
  const types = {};
  for (const record of Object.values(records)) {
    if (record) types[record.__typename] = (types[record.__typename] || 0) + 1;
  }
  return { warnings, errors, results, types };
}

async function main() {
  const [command, file] = process.argv.slice(2);
  const out = command === "texts" ? texts() : await normalize(file);
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
