// The body of POST /api/v1/jobs, shared by the API, the Jobs → New form and the CLI. Pure.
import * as z from "zod";
import { templateIdSchema } from "@/lib/jobs/templates";

export const jobBackendSchema = z.enum(["local", "slurm"]);

export const launchJobInputSchema = z.object({
  backend: jobBackendSchema.default("local"),
  /** The template: eval, train_reagent_r, train_reagent_u, train_grpo or judge. */
  kind: templateIdSchema,
  params: z.record(z.string(), z.unknown()).default({}),
  /**
   * The template version the caller previewed (Jobs → New sends it): when an admin saved a newer one since, the launch
   * is refused (409) instead of running a script nobody saw. Leave it out to launch with the newest.
   */
  templateVersion: z.number().int().positive().optional(),
  /** The same key twice returns the first job: a retried request never submits twice. */
  idempotencyKey: z.string().trim().min(8, "at least 8 characters (a UUID is best)").max(200).optional(),
});
export type LaunchJobInput = z.input<typeof launchJobInputSchema>;
