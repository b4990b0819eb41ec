// The org-chart explorer (/explorer): one page over the public GraphQL API only.
// Bundled by esbuild into api/static/explorer/explorer.js (`make explorer`); the API serves it.
import { stratify, tree } from "d3-hierarchy";

import { api, detectFeatures, keyStore } from "./api.js";
import { STRENGTH_COLOURS, NO_STRENGTH_COLOUR, ROLE_BADGES, SCORES } from "./palette.js";

// Charts up to this many people load whole; larger ones load INITIAL_DEPTH levels and expand
// node by node (orgChart's hiddenDescendants says what lies below).
const FULL_CHART_LIMIT = 300;
const INITIAL_DEPTH = 3;
const EXPAND_DEPTH = 2;
// The as-of slider reaches this many days back.
const SLIDER_DAYS = 730;
const SLIDER_PAUSE_MS = 250;
const ROW = 34;
const COLUMN = 250;
const BOX = 210;
const SVG_NS = "http://www.w3.org/2000/svg";

const state = {
  features: { chartAsOf: false, edgeKind: false },
  accountId: null,
  asOf: null, // null: today
  nodes: new Map(), // personId -> OrgChartNode
  edges: [], // OrgChartEdge
  former: [],
  selected: null,
  path: new Set(), // personIds on the highlighted warm-introduction path
  pathEdges: new Set(), // "source>target" of those hops
  generation: 0, // drops answers of superseded requests
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

function status(text, isError = false) {
  const line = $("status");
  line.textContent = text;
  line.classList.toggle("error", isError);
}

function isoDay(offsetDays) {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + offsetDays);
  return day.toISOString().slice(0, 10);
}

// ---- queries ---------------------------------------------------------------------------

const ACCOUNTS = `query ExplorerAccounts {
  accounts(first: 100, orderBy: {field: TIER, direction: DESC}) {
    edges { node { accountId name tier } }
  }
}`;

function chartQuery() {
  const asOf = state.features.chartAsOf;
  const kind = state.features.edgeKind ? " kind" : "";
  return `query ExplorerChart($id: ID!, $root: ID, $depth: Int${asOf ? ", $asOf: Date" : ""}) {
  account(id: $id) {
    accountId name
    orgChart(rootPersonId: $root, depth: $depth${asOf ? ", asOf: $asOf" : ""}) {
      rootIds totalCount
      nodes { personId parentId depth roles bestStrength hiddenDescendants
              person { name title department } }
      edges { source target${kind} }
    }
    people(status: FORMER, first: 50) { edges { node { personId name title } } }
  }
}`;
}

const SCORE_FIELDS = `asOf
      breadth { value explanation }
      championDependency { value explanation }
      executiveAccess { value explanation }
      riskFlags { code severity message }`;

const SCORES_QUERY = `query ExplorerScores($id: ID!, $asOf: Date, $without: [ID!], $person: ID!,
                        $chosen: Boolean!) {
  account(id: $id) {
    scores(asOf: $asOf) { ${SCORE_FIELDS} }
    whatIf: scores(asOf: $asOf, without: $without) @include(if: $chosen) { ${SCORE_FIELDS} }
    introductionPaths(personId: $person, limit: 1) @include(if: $chosen) {
      strength
      steps { kind source { ownId name } target { ownId name } strength }
    }
  }
}`;

// ---- loading ---------------------------------------------------------------------------

async function loadAccounts() {
  const data = await api(ACCOUNTS);
  const picker = $("account");
  picker.replaceChildren(
    ...data.accounts.edges.map(({ node }) =>
      el("option", { value: node.accountId }, `${node.name} (tier ${node.tier})`),
    ),
  );
  const wanted = new URLSearchParams(location.search).get("account");
  if (wanted && [...picker.options].some((o) => o.value === wanted)) picker.value = wanted;
  await selectAccount(picker.value);
}

