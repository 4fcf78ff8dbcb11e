// Shapes of the jobs API answers, shared by the server and the browser. Pure.
import * as z from "zod";

export const jobDetailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  backend: z.string(),
  kind: z.string(),
  variant: z.string().nullable(),
  template: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()),
  script: z.string(),
  schedulerJobId: z.string().nullable(),
  state: z.string(),
  stateReason: z.string().nullable(),
  schedulerUnreachable: z.boolean(),
  exitCode: z.number().int().nullable(),
  progress: z.number().nullable(),
  progressNote: z.string().nullable(),
  logPath: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
  runId: z.number().int().nullable(),
  runs: z.array(z.object({ id: z.number().int(), name: z.string(), trajectories: z.number().int() })),
  metrics: z.array(z.object({ name: z.string(), step: z.number().int(), value: z.number() })),
  events: z.array(z.object({ id: z.number().int(), action: z.string(), actor: z.string().nullable(), detail: z.string().nullable(), at: z.string() })),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

export const jobLogSchema = z.object({ source: z.enum(["file", "posted", "none"]), path: z.string().nullable(), text: z.string() });
export type JobLog = z.infer<typeof jobLogSchema>;

/** One page of a job's work (GET …/judge-work, …/refine-work): items after the id `after`. */
export const workPageSchema = z.object({ after: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(200).default(50) });
