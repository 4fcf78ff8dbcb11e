import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { TrajectoryReader } from "@/components/trajectory/trajectory-reader";
import { scopesForRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTrajectory } from "@/lib/server/get-trajectory";
import { safeParseTrajectoryQuery, trajectoryQueryString } from "@/lib/trajectory-query";

export async function generateMetadata({ params }: PageProps<"/trajectories/[id]">): Promise<Metadata> {
  return { title: `Trajectory ${(await params).id}` };
}

export default async function TrajectoryPage({ params, searchParams }: PageProps<"/trajectories/[id]">) {
  const user = await requireUser();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const detail = await getTrajectory(id);
  if (!detail) notFound();
  // The list this trajectory was opened from (its URL state), so that j/k walk that list; invalid state is dropped.
  const list = (await searchParams).list;
  const parsed = typeof list === "string" ? safeParseTrajectoryQuery(new URLSearchParams(list)) : null;
  const listQs = parsed?.success ? trajectoryQueryString(parsed.data).slice(1) : "";
  return (
    <Suspense>
      <TrajectoryReader key={detail.id} detail={detail} listQs={listQs} canAnnotate={scopesForRole(user.role).includes("annotate")} />
    </Suspense>
  );
}
