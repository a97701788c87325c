// A seeded generator of realistic estates for the benchmark.
//
// Shape (issue 7): in-house estates with data centers and halls, two or three clouds with
// regions and zones, SaaS vendors; services in layers (edge, frontends, mid-tier, stores,
// platform, vendor APIs) with about five dependencies each, skewed so that the first
// platform services have a huge fan-in; anyOf groups across regions, 2-of-3 quorum replica
// sets, soft edges and a few back edges in the mid tier that close cycles.
//
// The same abstract estate can be written as native manifest files (`toSources`, what a user
// has on disk) or handed straight to the model builder as entities (`toEntities`, used for the
// 100,000-node graph where parsing 100 MB of YAML is not what is being measured).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A small, fast, seeded PRNG (mulberry32): same seed, same estate, on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (i, w) => String(i).padStart(w, "0");

/**
 * Generates an abstract estate.
 * @param {{services: number, seed?: number, deps?: number}} opts  `deps` scales the number of
 *   dependencies per service (1 = about five each).
 */
export function generateEstate({ services: S, seed = 42, deps = 1 }) {
  const r = rng(seed);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  // Zipf-like skew: index 0 is picked far more often than the last one.
  const skewed = (arr, power = 2.5) => arr[Math.floor(arr.length * Math.pow(r(), power))];
  const chance = (p) => r() < p;
  // Scale a count by `deps` with randomised rounding, so fractional factors stay fair.
  const scaled = (k) => {
    const x = k * deps;
    const f = Math.floor(x);
    return f + (chance(x - f) ? 1 : 0);
  };

  // ---- locations ----
  const locations = [];
  const zonesOfRegion = []; // [{region, zones: [...]}]
  const halls = []; // [{dc, halls: [...]}]
  const clouds = [
    { name: "aws", regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"], zone: (reg, i) => `${reg}${"abc"[i]}` },
    { name: "gcp", regions: ["us-central1", "us-east4", "europe-west1", "europe-west4", "asia-east1"], zone: (reg, i) => `${reg}-${"abc"[i]}` },
    { name: "azure", regions: ["eastus", "westeurope", "northeurope", "southeastasia"], zone: (reg, i) => `${reg}-${i + 1}` },
  ];
  const cloudCount = S >= 5000 ? 3 : 2;
  const regionsPerCloud = Math.min(6, 2 + Math.floor(Math.log10(Math.max(10, S / 100))));
  for (const c of clouds.slice(0, cloudCount)) {
    locations.push({ id: c.name, name: c.name, hosting: "public-cloud", type: "provider" });
    for (const reg of c.regions.slice(0, regionsPerCloud)) {
      const rid = `${c.name}/${reg}`;
      locations.push({ id: rid, name: reg, parent: c.name, type: "region" });
      const zones = [];
      for (let i = 0; i < 3; i++) {
        const z = c.zone(reg, i);
        locations.push({ id: `${rid}/${z}`, name: z, parent: rid, type: "zone" });
        zones.push(`${rid}/${z}`);
      }
      zonesOfRegion.push({ region: rid, zones });
    }
  }
  const estates = S >= 20000 ? ["corp", "acquired-co"] : ["corp"];
  const dcCount = Math.min(8, 2 + Math.floor(S / 10000));
  for (const e of estates) {
    locations.push({ id: e, name: e, hosting: "in-house", type: "company" });
    for (let d = 1; d <= dcCount; d++) {
      const dc = `${e}/dc-${pad(d, 2)}`;
      locations.push({ id: dc, name: `dc-${pad(d, 2)}`, parent: e, type: "datacenter" });
      const hs = [];
      for (let h = 1; h <= 3 + (d % 2); h++) {
        locations.push({ id: `${dc}/hall-${h}`, name: `hall-${h}`, parent: dc, type: "hall" });
        hs.push(`${dc}/hall-${h}`);
      }
      halls.push({ dc, halls: hs });
    }
  }
  const vendorNames = ["payflow", "fastedge", "mailbolt", "smsly", "geoapi", "taxify", "authzero", "searchly", "fraudnet", "shipfast", "logstream", "paygate"];
  const vendors = vendorNames.slice(0, Math.min(vendorNames.length, 4 + Math.floor(Math.log2(Math.max(1, S / 1000))) * 2));
  for (const v of vendors) locations.push({ id: v, name: v, hosting: "third-party", type: "vendor" });

  // A home for each team: a cloud region (most) or an in-house data center.
  const home = () => (chance(0.7) ? { cloud: pick(zonesOfRegion) } : { dc: pick(halls) });
  const placeIn = (h, wide) => {
    if (h.cloud) {
      const zs = h.cloud.zones;
      const k = wide ? 3 : int(1, 3);
      const start = int(0, 2);
      const out = [];
      for (let i = 0; i < k; i++) out.push(zs[(start + i) % 3]);
      return out;
    }
    const hs = h.dc.halls;
    const k = wide ? 2 : int(1, 2);
    const start = int(0, hs.length - 1);
    const out = [];
    for (let i = 0; i < k; i++) out.push(hs[(start + i) % hs.length]);
    return out;
  };

  // ---- services, layer by layer ----
  const w = String(S).length;
  const count = {
    platform: Math.max(8, Math.round(S * 0.01)),
    edge: Math.max(2, Math.round(S * 0.01)),
    vendor: Math.max(3, Math.round(S * 0.01)),
    frontend: Math.round(S * 0.13),
  };
  count.mid = S - count.platform - count.edge - count.vendor - count.frontend - Math.round(S * 0.2);
  const list = [];
  const TEAM_SIZE = 20;
  let teamNo = 0;
  const addLayer = (layer, prefix, n, mk) => {
    const names = [];
    let team;
    let teamHome;
    for (let i = 0; i < n; i++) {
      if (i % TEAM_SIZE === 0) {
        team = `team-${pad(teamNo++, 4)}`;
        teamHome = home();
      }
      const name = `${prefix}-${pad(i, w)}`;
      names.push(name);
      list.push({ name, idx: i, layer, team, domain: `domain-${pad(Math.floor(teamNo / 10), 3)}`, home: teamHome, ...mk(i) });
    }
    return names;
  };
  const tier = (weights) => {
    const x = r();
    let acc = 0;
    const names = ["critical", "high", "medium", "low"];
    for (let i = 0; i < 4; i++) if (x < (acc += weights[i])) return names[i];
    return "low";
  };

  // Stores: most are single databases; some are 3-replica sets used through a 2-of-3 quorum.
  // Each replica set takes three of the store slots, so the estate has exactly S services.
  const storeSlots = Math.round(S * 0.2);
  const sets = Math.floor(storeSlots / 6);
  const storeCount = storeSlots - 2 * sets;
  const storeNames = addLayer("store", "db", storeCount, () => ({ type: pick(["database", "database", "cache", "queue", "storage"]), tier: tier([0.2, 0.4, 0.3, 0.1]) }));
  const isSet = (i) => Math.floor(((i + 1) * sets) / storeCount) > Math.floor((i * sets) / storeCount);
  const storeRefs = storeNames.map((name, i) => (isSet(i) ? { replicas: [1, 2, 3].map((k) => `${name}-r${k}`), base: name } : { single: name }));
  const platform = addLayer("platform", "plat", count.platform, () => ({ type: "service", tier: tier([0.6, 0.3, 0.1, 0]) }));
  const edge = addLayer("edge", "edge", count.edge, () => ({ type: "load-balancer", tier: "critical" }));
  const vendorApis = addLayer("vendor", "ext", count.vendor, () => ({ type: "external-api", tier: tier([0.3, 0.4, 0.2, 0.1]) }));
  const mid = addLayer("mid", "mid", count.mid, () => ({ type: "service", tier: tier([0.1, 0.3, 0.4, 0.2]) }));
  const frontends = addLayer("frontend", "fe", count.frontend, () => ({ type: "service", tier: tier([0.4, 0.4, 0.15, 0.05]) }));

  const byName = new Map(list.map((s) => [s.name, s]));
  // Replica sets: each replica is its own service, one per zone (or hall) of the team's home.
  const replicaServices = [];
  for (const sr of storeRefs) {
    if (!sr.replicas) continue;
    const base = byName.get(sr.base);
    const places = base.home.cloud ? base.home.cloud.zones : base.home.dc.halls;
    sr.replicas.forEach((rn, k) => replicaServices.push({ ...base, name: rn, replicaOf: sr.base, runsOn: [places[k % places.length]], deps: [] }));
  }
  // A replica-set base is not a service of its own: its replicas stand in for it.
  const replicated = new Set(storeRefs.filter((sr) => sr.replicas).map((sr) => sr.base));
  const services = list.filter((s) => !replicated.has(s.name));
  const storeDep = () => {
    const sr = skewed(storeRefs, 1.5);
    if (sr.replicas) return { quorum: 2, of: sr.replicas, note: chance(0.1) ? "writes need two of three replicas" : undefined };
    // Sometimes a store has a twin elsewhere and the client fails over between them.
    if (chance(0.25)) {
      const twin = pick(storeRefs);
      if (twin.single && twin.single !== sr.single) return { anyOf: [sr.single, twin.single], note: chance(0.2) ? "fails over to the twin" : undefined };
    }
    return { ref: sr.single };
  };

  for (const s of services) {
    const deps = [];
    const used = new Set([s.name]);
    const add = (d) => {
      const keys = d.ref ? [d.ref] : d.of ?? d.anyOf;
      if (keys.some((k) => used.has(k))) return;
      keys.forEach((k) => used.add(k));
      deps.push(d);
    };
    if (s.layer === "vendor") s.runsOn = [vendors[Math.floor((s.idx / vendorApis.length) * vendors.length)]];
    else s.runsOn = placeIn(s.home, s.layer === "platform" || s.layer === "edge");
    // The most shared platform services run in two regions; some also in a hall (hybrid).
    if (s.layer === "platform" && s.idx < platform.length / 5) {
      const cloudOf = (z) => z.split("/")[0];
      const others = zonesOfRegion.filter((zr) => !s.home.cloud || cloudOf(zr.region) !== cloudOf(s.home.cloud.region));
      for (const z of pick(others).zones) if (!s.runsOn.includes(z)) s.runsOn.push(z);
    }
    if (s.layer === "platform" && chance(0.3)) {
      const h = pick(pick(halls).halls);
      if (!s.runsOn.includes(h)) s.runsOn.push(h);
    }
    if (s.runsOn.length >= 3 && chance(0.3)) s.minPlacements = 2;
    switch (s.layer) {
      case "vendor":
        break;
      case "edge":
        add({ ref: vendorApis[0], note: chance(0.2) ? "DNS" : undefined });
        for (let k = scaled(1); k > 0; k--) add({ ref: skewed(platform) });
        break;
      case "platform": {
        const i = s.idx;
        // Platform services lean on the more basic ones before them (secrets, config, discovery).
        if (i > 0) for (let k = scaled(int(1, 2)); k > 0; k--) add({ ref: platform[Math.floor(i * Math.pow(r(), 2))] });
        if (chance(0.5)) add(storeDep());
        break;
      }
      case "store":
        if (chance(0.5)) add({ ref: skewed(platform, 3) });
        break;
      case "mid": {
        const i = s.idx;
        // Mostly neighbours (the same team or the next), sometimes one of the core services.
        const hard = scaled(int(0, 2));
        for (let k = 0; k < hard && i > 0; k++) add({ ref: chance(0.8) ? mid[i - 1 - Math.floor(Math.pow(r(), 2) * Math.min(i, 60))] : mid[Math.floor(Math.min(i, mid.length / 20) * r())] });
        // A few back edges close cycles, as real estates have them.
        if (chance(0.01 * deps) && i + 1 < mid.length) add({ ref: mid[int(i + 1, mid.length - 1)], note: "callback" });
        for (let k = scaled(int(1, 2)); k > 0; k--) add(storeDep());
        for (let k = scaled(int(1, 2)); k > 0; k--) add({ ref: skewed(platform) });
        if (chance(0.15)) add({ ref: pick(vendorApis), soft: chance(0.5) });
        if (chance(0.4) && i > 0) add({ ref: mid[Math.floor(i * r())], soft: true });
        if (chance(0.1 * deps) && mid.length > 2) {
          const a = pick(mid);
          const b = pick(mid);
          if (a !== b) add({ anyOf: [a, b], soft: chance(0.3) });
        }
        break;
      }
      case "frontend": {
        if (chance(0.5)) add({ ref: skewed(edge) });
        else {
          const a = pick(edge);
          const b = pick(edge);
          if (a !== b) add({ anyOf: [a, b] });
          else add({ ref: a });
        }
        for (let k = scaled(int(2, 3)); k > 0; k--) add({ ref: mid[Math.floor(mid.length * Math.pow(r(), 1.3))] });
        add({ ref: skewed(platform) });
        if (chance(0.6)) add({ ref: pick(mid), soft: true, note: chance(0.2) ? "hidden when down" : undefined });
        break;
      }
    }
    s.deps = deps;
  }
  for (const rs of replicaServices) if (chance(0.5)) rs.deps = [{ ref: skewed(platform, 3) }];
  const all = [...services, ...replicaServices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { seed, locations, services: all, platformTop: platform[0], hubs: platform.slice(0, 3), vendors, clouds: clouds.slice(0, cloudCount).map((c) => c.name) };
}

// ---- native manifests ----

const q = (s) => (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(s) ? s : JSON.stringify(s));

function depYaml(d) {
  const extra = `${d.soft ? ", soft: true" : ""}${d.note ? `, note: ${JSON.stringify(d.note)}` : ""}`;
  if (d.ref) return extra ? `    - {ref: ${q(d.ref)}${extra}}` : `    - ${q(d.ref)}`;
  if (d.anyOf) return `    - {anyOf: [${d.anyOf.map(q).join(", ")}]${extra}}`;
  return `    - quorum: ${d.quorum}\n      of: [${d.of.map(q).join(", ")}]${d.soft ? "\n      soft: true" : ""}${d.note ? `\n      note: ${JSON.stringify(d.note)}` : ""}`;
}

function serviceYaml(s) {
  const lines = [
    "apiVersion: faultline/v1",
    "kind: Service",
    "metadata:",
    `  name: ${s.name}`,
    `  labels: {team: ${s.team}, domain: ${s.domain}, layer: ${s.layer}}`,
    `  annotations: {runbook: "https://runbooks.example.com/${s.team}/${s.name}"}`,
    "spec:",
    `  type: ${s.type}`,
    `  tier: ${s.tier}`,
    `  owner: ${s.team}`,
    `  runsOn: [${s.runsOn.map(q).join(", ")}]`,
  ];
  if (s.minPlacements) lines.push(`  minPlacements: ${s.minPlacements}`);
  if (s.deps.length > 0) {
    lines.push("  dependsOn:");
    for (const d of s.deps) lines.push(depYaml(d));
  }
  return lines.join("\n") + "\n";
}

function locationYaml(l) {
  const lines = ["apiVersion: faultline/v1", "kind: Location", `metadata: {name: ${l.name}}`, "spec:"];
  if (l.hosting) lines.push(`  hosting: ${l.hosting}`);
  if (l.parent) lines.push(`  parent: ${l.parent}`);
  lines.push(`  type: ${l.type}`);
  return lines.join("\n") + "\n";
}

/** Native manifest files: locations by root, services one file per team, in folders by domain. */
export function toSources(est) {
  const files = new Map();
  const push = (file, text) => {
    const prev = files.get(file);
    files.set(file, prev === undefined ? text : prev + "---\n" + text);
  };
  for (const l of est.locations) push(`locations/${l.id.split("/")[0]}.yaml`, locationYaml(l));
  for (const s of est.services) push(`services/${s.domain}/${s.team}.yaml`, serviceYaml(s));
  return [...files].map(([file, text]) => ({ file, text })).sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** Writes the manifest files under `dir` (emptied first); returns {files, bytes}. */
export function writeSources(dir, sources) {
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const s of sources) {
    const p = join(dir, s.file);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, s.text);
    bytes += Buffer.byteLength(s.text);
  }
  return { files: sources.length, bytes };
}

// ---- entities for the model builder (no YAML) ----

/** The estate as faultline entities, for `buildModel` directly. */
export function toEntities(est) {
  const at = { file: "generated", line: 1, column: 1 };
  const out = [];
  for (const l of est.locations) {
    const e = { kind: "location", id: l.id, name: l.name, type: l.type, labels: new Map(), annotations: new Map(), origin: "native", at };
    if (l.parent) e.parent = l.parent;
    if (l.hosting) e.hosting = l.hosting;
    out.push(e);
  }
  for (const s of est.services) {
    out.push({
      kind: "service",
      id: s.name,
      name: s.name,
      type: s.type,
      tier: s.tier,
      owner: s.team,
      runsOn: s.runsOn.map((ref) => ({ ref, at })),
      minPlacements: s.minPlacements ?? 1,
      dependsOn: s.deps.map((d) =>
        d.ref
          ? { kind: "ref", ref: d.ref, soft: !!d.soft, at, ...(d.note ? { note: d.note } : {}) }
          : { kind: "group", members: (d.anyOf ?? d.of).map((ref) => ({ ref, at })), quorum: d.anyOf ? 1 : d.quorum, soft: !!d.soft, at },
      ),
      labels: new Map([["team", s.team], ["domain", s.domain], ["layer", s.layer]]),
      annotations: new Map(),
      attributes: new Map(),
      origin: "native",
      at,
      danglingSeverity: "error",
    });
  }
  return out;
}
