// The generated data set of `npm run bench -- browse`: runs, tasks, trajectories with bodies and judgments, long-tailed
// like real runs (steps about 3 KB of JSON text on average, 1% of trajectories with a 100-140 KB tool output), plus one
// 1,000-step trajectory of about 10 MB. Written with COPY straight into the tables (the bench measures reading, not
// importing); search documents are then built on two connections as the background indexer would.
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** Bump when the generated data changes: databases of another version are rebuilt. */
export const GENERATOR_VERSION = 3;

export const BENCHMARKS: ReadonlyArray<{ name: string; levels: (string | null)[] }> = [
  { name: "GAIA", levels: ["1", "2", "3"] },
  { name: "WebWalkerQA", levels: ["easy", "medium", "hard"] },
  { name: "HLE", levels: [null] },
  { name: "xbench-DeepSearch", levels: [null] },
  { name: "HotpotQA", levels: [null] },
  { name: "2WikiMultihopQA", levels: [null] },
  { name: "Bamboogle", levels: [null] },
  { name: "MuSiQue", levels: [null] },
  { name: "AIME24", levels: [null] },
  { name: "AIME25", levels: [null] },
  { name: "MATH500", levels: [null] },
  { name: "GSM8K", levels: [null] },
];
export const RUN_COUNT = 10;
const VARIANTS = ["base", "reagent_c", "reagent_r", "reagent_r", "reagent_r", "reagent_u", "grpo", "reagent_u", "base", "custom"];
const TASKS_PER_BENCHMARK = 1000;
const TOOLS = ["search", "browse", "python", "file_reader", "image2text", "audio2text"];
const TERMINATIONS = ["answer", "answer", "answer", "answer", "answer", "answer", "no_tool_call", "exceed_llm_calls", "token_limit_reached", "error"];
export const LONG_TRAJECTORY_EXTERNAL_ID = "bench-1000-steps";

// A fast deterministic PRNG (mulberry32): the data set is the same on every machine.
class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

// Vocabulary: common English words (frequent) and generated rarer terms (Zipf-like), so that searches hit both
// common words and rare ones.
const COMMON = (
  "the of and to in is was for on that with as by at from this it be are or an which were has had not but have first " +
  "search result page report year population city river museum station council census records annual article table " +
  "value answer question found number according official history list museum founded director letter bridge opened " +
  "python output error traceback value computed total average sum count data file sheet column row image audio transcript"
).split(" ");
function buildRare(prng: Prng, count: number): string[] {
  const syllables = "ka lo mi ne ru sa te vo zi da fe gu hi jo ba ce pa qu wy xe".split(" ");
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 2 + prng.int(3);
    let word = "";
    for (let s = 0; s < n; s++) word += prng.pick(syllables);
    words.push(word);
  }
  return words;
}

/** Words of the generated vocabulary, from frequent to rare (for search queries that hit few or many). */
export function vocabularyWord(rank: number): string {
  return buildRare(new Prng(7), 20_000)[rank];
}

class TextMaker {
  private rare: string[];
  constructor(private prng: Prng) {
    this.rare = buildRare(new Prng(7), 20_000);
  }
  word(): string {
    const r = this.prng.next();
    if (r < 0.7) return COMMON[this.prng.int(COMMON.length)];
    // Zipf-ish over the rare words: low indices far more often.
    const x = this.prng.next();
    return this.rare[Math.floor(this.rare.length * x * x * x)];
  }
  text(length: number): string {
    let out = "";
    while (out.length < length) out += this.word() + (this.prng.next() < 0.08 ? ". " : " ");
    return out.slice(0, length);
  }
}