async function fetchChart(root, depth) {
  const variables = { id: state.accountId, root, depth };
  if (state.features.chartAsOf) variables.asOf = state.asOf;
  const data = await api(chartQuery(), variables);
  if (!data.account) throw new Error(`no account ${state.accountId} (or not in your scope)`);
  return data.account;
}

function merge(chart) {
  for (const node of chart.nodes) state.nodes.set(node.personId, node);
  const known = new Set(state.edges.map((e) => `${e.source}>${e.target}>${e.kind ?? ""}`));
  for (const edge of chart.edges) {
    const key = `${edge.source}>${edge.target}>${edge.kind ?? ""}`;
    if (!known.has(key)) state.edges.push(edge);
  }
}

function hiddenTotal(chart, depth) {
  // Those below the deepest level drawn: summing every node would count a person once per
  // ancestor.
  return chart.nodes.filter((n) => n.depth === depth).reduce((s, n) => s + n.hiddenDescendants, 0);
}

// ?depth=N asks for N levels first whatever the chart's size (lazy from the start).
function askedDepth() {
  const asked = Number.parseInt(new URLSearchParams(location.search).get("depth") ?? "", 10);
  return Number.isInteger(asked) && asked >= 0 ? asked : null;
}

async function loadChart() {
  const generation = ++state.generation;
  status("Loading the org chart…");
  const asked = askedDepth();
  const depth = asked ?? INITIAL_DEPTH;
  let account = await fetchChart(null, depth);
  if (generation !== state.generation) return;
  const total = account.orgChart.nodes.length + hiddenTotal(account.orgChart, depth);
  if (asked === null && total > account.orgChart.nodes.length && total <= FULL_CHART_LIMIT) {
    account = await fetchChart(null, null);
    if (generation !== state.generation) return;
  }
  state.nodes = new Map();
  state.edges = [];
  merge(account.orgChart);
  state.former = account.people.edges.map((e) => e.node);
  // A person chosen on another day may not be in this day's chart.
  if (state.selected && !state.nodes.has(state.selected)) state.selected = null;
  $("account-name").textContent = account.name;
  render();
  status("");
}

async function expand(personId) {
  const generation = state.generation;
  status("Expanding…");
  const account = await fetchChart(personId, EXPAND_DEPTH);
  if (generation !== state.generation) return;
  const offset = state.nodes.get(personId).depth;
  // The sub-chart's depths count from its root; the drawn chart's from the top.
  for (const node of account.orgChart.nodes) {
    const old = state.nodes.get(node.personId);
    node.depth += offset;
    if (node.personId === personId && old) node.parentId = old.parentId;
  }
  merge(account.orgChart);
  render();
  status("");
  focusNode(personId);
}

async function loadScores() {
  const generation = state.generation;
  const chosen = state.selected !== null;
  const variables = {
    id: state.accountId,
    asOf: state.asOf,
    without: chosen ? [state.selected] : null,
    person: state.selected ?? "",
    chosen,
  };
  const data = await api(SCORES_QUERY, variables);
  if (generation !== state.generation || !data.account) return;
  renderScores(data.account.scores, data.account.whatIf ?? null);
  state.path = new Set();
  state.pathEdges = new Set();
  const best = data.account.introductionPaths?.[0];
  renderPath(best);
  if (best) {
    for (const step of best.steps) {
      state.path.add(step.source.ownId).add(step.target.ownId);
      state.pathEdges.add(`${step.source.ownId}>${step.target.ownId}`);
      state.pathEdges.add(`${step.target.ownId}>${step.source.ownId}`);
    }
  }
  paintSelection();
}

async function selectAccount(accountId) {
  state.accountId = accountId;
  state.selected = null;
  const url = new URL(location.href);
  url.searchParams.set("account", accountId);
  history.replaceState(null, "", url);
  await guarded(async () => {
    await loadChart();
    await loadScores();
  });
}

