import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { runInputSchema, type RunInput } from "@/lib/server/run-input";

export type CreatedRun = { id: number; name: string; created: boolean };

/**
 * Creates a run. With `reuse`, an existing run of the same name is returned instead (imports into a named run);
 * otherwise a taken name is a 409.
 */
export async function createRun(input: RunInput, { reuse = false, source = "import" as const } = {}): Promise<CreatedRun> {
  const data = runInputSchema.parse(input);
  const prisma = getPrisma();
  if (reuse) {
    const existing = await prisma.run.findUnique({ where: { name: data.name }, select: { id: true, name: true } });
    if (existing) return { ...existing, created: false };
  }
  try {
    const run = await prisma.run.create({
      data: { ...data, config: (data.config ?? undefined) as Prisma.InputJsonValue | undefined, source },
      select: { id: true, name: true },
    });
    return { ...run, created: true };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      if (reuse) {
        const existing = await prisma.run.findUniqueOrThrow({ where: { name: data.name }, select: { id: true, name: true } });
        return { ...existing, created: false };
      }
      throw new ApiError(409, "run_exists", `A run named "${data.name}" already exists: pick another name or import into it`);
    }
    throw error;
  }
}
