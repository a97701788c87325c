/**
 * The explorer's state in the URL hash, so a link opens a scenario:
 * `#fail=aws/us-east-1,payflow&focus=checkout&depth=1&hosting=in-house&select=payments&show=spof`.
 * Each id is percent-encoded (commas and ampersands in ids included), with `/`, `:` and `@`
 * left readable. Pure functions: used by the page and by the tests.
 */
export interface PageState {
  fail: string[];
  focus: string | undefined;
  depth: number | undefined;
  hosting: string[];
  select: string | undefined;
  show: "exposure" | "spof" | undefined;
}

const enc = (s: string) => encodeURIComponent(s).replace(/%2F/g, "/").replace(/%3A/g, ":").replace(/%40/g, "@");
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The hash (with its `#`) for a state; empty for the empty state. */
export function hashOf(st: Partial<PageState>): string {
  const parts: string[] = [];
  if (st.fail && st.fail.length > 0) parts.push(`fail=${st.fail.map(enc).join(",")}`);
  if (st.focus !== undefined) parts.push(`focus=${enc(st.focus)}`);
  if (st.depth !== undefined) parts.push(`depth=${st.depth}`);
  if (st.hosting && st.hosting.length > 0) parts.push(`hosting=${st.hosting.map(enc).join(",")}`);
  if (st.select !== undefined) parts.push(`select=${enc(st.select)}`);
  if (st.show !== undefined) parts.push(`show=${st.show}`);
  return parts.length > 0 ? `#${parts.join("&")}` : "";
}

/** Reads a hash (`#…` or `…`); undefined when it holds no state. Unknown keys are ignored. */
export function readHash(hash: string): PageState | undefined {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  if (h === "") return undefined;
  const st: PageState = { fail: [], focus: undefined, depth: undefined, hosting: [], select: undefined, show: undefined };
  for (const part of h.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    const list = () => (value === "" ? [] : value.split(",").map(dec));
    if (key === "fail") st.fail = list();
    else if (key === "focus") st.focus = dec(value);
    else if (key === "depth") {
      const d = Number(value);
      if (Number.isInteger(d) && d >= 0 && d <= 1000) st.depth = d;
    } else if (key === "hosting") st.hosting = list();
    else if (key === "select") st.select = dec(value);
    else if (key === "show" && (value === "exposure" || value === "spof")) st.show = value;
  }
  return st;
}
