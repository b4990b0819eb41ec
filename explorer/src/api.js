// The page's only way to the data: POST /graphql, with the caller's API key when one is kept.

const KEY = "stakegraph.apiKey";

// The key lives in sessionStorage: gone when the tab closes, never in the URL or a cookie.
export const keyStore = {
  get: () => sessionStorage.getItem(KEY) || "",
  set: (value) => (value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY)),
};

// Where the API serves GraphQL (the page names it, so a reverse proxy's prefix holds).
const ENDPOINT =
  document.querySelector('meta[name="stakegraph-graphql"]')?.getAttribute("content") || "/graphql";

export async function api(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = keyStore.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON: the status line says enough.
  }
  const errors = body?.errors ?? [];
  if (response.status === 401 || errors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) {
    const error = new Error("This server needs an API key: enter one above.");
    error.unauthorised = true;
    throw error;
  }
  if (errors.length) throw new Error(errors.map((e) => e.message).join("; "));
  if (!response.ok || !body?.data) throw new Error(`GraphQL request failed: HTTP ${response.status}`);
  return body.data;
}

// What this server's schema offers beyond the basics: the page adapts instead of failing.
const FEATURES = `query ExplorerFeatures {
  account: __type(name: "Account") { fields { name args { name } } }
  edge: __type(name: "OrgChartEdge") { fields { name } }
}`;

export async function detectFeatures() {
  const data = await api(FEATURES);
  const orgChart = data.account?.fields.find((f) => f.name === "orgChart");
  return {
    chartAsOf: Boolean(orgChart?.args.some((a) => a.name === "asOf")),
    edgeKind: Boolean(data.edge?.fields.some((f) => f.name === "kind")),
  };
}
