import { describe, expect, it } from "vitest";
import { planSegments, containsPattern } from "@/lib/server/list-trajectories";
import {
  activeFilterCount,
  DEFAULT_TRAJECTORY_QUERY,
  decodeCursor,
  encodeCursor,
  parseTrajectoryPage,
  parseTrajectoryQuery,
  PRESET_VIEWS,
  safeParseTrajectoryQuery,
  serializeTrajectoryQuery,
  trajectoryQueryString,
  type TrajectoryQueryInput,
} from "@/lib/trajectory-query";

describe("trajectory query state", () => {
  it("an empty URL is the default query and serializes to nothing", () => {
    expect(parseTrajectoryQuery(new URLSearchParams(""))).toEqual(DEFAULT_TRAJECTORY_QUERY);
    expect(DEFAULT_TRAJECTORY_QUERY).toMatchObject({ run: [], benchmark: [], sort: "time", order: "desc" });
    expect(serializeTrajectoryQuery({}).toString()).toBe("");
    expect(trajectoryQueryString({})).toBe("");
  });

  const full: TrajectoryQueryInput = {
    q: 'pipe organ "annual report" -museum',
    run: [3, 12],
    variant: ["reagent_u", "base"],
    benchmark: ["GAIA", "xbench-DeepSearch"],
    level: ["2"],
    correct: "false",
    termination: ["answer", "exceed_llm_calls"],
    stage: "refined",
    minScore: 0.7,
    maxScore: 1,
    rrmModel: "Agent-RRM-8B",
    judged: "yes",
    annotated: "no",
    errorTag: ["premature answer", "faulty logic"],
    tool: ["search", "browse"],
    minSteps: 3,
    maxSteps: 40,
    minTokens: 0,
    maxTokens: 100000,
    sort: "score",
    order: "asc",
  };

  it("round-trips every field through the URL", () => {
    const params = serializeTrajectoryQuery(full);
    const back = parseTrajectoryQuery(new URLSearchParams(params.toString()));
    expect(back).toEqual(parseTrajectoryQuery(params));
    expect(back).toMatchObject(full);
    // and serializing again gives the same text (stable key order)
    expect(serializeTrajectoryQuery(back).toString()).toBe(params.toString());
    expect(params.getAll("run")).toEqual(["3", "12"]);
    expect(params.get("sort")).toBe("score");
  });

  it("reads comma-separated lists, repeated keys and Next's searchParams objects alike", () => {
    const a = parseTrajectoryQuery(new URLSearchParams("run=1,2&benchmark=GAIA&benchmark=HLE"));
    const b = parseTrajectoryQuery({ run: ["1", "2"], benchmark: "GAIA,HLE" });
    expect(a).toEqual(b);
    expect(a.run).toEqual([1, 2]);
    expect(a.benchmark).toEqual(["GAIA", "HLE"]);
  });

  it("ignores empty values and unknown keys", () => {
    expect(parseTrajectoryQuery(new URLSearchParams("q=&minScore=&benchmark=&foo=bar"))).toEqual(DEFAULT_TRAJECTORY_QUERY);
  });

  it("rejects what is not valid, naming the field", () => {
    for (const qs of ["minScore=1.5", "minScore=abc", "run=x", "sort=random", "correct=maybe", "minScore=0.9&maxScore=0.1", "minSteps=-1"]) {
      const result = safeParseTrajectoryQuery(new URLSearchParams(qs));
      expect(result.success, qs).toBe(false);
    }
    const bad = safeParseTrajectoryQuery(new URLSearchParams("minScore=0.9&maxScore=0.1"));
    expect(bad.error?.issues[0].path).toEqual(["minScore"]);
  });

  it("counts active filters, search and sort aside", () => {
    expect(activeFilterCount(DEFAULT_TRAJECTORY_QUERY)).toBe(0);
    expect(activeFilterCount(parseTrajectoryQuery({ q: "x", sort: "steps", benchmark: "GAIA", correct: "false" }))).toBe(2);
  });

  it("the Failed GAIA preset is a valid query", () => {
    const preset = PRESET_VIEWS.find((v) => v.id === "failed-gaia")!;
    expect(trajectoryQueryString(preset.query)).toBe("?benchmark=GAIA&correct=false&sort=score");
  });

  it("parses paging parameters and refuses mixing them", () => {
    expect(parseTrajectoryPage(new URLSearchParams(""))).toEqual({ limit: 50 });
    expect(parseTrajectoryPage(new URLSearchParams("limit=10&after=5"))).toEqual({ limit: 10, after: 5 });
    expect(() => parseTrajectoryPage(new URLSearchParams("limit=1000"))).toThrow();
    expect(() => parseTrajectoryPage(new URLSearchParams("after=1&before=2"))).toThrow();
  });
});

describe("keyset cursors", () => {
  it("encode and decode losslessly, URL-safe", () => {
    const cursors = [
      { sort: "time", order: "desc", segment: 0, key: "2026-01-11T08:27:24.123", id: 1645 },
      { sort: "score", order: "asc", segment: 0, key: 0.30000000000000004, id: 7 },
      { sort: "tokens", order: "desc", segment: 1, key: null, id: 2_000_000_000 },
    ] as const;
    for (const cursor of cursors) {
      const encoded = encodeCursor(cursor);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(encoded)).toEqual(cursor);
    }
  });

  it("rejects strings that are not cursors", () => {
    const garbage = ["", "abc", "!!!", "eyJ0ZXN0IjoxfQ", btoa("[2,\"time\",\"desc\",0,null,1]"), encodeCursor({ sort: "time", order: "desc", segment: 0, key: "x", id: 1 }).slice(0, -3)];
    for (const g of garbage) expect(decodeCursor(g), g).toBeNull();
    // a forged id that is not a positive integer
    const forged = btoa(JSON.stringify([1, "time", "desc", 0, "x", -1])).replace(/=+$/, "");
    expect(decodeCursor(forged)).toBeNull();
  });
});

describe("sort segments (nulls last in both directions)", () => {
  it("reads set values, then nulls", () => {
    expect(planSegments(true, "desc", null)).toEqual([
      { nulls: false, dir: "desc", after: null },
      { nulls: true, dir: "desc", after: null },
    ]);
    expect(planSegments(false, "asc", null)).toEqual([{ nulls: false, dir: "asc", after: null }]);
  });

  it("continues inside the cursor's segment and skips the ones before", () => {
    expect(planSegments(true, "asc", { segment: 0, key: 0.5, id: 3 })).toEqual([
      { nulls: false, dir: "asc", after: { key: 0.5, id: 3 } },
      { nulls: true, dir: "asc", after: null },
    ]);
    expect(planSegments(true, "asc", { segment: 1, key: null, id: 9 })).toEqual([{ nulls: true, dir: "asc", after: { key: null, id: 9 } }]);
  });

  it("reads backwards for 'previous': flipped direction, segments in reverse", () => {
    expect(planSegments(true, "desc", { segment: 1, key: null, id: 9 }, true)).toEqual([
      { nulls: true, dir: "asc", after: { key: null, id: 9 } },
      { nulls: false, dir: "asc", after: null },
    ]);
    expect(planSegments(true, "desc", { segment: 0, key: 0.2, id: 4 }, true)).toEqual([{ nulls: false, dir: "asc", after: { key: 0.2, id: 4 } }]);
  });
});

describe("containsPattern", () => {
  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
