// One timed run of autocannon against one GraphQL endpoint (bench/peer.py drives it).
// argv[2]: JSON {url, headers, body, connections, duration | amount, timeout}: for `duration`
// seconds, or until `amount` answers have come (a slow query at many clients); prints one line:
// requests, seconds, 2xx / non-2xx / errors / timeouts, and latency mean, p50, p90, p99 in ms.
import autocannon from "autocannon";

const spec = JSON.parse(process.argv[2]);
// autocannon's own histogram keeps whole milliseconds; the fastest answers take a fraction of
// one, so the percentiles come from each response's own time (hrtime, in ms with a fraction).
const times = [];
const began = performance.now();
const result = await new Promise((resolve, reject) => {
  const instance = autocannon(
    {
      url: spec.url,
      method: "POST",
      headers: { "content-type": "application/json", ...spec.headers },
      body: spec.body,
      connections: spec.connections,
      ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
      timeout: spec.timeout,
    },
    (error, finished) => (error ? reject(error) : resolve(finished)),
  );
  instance.on("response", (client, statusCode, bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) times.push(ms);
  });
});
times.sort((a, b) => a - b);
const rank = (share) =>
  times.length ? times[Math.min(times.length - 1, Math.max(0, Math.ceil(share * times.length) - 1))] : 0;
console.log(
  JSON.stringify({
    requests: result.requests.total,
    // autocannon's own duration is rounded to whole seconds in amount mode: measured here.
    seconds: (performance.now() - began) / 1000,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0,
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
  }),
);