async function guarded(work) {
  try {
    await work();
  } catch (error) {
    status(String(error.message ?? error), true);
    if (error.unauthorised) showKeyForm(true);
  }
}

// ---- the chart -------------------------------------------------------------------------

const VIRTUAL_ROOT = "\u0000root";

function layout() {
  const rows = [{ personId: VIRTUAL_ROOT, parentId: null }];
  for (const node of state.nodes.values()) {
    const parent = node.parentId && state.nodes.has(node.parentId) ? node.parentId : VIRTUAL_ROOT;
    rows.push({ personId: node.personId, parentId: parent });
  }
  const root = stratify()
    .id((d) => d.personId)
    .parentId((d) => d.parentId)(rows);
  const byName = (a, b) =>
    (state.nodes.get(a.id)?.person.name ?? "").localeCompare(state.nodes.get(b.id)?.person.name ?? "");
  root.sort(byName);
  // Left to right: breadth runs down the page (x), depth across it (y).
  tree().nodeSize([ROW, COLUMN])(root);
  return root;
}

function render() {
  const root = layout();
  const chart = $("chart");
  const placed = root.descendants().filter((d) => d.id !== VIRTUAL_ROOT);
  const xs = placed.map((d) => d.x);
  const minX = Math.min(0, ...xs);
  const maxX = Math.max(0, ...xs);
  const maxDepth = Math.max(1, ...placed.map((d) => d.depth));
  const width = maxDepth * COLUMN + 40;
  const height = maxX - minX + ROW * 2;
  const canvas = svg("svg", { width, height, role: "tree", "aria-label": "Org chart" });
  const shift = (d) => ({ x: (d.depth - 1) * COLUMN + 10, y: d.x - minX + ROW });
  const position = new Map(placed.map((d) => [d.id, shift(d)]));
  state.hierarchy = new Map(placed.map((d) => [d.id, d]));

  const lines = svg("g", { class: "lines" });
  for (const d of placed) {
    if (d.parent && d.parent.id !== VIRTUAL_ROOT) {
      const from = position.get(d.parent.id);
      const to = position.get(d.id);
      lines.append(link(from, to, "solid", d.id, d.parent.id));
    }
  }
  // Lines that are not the tree's own (dotted-line reporting, when the schema has edge kinds).
  for (const edge of state.edges) {
    // The tree is drawn from parentId (the solid line); a dotted-line kind is drawn dashed.
    if (!/DOTTED/i.test(edge.kind ?? "")) continue;
    const from = position.get(edge.target);
    const to = position.get(edge.source);
    if (from && to) lines.append(link(from, to, "dotted", edge.source, edge.target));
  }
  canvas.append(lines);

  const people = svg("g", { class: "people" });
  for (const d of placed) people.append(personNode(state.nodes.get(d.id), position.get(d.id), d));
  canvas.append(people);
  chart.replaceChildren(canvas);
  $("count").textContent = `${placed.length} people shown`;
  $("count").dataset.count = String(placed.length);
  renderFormer();
  paintSelection();
}

function link(from, to, kind, source, target) {
  const midX = (from.x + BOX + to.x) / 2;
  return svg("path", {
    class: `line ${kind}`,
    "data-source": source,
    "data-target": target,
    d: `M${from.x + BOX},${from.y} C${midX},${from.y} ${midX},${to.y} ${to.x},${to.y}`,
  });
}

