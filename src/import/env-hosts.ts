/**
 * Finds the hosts an environment value names, in every common form: `db`, `db:3306`,
 * `redis://cache:6379/0`, `http://backend:8080/x`, `mongodb://u:p@a:27017,b:27017/db`,
 * `jdbc:mysql://db:3306/x`, `jdbc:oracle:thin:@db:1521:X`, connection strings
 * (`Server=sqldata,1433;Database=x`, `Host=pg;Port=5432`, `Data Source=tcp:sql,1433`),
 * and lists separated by commas or spaces (`kafka-1:9092,kafka-2:9092`, `a:1 b:2`).
 * A bare word is only a host when the variable's name says so (`*_HOST`, `*_ADDR`, `*Url`, ...):
 * `MYSQL_DATABASE=wordpress` must not make the database depend on WordPress.
 */

/** One host named by an environment value. */
export interface HostMention {
  /** Lower-cased host name as written (may contain dots). */
  host: string;
  /** True when written with a port, as a URL or as a connection-string server: a strong sign that it is a network address. */
  explicit: boolean;
}

const HOST_WORDS = new Set(["HOST", "HOSTS", "HOSTNAME", "ADDR", "ADDRS", "ADDRESS", "ADDRESSES", "URL", "URLS", "URI", "URIS", "SERVER", "SERVERS", "ENDPOINT", "ENDPOINTS", "DSN", "BROKER", "BROKERS", "UPSTREAM", "BACKEND", "CONNECTION", "CONNECTIONSTRING", "CONN", "NODES", "SEEDS", "CONTACTPOINTS"]);
const HOST_RE = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/;
const IP_RE = /^\d+(\.\d+){3}$/;
/** `scheme://[user@]authority` anywhere in a value (also `jdbc:mysql://`, `lb://`). */
const URL_G = /(?:^|[\s,;="'(])(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?([^/?#\s;"')]*)/gi;
/** Connection-string keys that name the server. */
const CONN_KEYS = new Set(["server", "host", "hostname", "data source", "datasource", "address", "addr", "network address", "endpoint", "contact points", "bootstrap.servers", "servers", "hosts"]);

/** Splits `ConnectionString`, `identityUrl`, `KAFKA_ADDR`, `db.host` into upper-case words. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
}

/** True when the variable's name marks its value as a host or an address. */
export function keyNamesHost(key: string): boolean {
  const w = words(key);
  return w.some((x) => HOST_WORDS.has(x)) || HOST_WORDS.has(key.toUpperCase().replace(/[^A-Z0-9]/g, ""));
}

/** The hosts a value names (none for plain words unless `keyIsHost`). */
export function hostsInValue(value: string, keyIsHost: boolean): HostMention[] {
  const v = value.trim();
  if (v === "" || v.includes("${")) return [];
  const out: HostMention[] = [];
  const seen = new Set<string>(); // a value may list thousands of hosts: no quadratic dedupe
  // URLs anywhere in the value (one or several, also inside longer text).
  let urls = 0;
  URL_G.lastIndex = 0;
  for (let m = URL_G.exec(v); m; m = URL_G.exec(v)) {
    urls++;
    for (const part of m[1]!.split(",")) pushHost(out, seen, part, true);
  }
  if (urls > 0) return out;
  // Oracle thin and similar: `...@host:1521...`
  const thin = /^jdbc:[a-z0-9]+:[a-z0-9]+:@\/{0,2}([a-z0-9.-]+):\d{1,5}/i.exec(v);
  if (thin) {
    pushHost(out, seen, thin[1]!, true);
    return out;
  }
  // Connection strings: `Key=Value;` pairs, a server key names the host.
  if (/^[A-Za-z][A-Za-z .]*=/.test(v) && (v.includes(";") || /^(server|host|data source|address|addr)\s*=/i.test(v))) {
    for (const pair of v.split(";")) {
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const k = pair.slice(0, eq).trim().toLowerCase();
      if (!CONN_KEYS.has(k)) continue;
      for (let item of pair.slice(eq + 1).split(/[\s,]+(?![0-9]+\b)/)) {
        item = item.trim().replace(/^(tcp|np|lpc):/i, "");
        // `sqldata,1433` (SQL Server's port form) and `host:port`
        item = item.replace(/,\d{1,5}$/, "").replace(/:\d{1,5}$/, "");
        if (item !== "") pushHost(out, seen, item, true);
      }
    }
    return out;
  }
  if (/[=;]/.test(v)) return [];
  // Lists separated by commas or spaces.
  const parts = v.split(/[\s,]+/).filter((p) => p !== "");
  const allPorts = parts.every((p) => /:\d{1,5}$/.test(p));
  if (parts.length > 1 && !allPorts) {
    // `a b c` only when the name says hosts and every item looks like one
    // Bare names: only when the variable says hosts, with one kind of separator (prose mixes them).
    const mixed = /,/.test(v) && /\s/.test(v.replace(/,\s+/g, ","));
    if (!keyIsHost || mixed || /,\s/.test(v) || !parts.every((p) => HOST_RE.test(p.toLowerCase()) && /[a-z]/i.test(p))) return [];
    for (const p of parts) pushHost(out, seen, p, false);
    return out;
  }
  for (const p of parts) {
    const m = /^([^:]+):(\d{1,5})$/.exec(p);
    if (m) pushHost(out, seen, m[1]!, true);
    else if (keyIsHost && parts.length === 1) pushHost(out, seen, p, false);
  }
  return out;
}

function pushHost(out: HostMention[], seen: Set<string>, raw: string, explicit: boolean): void {
  let host = raw.trim().toLowerCase();
  if (explicit) host = host.replace(/:\d{1,5}$/, "");
  if (host.startsWith("[")) return; // IPv6 literal
  if (!HOST_RE.test(host) || IP_RE.test(host) || /^\d+$/.test(host)) return;
  if (host === "localhost" || host === "0.0.0.0" || host.endsWith(".localhost")) return;
  if (seen.has(host)) return;
  seen.add(host);
  out.push({ host, explicit });
}
