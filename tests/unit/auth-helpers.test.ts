import { describe, expect, it } from "vitest";
import { safeNextPath, signInPath } from "@/lib/auth/next-path";
import { isSameOriginRequest } from "@/lib/auth/same-origin";

describe("safeNextPath", () => {
  it("keeps paths on this site, with query and hash", () => {
    expect(safeNextPath("/runs")).toBe("/runs");
    expect(safeNextPath("/runs/12?tab=steps#s3")).toBe("/runs/12?tab=steps#s3");
    expect(safeNextPath("/")).toBe("/");
  });

  it("falls back for anything that could leave the site or loop", () => {
    for (const value of [
      undefined,
      null,
      "",
      "runs",
      "https://evil.example/x",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/runs\nx",
      "javascript:alert(1)",
      "/sign-in",
      "/sign-in?next=/runs",
    ]) {
      expect(safeNextPath(value), String(value)).toBe("/runs");
    }
    expect(safeNextPath("//evil", "/x")).toBe("/x");
    // percent-encoded characters stay encoded: still a path on this site
    expect(safeNextPath("/%0d%0aSet-Cookie:x")).toBe("/%0d%0aSet-Cookie:x");
  });

  it("builds the sign-in address", () => {
    expect(signInPath("/runs/3?a=1")).toBe("/sign-in?next=%2Fruns%2F3%3Fa%3D1");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath(null)).toBe("/sign-in");
    expect(signInPath("https://evil.example")).toBe("/sign-in");
    expect(signInPath("/jobs", { denied: "admin" })).toBe("/sign-in?next=%2Fjobs&denied=admin");
  });
});

describe("isSameOriginRequest", () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it("accepts Sec-Fetch-Site: same-origin", () => {
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "same-origin", host: "localhost:3000" }))).toBe(true);
  });

  it("accepts an Origin whose host is the Host header, on any host and port", () => {
    expect(isSameOriginRequest(headers({ origin: "http://localhost:3210", host: "localhost:3210" }))).toBe(true);
    expect(isSameOriginRequest(headers({ origin: "http://127.0.0.1:3210", host: "127.0.0.1:3210" }))).toBe(true);
    expect(isSameOriginRequest(headers({ origin: "https://Lab.Example.org", host: "lab.example.org" }))).toBe(true);
  });

  it("refuses other origins, other ports, null and missing origins", () => {
    expect(isSameOriginRequest(headers({ origin: "http://evil.example", host: "localhost:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "http://localhost:8080", host: "localhost:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "null", host: "localhost:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: "localhost:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "same-site", origin: "http://localhost:8080", host: "localhost:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "file://x", host: "x" }))).toBe(false);
  });

  it("accepts APP_URL's origin behind a proxy that rewrites Host", () => {
    const proxied = headers({ origin: "https://workbench.example.org", host: "127.0.0.1:3000" });
    expect(isSameOriginRequest(proxied)).toBe(false);
    expect(isSameOriginRequest(proxied, "https://workbench.example.org")).toBe(true);
    expect(isSameOriginRequest(proxied, "https://other.example.org")).toBe(false);
  });
});