function personNode(node, at, d) {
  const strength = node.bestStrength ?? "NONE";
  const group = svg("g", {
    class: "person",
    transform: `translate(${at.x},${at.y - 13})`,
    tabindex: "0",
    role: "treeitem",
    "aria-level": String(d.depth),
    "aria-label": `${node.person.name}, ${node.person.title ?? "no title"}; strength ${strength.toLowerCase()}${node.roles.length ? "; " + node.roles.join(", ").toLowerCase() : ""}`,
    "data-person-id": node.personId,
    "data-strength": strength,
  });
  const box = svg("rect", {
    class: "box",
    width: BOX,
    height: 26,
    rx: 5,
    fill: STRENGTH_COLOURS[node.bestStrength] ?? NO_STRENGTH_COLOUR,
  });
  const name = svg("text", { x: 8, y: 17, class: "name" });
  name.textContent = node.person.name;
  const title = svg("title");
  title.textContent = [node.person.name, node.person.title, node.person.department, ...node.roles]
    .filter(Boolean)
    .join("\n");
  group.append(title, box, name);
  // Buying roles as badges inside the box's right end, the first role rightmost.
  node.roles.forEach((role, index) => {
    const cx = BOX - 12 - index * 20;
    const badge = svg("g", { class: `badge role-${role}`, "data-role": role });
    const disc = svg("circle", { cx, cy: 13, r: 9 });
    const letter = svg("text", { x: cx, y: 17, "text-anchor": "middle" });
    letter.textContent = ROLE_BADGES[role] ?? role[0];
    badge.append(disc, letter);
    group.append(badge);
  });
  if (node.hiddenDescendants > 0) {
    const more = svg("text", { x: 8, y: 38, class: "more" });
    more.textContent = `+${node.hiddenDescendants} below (E)`;
    group.append(more);
  }
  group.addEventListener("click", () => choose(node.personId));
  group.addEventListener("dblclick", () => node.hiddenDescendants > 0 && guarded(() => expand(node.personId)));
  group.addEventListener("keydown", (event) => onNodeKey(event, node));
  return group;
}

function renderFormer() {
  const list = $("former");
  const drawn = state.nodes;
  const former = state.former.filter((p) => !drawn.has(p.personId));
  list.replaceChildren(
    ...former.map((p) => el("li", { "data-person-id": p.personId }, `${p.name}`, el("small", {}, p.title ?? ""))),
  );
  $("former-empty").hidden = former.length > 0;
}

function focusNode(personId) {
  document.querySelector(`.person[data-person-id="${CSS.escape(personId)}"]`)?.focus();
}

function onNodeKey(event, node) {
  const here = state.hierarchy.get(node.personId);
  const siblings = here.parent ? here.parent.children : [here];
  const at = siblings.indexOf(here);
  const moves = {
    ArrowLeft: () => here.parent?.id !== VIRTUAL_ROOT && here.parent?.id,
    ArrowRight: () => here.children?.[0]?.id,
    ArrowUp: () => siblings[at - 1]?.id,
    ArrowDown: () => siblings[at + 1]?.id,
  };
  if (event.key in moves) {
    const target = moves[event.key]();
    if (target) focusNode(target);
    event.preventDefault();
  } else if (event.key === "Enter" || event.key === " ") {
    choose(node.personId);
    event.preventDefault();
  } else if (event.key === "e" || event.key === "E") {
    if (node.hiddenDescendants > 0) guarded(() => expand(node.personId));
  }
}

function choose(personId) {
  state.selected = state.selected === personId ? null : personId;
  guarded(loadScores);
}

function paintSelection() {
  for (const group of document.querySelectorAll(".person")) {
    const id = group.dataset.personId;
    group.classList.toggle("selected", id === state.selected);
    group.classList.toggle("on-path", state.path.has(id));
  }
  for (const line of document.querySelectorAll(".line")) {
    line.classList.toggle("on-path", state.pathEdges.has(`${line.dataset.source}>${line.dataset.target}`));
  }
  const person = state.selected && state.nodes.get(state.selected);
  $("selection").textContent = person
    ? `What if ${person.person.name} were gone? (Esc clears)`
    : "Click a person (or Enter) for the scores without them and our warm path to them.";
}

// ---- the side panel --------------------------------------------------------------------

