/**
 * Gateway and mesh routes (docs/importers.md): Istio VirtualService bound to a Gateway and
 * Gateway API routes are dependencies of the gateway on the workloads the destination Services
 * select, inferred with `route <name>` evidence; a weighted split is an any-of group; a
 * destination outside the load is listed in the coverage; mesh-only routes add no edge.
 * Envoy static clusters in a Compose service's bind-mounted config are that service's calls.
 */
import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";
import { runCli } from "../helpers/cli.js";

const edges = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation} ${e.evidence?.via ?? ""}`).sort();
const workload = (name: string, ns = "default", labels = `{app: ${name}}`) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {template: {metadata: {labels: ${labels}}, spec: {containers: [{name: c, image: i}]}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: ${labels}}\n`;

describe("import/kubernetes: gateway and mesh routes", () => {
  it("Istio: a VirtualService on a Gateway makes the gateway workload its selector picks depend on each destination (http, tcp, tls; short and .svc hosts)", () => {
    const r = loadOf({
      "istio.yaml":
        workload("istio-ingressgateway", "istio-system", "{istio: ingressgateway, app: istio-ingressgateway}") +
        workload("web", "shop") +
        workload("api", "shop") +
        workload("mq", "shop") +
        `---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: public, namespace: shop}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, protocol: HTTP, name: http}, hosts: ["*"]}]}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public, mesh]
  http:
    - match: [{uri: {prefix: /api}}]
      route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 8080}}}]
    - route: [{destination: {host: web}}]
  tcp:
    - route: [{destination: {host: mq.shop, port: {number: 5672}}}]
  tls:
    - match: [{sniHosts: [pay.example.com]}]
      route: [{destination: {host: payments.example.com}}]
`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["istio-ingressgateway -> api hard route shop", "istio-ingressgateway -> mq hard route shop", "istio-ingressgateway -> web hard route shop"]);
    const e = graphToJson(r.estate).edges.find((x) => x.to === "api")!;
    expect(e.evidence).toMatchObject({ kind: "inferred", file: "istio.yaml", line: 55 });
    // An external destination (a ServiceEntry host) is said in the coverage, not guessed.
    expect(r.estate.coverage!.unresolved.map((u) => `${u.service} → ${u.host} (${u.via})`)).toEqual(["istio-ingressgateway → payments.example.com (route shop)"]);
  });

  it("Istio: a Gateway whose workload is not in the load stands for it; a mesh-only VirtualService adds no edge; a Gateway not in the load is said", () => {
    const r = loadOf({
      "b.yaml": workload("productpage") + workload("reviews-v1", "default", "{app: reviews, version: v1}") +
        `---\napiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec: {selector: {app: reviews}}\n` +
        `---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: bookinfo-gateway}\nspec: {selector: {istio: ingressgateway}}\n` +
        `---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bookinfo}\nspec: {hosts: ["*"], gateways: [bookinfo-gateway], http: [{route: [{destination: {host: productpage}}]}]}\n` +
        `---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}]}]}\n` +
        `---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: other}\nspec: {hosts: ["*"], gateways: [istio-system/elsewhere], http: [{route: [{destination: {host: productpage}}]}]}\n`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["bookinfo-gateway -> productpage hard route bookinfo"]);
    expect(r.estate.graph.getNodeAttributes("bookinfo-gateway")).toMatchObject({ type: "Gateway" });
    expect(r.estate.coverage!.skipped).toEqual([{ file: "b.yaml", why: "mesh: route other names gateway istio-system/elsewhere, not in the load" }]);
  });

  it("Gateway API: HTTPRoute and TCPRoute rules' backendRefs are dependencies of the Gateway; a weighted split is an any-of group", () => {
    const r = loadOf({
      "g.yaml": workload("web", "shop") + workload("checkout-v1", "shop") + workload("checkout-v2", "shop") +
        `---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec: {gatewayClassName: envoy, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}\n` +
        `---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: shop, namespace: shop}\nspec:\n  parentRefs: [{name: gw, namespace: infra}]\n  rules:\n    - backendRefs: [{name: web, port: 80}]\n    - backendRefs: [{name: checkout-v1, weight: 90}, {name: checkout-v2, weight: 10}]\n    - backendRefs: [{name: bucket, kind: Backend, group: gateway.envoyproxy.io}]\n` +
        `---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: mesh-route, namespace: shop}\nspec: {parentRefs: [{name: web, kind: Service, group: ""}], rules: [{backendRefs: [{name: checkout-v2}]}]}\n`,
    });
    expect(r.diagnostics).toEqual([]);
    const j = graphToJson(r.estate);
    expect(j.edges.map((e) => `${e.from} -> ${e.to} ${e.relation}`).sort()).toEqual(["gw -> checkout-v1 group", "gw -> checkout-v2 group", "gw -> web hard"]);
    expect((r.estate.graph.getNodeAttributes("gw") as { attributes?: Map<string, string> }).attributes?.get("kubernetes.namespace")).toBe("infra");
  });

  it("the fixtures load through the CLI: losing the single backend takes the gateway down, losing half of a canary split degrades it", async () => {
    const g = await runCli(["blast", "-m", "test/fixtures/mesh", "web", "-q"]);
    expect(g.code).toBe(0);
    expect(g.stdout).toMatch(/shop-gateway/);
    expect(g.stdout).toMatch(/down +shop-gateway .* shop-gateway ← web \(inferred: route shop, gateway-api\.yaml:25\)/);
    const c = await runCli(["blast", "-m", "test/fixtures/mesh", "checkout-v1", "-q"]);
    expect(c.code).toBe(0);
    // The other half still serves the route: degraded, not down.
    expect(c.stdout).toMatch(/0 services down, 1 degraded/);
    expect(c.stdout).toMatch(/degraded +shop-gateway/);
  });

  it("Envoy static clusters in a Compose service's bind-mounted config are that service's dependencies (evidence: the cluster)", () => {
    const r = loadOf({
      "gw/compose.yaml": "services:\n  apigw:\n    image: envoyproxy/envoy:v1.29\n    volumes: [./envoy:/etc/envoy]\n  catalog-api: {image: shop/catalog}\n  basket-api: {image: shop/basket}\n",
      "gw/envoy/envoy.yaml": `static_resources:
  listeners: [{name: l, address: {socket_address: {address: 0.0.0.0, port_value: 80}}}]
  clusters:
    - name: catalog
      type: LOGICAL_DNS
      load_assignment:
        cluster_name: catalog
        endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: catalog-api, port_value: 80}}}}]}]
    - name: basket
      load_assignment:
        cluster_name: basket
        endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: basket-api, port_value: 80}}}}]}]
`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["apigw -> basket-api hard envoy cluster basket", "apigw -> catalog-api hard envoy cluster catalog"]);
  });
});

describe("import/kubernetes: routes to gateways that are not loaded", () => {
  it("every such route of a file is in the coverage, not only the first", () => {
    const r = loadOf({
      "routes.yaml": [
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: other}\nspec: {gateways: [istio-system/missing-gw], hosts: [x], http: [{route: [{destination: {host: web}}]}]}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: bad-route, namespace: shop}\nspec: {parentRefs: [{name: web-gw}], rules: [{backendRefs: [{name: web}]}]}\n",
      ].join("---\n"),
    });
    expect(r.estate.coverage!.skipped.map((s) => s.why)).toEqual([
      "mesh: route bad-route names gateway shop/web-gw, not in the load",
      "mesh: route other names gateway istio-system/missing-gw, not in the load",
    ]);
  });
});

describe("import/kubernetes: Gateway API routes from another namespace", () => {
  const objects = (listener: string) => ({
    "r.yaml": [
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: w, image: web}]}}}\n",
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n",
      `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web-gw, namespace: infra}\nspec: {gatewayClassName: istio, listeners: [${listener}]}\n`,
      "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: xns-route, namespace: shop}\nspec: {parentRefs: [{name: web-gw, namespace: infra}], rules: [{backendRefs: [{name: web, port: 80}]}]}\n",
    ].join("---\n"),
  });
  it("attach only through a listener that allows them (allowedRoutes from: Same is the default)", () => {
    const same = loadOf(objects("{name: http, port: 80, protocol: HTTP}"));
    expect(edges(same)).toEqual([]);
    expect(same.estate.coverage!.skipped.map((s) => s.why)).toEqual(["mesh: route xns-route (namespace shop) is not allowed by the listeners of gateway infra/web-gw (allowedRoutes from: Same)"]);
    const all = loadOf(objects("{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}"));
    expect(edges(all)).toHaveLength(1);
    expect(edges(all)[0]).toMatch(/^web-gw -> web /);
  });
});
