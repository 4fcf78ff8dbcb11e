import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { TrajectoryReader } from "@/components/trajectory/trajectory-reader";
import { scopesForRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTrajectory } from "@/lib/server/get-trajectory";

export async function generateMetadata({ params }: PageProps<"/embed/trajectories/[id]">): Promise<Metadata> {
  return { title: `Trajectory ${(await params).id}` };
}

/**
 * The trajectory reader alone, without the app's navigation and header: what Compare's side-by-side view shows in
 * each of its two panes, where the whole app would leave the reader a third of the width.
 */
export default async function EmbeddedTrajectoryPage({ params }: PageProps<"/embed/trajectories/[id]">) {
  const user = await requireUser();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const detail = await getTrajectory(id);
  if (!detail) notFound();
  return (
    <main className="h-screen min-w-0 overflow-y-auto p-3">
      <Suspense>
        <TrajectoryReader key={detail.id} detail={detail} listQs="" canAnnotate={scopesForRole(user.role).includes("annotate")} />
      </Suspense>
    </main>
  );
}