function renderScores(base, whatIf) {
  const list = $("scores");
  list.replaceChildren(
    ...SCORES.map(({ field, label, higherIsWorse }) => {
      const now = base[field].value;
      const then = whatIf ? whatIf[field].value : null;
      const figure = then ?? now;
      const change = then === null ? "" : ` (now ${now.toFixed(1)})`;
      const worse = then !== null && (higherIsWorse ? then > now : then < now);
      return el(
        "li",
        { "data-score": field, class: worse ? "worse" : "" },
        el("span", { class: "label" }, label),
        el("span", { class: "value", "data-value": figure.toFixed(1) }, figure.toFixed(1)),
        el("span", { class: "change" }, change),
        el("p", { class: "explanation" }, (whatIf ?? base)[field].explanation),
      );
    }),
  );
  const flags = (whatIf ?? base).riskFlags;
  $("flags").replaceChildren(
    ...flags.map((f) => el("li", { class: `flag ${f.severity.toLowerCase()}`, "data-code": f.code }, el("b", {}, f.code), " ", f.message)),
  );
  $("flags-empty").hidden = flags.length > 0;
  $("scores-as-of").textContent = `as of ${base.asOf}`;
}

function renderPath(best) {
  const box = $("path");
  if (!state.selected) {
    box.textContent = "";
    return;
  }
  if (!best) {
    box.textContent = "No warm introduction path within three hops.";
    return;
  }
  const names = [best.steps[0].source.name, ...best.steps.map((s) => s.target.name)];
  box.replaceChildren(
    el("b", {}, "Warm path: "),
    names.join(" → "),
    el("small", {}, ` (strength ${best.strength.toFixed(2)})`),
  );
}

// ---- controls --------------------------------------------------------------------------

function showKeyForm(open) {
  $("key-form").hidden = !open;
  if (open) $("key").focus();
}

function renderLegend() {
  const swatch = (colour, text, strength) =>
    el("li", {}, el("span", { class: "swatch", "data-legend": strength, style: `background:${colour}` }), text);
  $("legend").replaceChildren(
    ...Object.entries(STRENGTH_COLOURS).map(([strength, colour]) =>
      swatch(colour, strength.toLowerCase().replace("_", " "), strength),
    ),
    swatch(NO_STRENGTH_COLOUR, "no relationship", "NONE"),
    ...Object.entries(ROLE_BADGES).map(([role, badge]) =>
      el("li", {}, el("b", { class: `badge role-${role}` }, badge), role.toLowerCase().replace("_", " ")),
    ),
  );
}

function setUpControls() {
  renderLegend();
  $("account").addEventListener("change", (event) => selectAccount(event.target.value));
  const slider = $("as-of");
  slider.min = String(-SLIDER_DAYS);
  slider.max = "0";
  slider.value = "0";
  const label = () => {
    const offset = Number(slider.value);
    $("as-of-label").textContent = offset === 0 ? "today" : isoDay(offset);
  };
  slider.addEventListener("input", label);
  let pending = null;
  slider.addEventListener("change", () => {
    label();
    // Arrow keys change the slider a day at a time: load once they pause.
    clearTimeout(pending);
    pending = setTimeout(() => {
      const offset = Number(slider.value);
      state.asOf = offset === 0 ? null : isoDay(offset);
      guarded(async () => {
        await loadChart();
        await loadScores();
      });
    }, SLIDER_PAUSE_MS);
  });
  label();
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    keyStore.set($("key").value.trim());
    showKeyForm(false);
    start();
  });
  $("key-button").addEventListener("click", () => showKeyForm($("key-form").hidden));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.selected) {
      const was = state.selected;
      choose(was);
      focusNode(was);
    }
  });
}

async function start() {
  await guarded(async () => {
    state.features = await detectFeatures();
    $("as-of-note").textContent = state.features.chartAsOf
      ? ""
      : "(this server dates the scores only; the chart is today's)";
    await loadAccounts();
  });
}

// The controls first: the key form must work when the first request is refused.
setUpControls();
start();
