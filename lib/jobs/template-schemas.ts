// Shapes of the job template API, shared by the server and the browser. Pure.
import * as z from "zod";
import { MAX_TEMPLATE_BYTES, templateIdSchema } from "@/lib/jobs/templates";

export const templateVersionSchema = z.object({
  version: z.number().int(),
  body: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** Who saved it; null for the built-in version 1. */
  createdBy: z.string().nullable(),
});
export type TemplateVersionView = z.infer<typeof templateVersionSchema>;

export const jobTemplateSchema = z.object({
  id: templateIdSchema,
  label: z.string(),
  description: z.string(),
  kind: z.string(),
  /** The placeholders `{{name}}` may use. */
  parameters: z.array(z.string()),
  current: templateVersionSchema,
  /** Newest first. */
  versions: z.array(templateVersionSchema),
});
export type JobTemplateView = z.infer<typeof jobTemplateSchema>;

export const newTemplateVersionSchema = z.object({
  body: z.string().max(MAX_TEMPLATE_BYTES, `at most ${MAX_TEMPLATE_BYTES / 1024} KB`),
  note: z.string().trim().max(500).optional(),
});
