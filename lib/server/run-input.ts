// The fields that describe a run, as the API, the import page and the CLI accept them.
import { z } from "zod";

export const runVariantSchema = z.enum(["base", "reagent_c", "reagent_r", "reagent_u", "grpo", "custom"]);

export const runInputSchema = z.object({
  name: z.string().trim().min(1, "a run needs a name").max(200),
  description: z.string().max(5000).nullish(),
  variant: runVariantSchema.default("custom"),
  agentModel: z.string().max(200).nullish(),
  rrmModel: z.string().max(200).nullish(),
  lambda: z.number().min(0).max(10).nullish(),
  trainingStep: z.number().int().nonnegative().nullish(),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  config: z.record(z.string(), z.unknown()).nullish(),
});
export type RunInput = z.input<typeof runInputSchema>;
