import { describe, expect, it } from "vitest";
import { NameMatcher } from "../../src/observed/match-names.js";
import { readObservedSources } from "../../src/observed/read-observed.js";
import { resolveObserved } from "../../src/observed/resolve.js";
import { estateOf, loadOf, svc } from "../helpers/estate.js";

const deploy = (name: string, ns: string, annotations = "{}") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}, annotations: ${annotations}}\nspec: {template: {metadata: {labels: {app: ${name}}}, spec: {containers: []}}}\n---\n`;

/** Two namespaces with a `reviews` each, a native service with aliases, a Compose service with a hint label. */
const estate = () =>
  estateOf({
    "native.yaml": svc("checkout", "{tier: critical, observedAs: [checkout-api, checkout.shop]}") + svc("payments", "{tier: critical, observedAs: pay}") + svc("ledger"),
    "k8s.yaml": deploy("reviews", "shop") + deploy("reviews", "staging") + deploy("ratings", "shop", '{"faultline/observed-as": "ratings-svc"}'),
    "compose.yaml": "services:\n  search:\n    image: search\n    labels:\n      faultline.observed-as: search-api, search-v2\n",
  });

describe("NameMatcher", () => {
  const m = new NameMatcher(estate(), new Map([["legacy-ledger", "ledger"]]));
  it("exact ids", () => {
    expect(m.match({ name: "ledger" })).toEqual({ status: "matched", id: "ledger", by: "exact" });
  });
  it("declared aliases: observedAs (one name or a list, with a namespace form) and the faultline/observed-as hint of Kubernetes and Compose", () => {
    expect(m.match({ name: "checkout-api" })).toEqual({ status: "matched", id: "checkout", by: "alias" });
    expect(m.match({ name: "checkout", namespace: "shop" })).toEqual({ status: "matched", id: "checkout", by: "alias" });
    expect(m.match({ name: "pay" })).toEqual({ status: "matched", id: "payments", by: "alias" });
    expect(m.match({ name: "ratings-svc" })).toMatchObject({ status: "matched", by: "alias" });
    expect(m.match({ name: "search-v2" })).toEqual({ status: "matched", id: "search", by: "alias" });
  });
  it("Kubernetes workload and namespace; a workload name in two namespaces without a namespace is ambiguous", () => {
    const shop = m.match({ name: "reviews", namespace: "shop" });
    const staging = m.match({ name: "reviews", namespace: "staging" });
    expect(shop).toMatchObject({ status: "matched", by: "workload" });
    expect(staging).toMatchObject({ status: "matched", by: "workload" });
    expect((shop as { id: string }).id).not.toBe((staging as { id: string }).id);
    const amb = m.match({ name: "reviews" });
    expect(amb.status).toBe("ambiguous");
    expect((amb as { candidates: string[] }).candidates).toEqual([(shop as { id: string }).id, (staging as { id: string }).id].sort());
    expect(m.match({ name: "reviews", namespace: "prod" })).toEqual({ status: "unknown" });
  });
  it("the config mapping comes first", () => {
    expect(m.match({ name: "legacy-ledger" })).toEqual({ status: "matched", id: "ledger", by: "mapping" });
  });
  it("two services claiming one alias: ambiguous, never guessed", () => {
    const e = estateOf(svc("a", "{observedAs: api}") + svc("b", "{observedAs: [api]}"));
    expect(new NameMatcher(e).match({ name: "api" })).toEqual({ status: "ambiguous", candidates: ["a", "b"], by: "alias" });
  });
  it("unknown names", () => {
    expect(m.match({ name: "postgres" })).toEqual({ status: "unknown" });
  });
  it("observedAs must be names", () => {
    const r = loadOf(svc("a", "{observedAs: [ok, {x: 1}]}"));
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual(["4:25 bad-field observedAs must be a name or a list of names"]);
  });
});

describe("resolveObserved", () => {
  it("pairs of matched services, unknown peers with their callers and callees, ambiguous names left out", () => {
    const data = readObservedSources([
      {
        file: "deps.json",
        text: JSON.stringify([
          { parent: "checkout-api", child: "pay", callCount: 10 },
          { parent: "checkout-api", child: "postgres", callCount: 7 },
          { parent: "pay", child: "postgres", callCount: 3 },
          { parent: "cron", child: "ledger", callCount: 2 },
          { parent: "checkout-api", child: "reviews", callCount: 5 },
        ]),
      },
    ]).data;
    const r = resolveObserved(estate(), data);
    expect(r.pairs.map((p) => `${p.from}->${p.to} ${p.calls} ${p.declared}`)).toEqual(["checkout->payments 10 null"]);
    expect(r.unknownPeers).toEqual([
      { name: "postgres", callers: [{ name: "checkout", calls: 7 }, { name: "payments", calls: 3 }], callees: [], calls: 10 },
      { name: "cron", callers: [], callees: [{ name: "ledger", calls: 2 }], calls: 2 },
    ]);
    expect(r.ambiguous.map((a) => [a.name, a.calls])).toEqual([["reviews", 5]]);
    expect(r.observedClients).toEqual(["checkout", "payments"]);
  });
});
