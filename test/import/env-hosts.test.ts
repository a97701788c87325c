import { describe, expect, it } from "vitest";
import { hostsInValue, keyNamesHost } from "../../src/import/env-hosts.js";

const hosts = (v: string, keyIsHost = false) => hostsInValue(v, keyIsHost).map((m) => `${m.host}${m.explicit ? "!" : ""}`);

describe("import/env-hosts: address forms", () => {
  it("connection strings: Server=x,1433; Host=x;Port=…; Data Source=tcp:x,1433", () => {
    expect(hosts("Server=sqldata;Database=Ordering;User Id=sa;Password=Pass@word;Encrypt=False")).toEqual(["sqldata!"]);
    expect(hosts("Server=sqldata,1433;Database=x")).toEqual(["sqldata!"]);
    expect(hosts("Host=pg;Port=5432;Username=u;Password=p")).toEqual(["pg!"]);
    expect(hosts("Data Source=tcp:sql-main,1433;Initial Catalog=x")).toEqual(["sql-main!"]);
    // a password that looks like a host is not one
    expect(hosts("User Id=sa;Password=redis;Server=db")).toEqual(["db!"]);
  });
  it("URLs: JDBC, several hosts, URLs inside longer text, lb://", () => {
    expect(hosts("jdbc:mysql://mysql-server:3306/petclinic?useSSL=false")).toEqual(["mysql-server!"]);
    expect(hosts("jdbc:oracle:thin:@ora-db:1521:XE")).toEqual(["ora-db!"]);
    expect(hosts("mongodb://u:p@a:27017,b:27017,c/db?replicaSet=rs")).toEqual(["a!", "b!", "c!"]);
    expect(hosts("--upstream http://api:8080 --metrics http://prom:9090")).toEqual(["api!", "prom!"]);
    expect(hosts("lb://customers-service")).toEqual(["customers-service!"]);
  });
  it("lists by commas or spaces; host:port; bare words only when the name says host", () => {
    expect(hosts("kafka-1:9092,kafka-2:9092")).toEqual(["kafka-1!", "kafka-2!"]);
    expect(hosts("kafka-1:9092 kafka-2:9092")).toEqual(["kafka-1!", "kafka-2!"]);
    expect(hosts("cass-a cass-b cass-c", true)).toEqual(["cass-a", "cass-b", "cass-c"]);
    expect(hosts("cass-a cass-b", false)).toEqual([]);
    expect(hosts("hello world, this is text", true)).toEqual([]);
    expect(hosts("wordpress", false)).toEqual([]);
    expect(hosts("localhost:80")).toEqual([]);
    expect(hosts("10.0.0.1:80")).toEqual([]);
  });
  it("variable names: camelCase and connection words count", () => {
    expect(keyNamesHost("identityUrl")).toBe(true);
    expect(keyNamesHost("EventBusConnection")).toBe(true);
    expect(keyNamesHost("ConnectionString")).toBe(true);
    expect(keyNamesHost("MYSQL_DATABASE")).toBe(false);
  });
  it("a value listing 50,000 hosts stays linear", () => {
    const v = Array.from({ length: 50_000 }, (_, i) => `h${i}:80`).join(",");
    const t = Date.now();
    expect(hostsInValue(v, false)).toHaveLength(50_000);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
