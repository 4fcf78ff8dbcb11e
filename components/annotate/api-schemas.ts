// Response shapes the annotate components read (zod, so the browser checks what it receives).
import { z } from "zod";
import { rubricSchema } from "@/lib/rubric";

export const annotationViewSchema = z.object({
  id: z.number(),
  annotatorId: z.string(),
  annotatorName: z.string().optional(),
  rubricId: z.number(),
  answers: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
  revisions: z.number(),
});
export const annotationListSchema = z.object({ annotations: z.array(annotationViewSchema), hidden: z.number() });
export const rubricListSchema = z.object({ rubrics: z.array(rubricSchema) });

export const queueItemViewSchema = z.object({
  queueId: z.number(),
  itemId: z.number(),
  position: z.number(),
  total: z.number(),
  trajectoryId: z.number(),
  judgmentId: z.number().nullable(),
  claim: z.object({ state: z.enum(["locked", "done", "skipped"]), expiresAt: z.string().nullable() }).nullable(),
  previousItemId: z.number().nullable(),
  nextItemId: z.number().nullable(),
  mine: z.object({ answers: z.record(z.string(), z.unknown()), updatedAt: z.string() }).nullable(),
  others: z.array(z.object({ annotatorName: z.string(), answers: z.record(z.string(), z.unknown()) })).nullable(),
});
export type QueueItemViewData = z.infer<typeof queueItemViewSchema>;
export const claimResponseSchema = z.object({ item: queueItemViewSchema.nullable() });
export const submitResponseSchema = z.object({ annotation: annotationViewSchema, next: queueItemViewSchema.nullable().optional() });
