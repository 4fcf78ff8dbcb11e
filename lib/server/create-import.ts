import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";

/** Registers an upload before it starts, so the page can follow its progress by id while it streams. */
export async function createImport({ runId, fileName, createdBy }: { runId: number; fileName: string; createdBy: string }) {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw new ApiError(404, "run_not_found", `There is no run ${runId}`);
  const row = await prisma.import.create({ data: { runId, fileName, createdBy }, select: { id: true } });
  return { id: row.id };
}