// ------------------------------------------------------------------------------------------------ COPY helpers

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const esc = (s: string) => s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]);
type Cell = string | number | boolean | null | string[];
function cell(value: Cell): string {
  if (value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return esc(`{${value.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`);
  return esc(value);
}

class Copier {
  private buffer: string[] = [];
  size = 0;
  constructor(
    private client: pg.PoolClient,
    private table: string,
    private columns: string[],
  ) {}
  add(values: Cell[]) {
    const line = values.map(cell).join("\t") + "\n";
    this.buffer.push(line);
    this.size += line.length;
  }
  async flush() {
    if (!this.buffer.length) return;
    const stream = this.client.query(copyFrom(`COPY "${this.table}" (${this.columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    for (const line of this.buffer) if (!stream.write(line)) await Promise.race([once(stream, "drain"), done]);
    stream.end();
    await done;
    this.buffer = [];
    this.size = 0;
  }
}

// ------------------------------------------------------------------------------------------------ generation

type Step = Record<string, unknown>;

function trajectorySteps(prng: Prng, words: TextMaker, question: string, rounds: number, huge: boolean): { steps: Step[]; tools: Set<string>; tokens: number } {
  const steps: Step[] = [{ index: 0, kind: "message", role: "user", text: question, tokens: Math.ceil(question.length / 4) }];
  const tools = new Set<string>();
  let tokens = 0;
  const hugeAt = huge ? prng.int(rounds) : -1;
  for (let round = 0; round < rounds; round++) {
    const reasoning = words.text(60 + prng.int(200));
    steps.push({ index: steps.length, kind: "reasoning", role: "assistant", text: reasoning, tokens: Math.ceil(reasoning.length / 4) });
    const tool = prng.next() < 0.85 ? TOOLS[prng.int(3)] : TOOLS[3 + prng.int(3)];
    tools.add(tool);
    const args = tool === "python" ? { code: `print(${prng.int(1000)} * ${prng.int(1000)})` } : tool === "browse" ? { url: `https://example.org/${words.word()}/${prng.int(99999)}`, goal: words.text(40) } : { query: words.text(30 + prng.int(40)) };
    steps.push({ index: steps.length, kind: "tool_call", role: "assistant", tool: { name: tool, arguments: args, callId: `call_${round}` }, tokens: 30 });
    const length = round === hugeAt ? 100_000 + prng.int(40_000) : 100 + prng.int(300);
    const result = words.text(length);
    steps.push({ index: steps.length, kind: "tool_result", role: "tool", text: result, result: { name: tool, callId: `call_${round}` }, tokens: Math.ceil(result.length / 4) });
    tokens += Math.ceil((reasoning.length + result.length) / 4) + 30;
  }
  const answer = words.word();
  steps.push({ index: steps.length, kind: "final_answer", role: "assistant", text: `\\boxed{${answer}}`, answer, tokens: 8 });
  return { steps, tools, tokens };
}

export type GeneratedInfo = { trajectories: number; runIds: number[]; longTrajectoryId: number };

/**
 * Fills an empty, migrated database with `size` trajectories (and the 1,000-step one), then builds every search
 * document. Logs progress with `log`.
 */
export async function generateBrowseData(url: string, size: number, log: (line: string) => void): Promise<GeneratedInfo> {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  const client = await pool.connect();
  const started = Date.now();
  try {
    await client.query("SET synchronous_commit = off");
    // Runs and tasks.
    const runIds: number[] = [];
    for (let r = 0; r < RUN_COUNT; r++) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Run" (name, variant, "agentModel", "rrmModel", lambda, source) VALUES ($1, $2::"RunVariant", 'Qwen3-8B', 'Agent-RRM-8B', 0.3, 'import') RETURNING id`,
        [`bench-run-${r}`, VARIANTS[r]],
      );
      runIds.push(rows[0].id);
    }
    const tasks: { id: number; benchmark: string; level: string | null; question: string }[] = [];
    {
      const words = new TextMaker(new Prng(11));
      const prng = new Prng(12);
      for (const b of BENCHMARKS) {
        const values: string[] = [];
        const params: unknown[] = [];
        for (let t = 0; t < TASKS_PER_BENCHMARK; t++) {
          const level = prng.pick(b.levels);
          const question = `${words.text(60 + prng.int(200))}?`;
          params.push(b.name, level, `${b.name}-${t}`, question, words.word());
          const k = params.length;
          values.push(`($${k - 4}, $${k - 3}, $${k - 2}, $${k - 1}, $${k})`);
        }
        const { rows } = await client.query<{ id: number; benchmark: string; level: string | null; question: string }>(
          `INSERT INTO "Task" (benchmark, level, "externalId", question, "groundTruth") VALUES ${values.join(", ")} RETURNING id, benchmark, level, question`,
          params,
        );
        tasks.push(...rows);
      }
    }

    // Trajectories, bodies, judgments, in id order (ids allocated here; sequences set after).
    const { rows: seq } = await client.query<{ start: number }>(`SELECT coalesce(max(id), 0)::int + 1 AS start FROM "Trajectory"`);
    const first = seq[0].start;
    const trajectories = new Copier(client, "Trajectory", [
      "id", "runId", "taskId", "rolloutIndex", "groupKey", "stage", "parentId", "trainingStep", "finalAnswer", "correct", "ruleReward",
      "termination", "stepCount", "toolCallCount", "tokenCount", "durationMs", "externalId", "contentHash", "benchmark", "level",
      "toolsUsed", "rrmScore", "judgmentCount", "annotated", "createdAt",
    ]);
    const bodies = new Copier(client, "TrajectoryBody", ["trajectoryId", "steps", "sourceFormat"]);
    const judgments = new Copier(client, "Judgment", ["trajectoryId", "rrmModel", "reasoning", "critique", "score", "parseStatus", "source", "createdAt"]);
    const prng = new Prng(42);
    const words = new TextMaker(new Prng(43));
    const epoch = Date.parse("2026-01-01T00:00:00Z");
    const total = size + 1;
    for (let i = 0; i < total; i++) {
      const id = first + i;
      const long = i === size; // the 1,000-step trajectory comes last
      const runIndex = long ? 0 : i % RUN_COUNT;
      const runId = runIds[runIndex];
      const task = tasks[long ? 0 : prng.int(tasks.length)];
      // Long-tailed length: most 2-6 rounds, some up to 30.
      const rounds = long ? 333 : Math.min(30, 1 + Math.floor(-Math.log(1 - prng.next()) * 2));
      const huge = !long && prng.next() < 0.01;
      const { steps, tools, tokens } = long
        ? (() => {
            const s: Step[] = [{ index: 0, kind: "message", role: "user", text: task.question }];
            for (let k = 1; k < 1000; k++) {
              const kind = k === 999 ? "final_answer" : k % 3 === 1 ? "reasoning" : k % 3 === 2 ? "tool_call" : "tool_result";
              if (kind === "tool_call") s.push({ index: k, kind, role: "assistant", tool: { name: "python", arguments: { code: words.text(200) } } });
              else if (kind === "final_answer") s.push({ index: k, kind, role: "assistant", text: "\\boxed{42}", answer: "42" });
              else s.push({ index: k, kind, role: kind === "reasoning" ? "assistant" : "tool", text: words.text(kind === "reasoning" ? 2000 : 27_000) });
            }
            return { steps: s, tools: new Set(["python"]), tokens: 2_600_000 };
          })()
        : trajectorySteps(prng, words, task.question, rounds, huge);
      const training = VARIANTS[runIndex] === "grpo" || VARIANTS[runIndex] === "reagent_u";
      const refined = !long && VARIANTS[runIndex] === "reagent_u" && i % 20 >= 10;
      const correct = prng.next() < 0.05 ? null : prng.next() < 0.45;
      const judged = prng.next() < 0.9;
      const score = judged ? Math.round((correct ? 0.5 + prng.next() * 0.5 : prng.next() * 0.7) * 1000) / 1000 : null;
      const answer = long ? "42" : prng.next() < 0.03 ? null : (steps[steps.length - 1].answer as string);
      trajectories.add([
        id, runId, task.id, i % 8, training ? `step-${Math.floor(i / 800)}/task-${task.id}` : null, refined ? "refined" : "initial",
        refined ? id - 10 : null, training ? Math.floor(i / 800) : null, answer, correct, correct === null ? null : correct ? 1 : 0,
        long ? "answer" : prng.pick(TERMINATIONS), steps.length, steps.filter((s) => s.kind === "tool_call").length,
        prng.next() < 0.03 ? null : tokens, 1000 + prng.int(120_000), long ? LONG_TRAJECTORY_EXTERNAL_ID : `bench-${i}`, `h${i}`,
        task.benchmark, task.level, [...tools].sort(), score, judged ? 1 : 0, prng.next() < 0.01,
        new Date(epoch + Math.floor((i / total) * 60 * 86_400_000)).toISOString(),
      ]);
      bodies.add([id, JSON.stringify(steps), "native"]);
      if (judged) {
        const step = 1 + prng.int(steps.length - 1);
        const critique = `In step ${step} the agent ${words.text(120)}; the \`${[...tools][0] ?? "search"}\` result ${words.text(100)}.`;
        judgments.add([id, "Agent-RRM-8B", words.text(150), critique, score, "ok", "import", new Date(epoch + i).toISOString()]);
      }
      // Parents before children: the trajectories of a batch are written before their bodies and judgments.
      if (bodies.size > 16 << 20 || i === total - 1) {
        await trajectories.flush();
        await bodies.flush();
        await judgments.flush();
      }
      if (i % 50_000 === 49_999) {
        log(`bench browse: generated ${(i + 1).toLocaleString("en-US")} / ${total.toLocaleString("en-US")} trajectories (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }
    await trajectories.flush();
    await bodies.flush();
    await judgments.flush();
    await client.query(`SELECT setval(pg_get_serial_sequence('"Trajectory"', 'id'), (SELECT max(id) FROM "Trajectory"))`);

    // Search documents, on two connections, with the GIN index built afterwards (faster than maintaining it).
    log("bench browse: building search documents …");
    await client.query(`TRUNCATE "SearchBacklog"`);
    await client.query(`DROP INDEX IF EXISTS "TrajectorySearch_document_idx"`);
    const last = first + total - 1;
    const chunk = 5000;
    let next = first;
    let done = 0;
    const worker = async () => {
      const c = await pool.connect();
      try {
        await c.query("SET synchronous_commit = off");
        for (;;) {
          const from = next;
          if (from > last) return;
          next += chunk;
          await c.query(
            `INSERT INTO "TrajectorySearch" ("trajectoryId", document)
             SELECT t.id, rw_search_document(k.question, t."finalAnswer", b.steps, j.critique)
             FROM "Trajectory" t JOIN "Task" k ON k.id = t."taskId" JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id
             LEFT JOIN "Judgment" j ON j."trajectoryId" = t.id
             WHERE t.id BETWEEN $1 AND $2`,
            [from, Math.min(last, from + chunk - 1)],
          );
          done += chunk;
          if (done % 100_000 === 0) log(`bench browse: search documents ${Math.min(done, total).toLocaleString("en-US")} / ${total.toLocaleString("en-US")} (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      } finally {
        c.release();
      }
    };
    await Promise.all([worker(), worker()]);
    log("bench browse: indexing …");
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`CREATE INDEX "TrajectorySearch_document_idx" ON "TrajectorySearch" USING GIN ("document")`);
    await client.query(`TRUNCATE "SearchBacklog"`);
    await client.query(`VACUUM ANALYZE`);
    const { rows: long } = await client.query<{ id: number }>(`SELECT id FROM "Trajectory" WHERE "externalId" = $1`, [LONG_TRAJECTORY_EXTERNAL_ID]);
    log(`bench browse: data ready in ${Math.round((Date.now() - started) / 1000)} s`);
    return { trajectories: total, runIds, longTrajectoryId: long[0].id };
  } finally {
    client.release();
    await pool.end();
  }
}
