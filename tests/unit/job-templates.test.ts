import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUILT_IN_VERSION, JOB_TEMPLATES, renderJob, renderTemplate, shellQuote, TEMPLATE_IDS, TemplateError, templateBodyError, templateParameterNames } from "@/lib/jobs/templates";

describe("job templates", () => {
  it("applies the paper's defaults: λ = 0.3, 8 rollouts per prompt, RRM temperature 0", () => {
    const r = renderJob("train_reagent_r", { dataset: "data/train.parquet", rrmEndpoint: "http://rrm:8000/v1" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params).toMatchObject({ lambda: 0.3, rolloutsPerPrompt: 8, epochs: 1 });
    // Reagent's trainer (examples/reagent/train.sh): the RRM as reward model with weight λ, no two-stage sampling.
    expect(r.script).toContain("rllm.reward_model.enable=True");
    expect(r.script).toContain("rllm.reward_model.lambda=0.3");
    expect(r.script).toContain('REWARD_MODEL_URL="${RRM_ENDPOINT%/v1}"');
    expect(r.script).toContain("rllm.two_stage_sampling.enable=False");
    expect(r.script).toContain("actor_rollout_ref.rollout.n=8");
    expect(r.script).toContain('| node "$WORKBENCH_APP_DIR/scripts/jobs/forward-metrics.mjs"');
    expect(r.kind).toBe("train");
    expect(r.variant).toBe("reagent_r");
    const u = renderJob("train_reagent_u", { dataset: "d", rrmEndpoint: "http://rrm:8000/v1" });
    expect(u.ok && u.script).toContain("rllm.two_stage_sampling.enable=True rllm.two_stage_sampling.use_critique=True rllm.critique.enable=True rllm.critique.lambda=0.3");
    const grpo = renderJob("train_grpo", { dataset: "d" });
    expect(grpo.ok && grpo.script).toContain("rllm.reward_model.enable=False");
    expect(grpo.ok && grpo.script).not.toContain("REWARD_MODEL_URL");
    const judge = renderJob("judge", { runId: 3, endpoint: "http://127.0.0.1:9/v1", model: "rrm" });
    expect(judge.ok && judge.params.temperature).toBe(0);
  });

  it("gives field-level errors before anything is rendered", () => {
    const r = renderJob("eval", { model: "", rollouts: 0, critique: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["agentEndpoint", "model", "rollouts", "rrmEndpoint"]);
    const c = renderJob("eval", { model: "m", critique: true });
    expect(!c.ok && c.fieldErrors.rrmEndpoint).toBe("Reagent-C needs the RRM endpoint");
    expect(!c.ok && c.fieldErrors.agentEndpoint).toMatch(/^Reagent-C needs the agent model's endpoint/);
    const d = renderJob("eval", { model: "m", benchmarks: ["gaia_text; rm -rf /"] });
    expect(!d.ok && d.fieldErrors["benchmarks.0"]).toMatch(/dataset name/);
    const g = renderJob("train_grpo", { dataset: "d", rolloutsPerPrompt: 1 });
    expect(!g.ok && g.fieldErrors.rolloutsPerPrompt).toMatch(/at least 2/);
  });

  it("runs Reagent's evaluation once per dataset, uploads iter{k}.jsonl with its folder, and Reagent-C only when on", () => {
    const on = renderJob("eval", { model: "/models/agent", critique: true, rrmEndpoint: "http://rrm:8000/v1", agentEndpoint: "http://agent:8000/v1", benchmarks: ["gaia_text", "hle"] });
    const off = renderJob("eval", { model: "m" });
    expect(on.ok && on.script).toContain("datasets=$(echo gaia_text,hle | tr , ' ')");
    expect(on.ok && on.script).toContain('--dataset "$dataset" --output "$OUT" --model /models/agent');
    expect(on.ok && on.script).toContain('upload "$f" "${f#"$OUT"/}"');
    expect(on.ok && on.script).toContain("if [ true = true ]; then");
    expect(on.ok && on.script).toContain("--refine-endpoint http://agent:8000/v1 --refine-model /models/agent");
    expect(off.ok && off.script).toContain("if [ false = true ]; then");
  });

  it("quotes values for the shell and inserts raw commands as they are", () => {
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
    expect(shellQuote("Qwen/Qwen3-8B")).toBe("Qwen/Qwen3-8B");
    const r = renderJob("eval", { model: "x; rm -rf /", command: "node fake.mjs", benchmarks: ["GAIA", "HLE"] });
    expect(r.ok && r.script).toContain("--model 'x; rm -rf /'");
    expect(r.ok && r.script).toContain("  node fake.mjs --dataset");
    expect(r.ok && r.script).toContain("datasets=$(echo GAIA,HLE | tr , ' ')");
  });

  it("reports template errors (unknown placeholder or filter) instead of rendering", () => {
    expect(() => renderTemplate("echo {{nope}}", { a: 1 })).toThrow(TemplateError);
    expect(() => renderTemplate("a\necho {{a|upper}}", { a: 1 })).toThrow(/Line 2: unknown filter/);
    const r = renderJob("eval", { model: "m" }, { version: 2, body: "#!/bin/bash\necho {{missing}}\n" });
    expect(r).toEqual({ ok: false, fieldErrors: {}, templateError: expect.stringMatching(/unknown placeholder \{\{missing\}\}/) });
  });

  it("renders every built-in template with its defaults plus required fields", () => {
    const required: Record<string, object> = {
      eval: { model: "m" },
      train_reagent_r: { dataset: "d", rrmEndpoint: "http://r/v1" },
      train_reagent_u: { dataset: "d", rrmEndpoint: "http://r/v1" },
      train_grpo: { dataset: "d" },
      judge: { runId: 1, endpoint: "http://r/v1", model: "rrm" },
    };
    for (const id of TEMPLATE_IDS) {
      const r = renderJob(id, required[id]);
      expect(r.ok, id).toBe(true);
      if (r.ok) {
        expect(r.script.startsWith("#!/bin/bash\n")).toBe(true);
        expect(r.script).toContain(`template ${id} v${BUILT_IN_VERSION}`);
        expect(r.script).not.toMatch(/\{\{|\}\}/);
        const syntax = spawnSync("bash", ["-n"], { input: r.script, encoding: "utf8" });
        expect(syntax.status, `${id}: ${syntax.stderr}`).toBe(0);
      }
    }
  });

  it("names each kind's parameters (the refined eval schema included) for the template editor", () => {
    expect(templateParameterNames("eval")).toEqual(expect.arrayContaining(["model", "benchmarks", "critique", "rrmEndpoint", "timeLimitMinutes"]));
    expect(templateParameterNames("judge")).toEqual(expect.arrayContaining(["runId", "endpoint", "concurrency", "retries"]));
    expect(templateParameterNames("train_grpo")).not.toContain("lambda");
    expect(templateParameterNames("train_reagent_r")).toContain("lambda");
  });

  it("checks an edited template before it is saved: shebang, known placeholders and filters, balanced braces", () => {
    for (const id of TEMPLATE_IDS) expect(templateBodyError(id, renderJobBody(id)), id).toBeNull();
    expect(templateBodyError("eval", "echo hi")).toMatch(/^Line 1: a job script starts with #!/);
    expect(templateBodyError("eval", "#!/bin/bash\necho {{model}} {{lambda}}")).toMatch(/^Line 2: unknown placeholder \{\{lambda\}\}/);
    expect(templateBodyError("train_grpo", "#!/bin/bash\n{{command|shout}}")).toMatch(/unknown filter "\|shout"/);
    expect(templateBodyError("eval", "#!/bin/bash\necho {{model")).toMatch(/Unbalanced/);
    expect(templateBodyError("eval", `#!/bin/bash\n${"x".repeat(70_000)}`)).toMatch(/larger than 64 KB/);
    // A saved version renders with its own number.
    const r = renderJob("eval", { model: "m" }, { version: 4, body: "#!/bin/bash\n# {{template}} v{{version}}\necho {{model}}\n" });
    expect(r.ok && r.script).toBe("#!/bin/bash\n# eval v4\necho m\n");
    expect(r.ok && r.version).toBe(4);
  });
});

function renderJobBody(id: (typeof TEMPLATE_IDS)[number]): string {
  return JOB_TEMPLATES[id].body;
}

