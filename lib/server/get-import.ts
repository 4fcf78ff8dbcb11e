import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";

export const importStatusSchema = z.object({
  id: z.number().int(),
  runId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  format: z.string().nullable(),
  status: z.enum(["running", "completed", "failed"]),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ file: z.string().nullable(), line: z.number().nullable(), location: z.string().nullable(), message: z.string() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportStatus = z.infer<typeof importStatusSchema>;

export async function getImport(id: number): Promise<ImportStatus | null> {
  const row = await getPrisma().import.findUnique({ where: { id } });
  if (!row) return null;
  return importStatusSchema.parse({
    ...row,
    errors: Array.isArray(row.errors) ? row.errors : [],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  });
}
