// The graphql-http audit suite (the GraphQL over HTTP spec's own checks) against a running API.
// Usage: node http-audit.mjs URL   (STAKEGRAPH_API_KEY, when set, is sent on every request)
// Prints one JSON line per audit: {id, name, status: ok|warn|error, reason}.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const key = process.env.STAKEGRAPH_API_KEY;

async function fetchWithKey(input, init = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: fetchWithKey });
for (const result of results) {
  const { id, name, status } = result;
  const reason = status === 'ok' ? null : result.reason;
  console.log(JSON.stringify({ id, name, status, reason }));
}
