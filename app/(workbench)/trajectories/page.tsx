import type { Metadata } from "next";
import { Suspense } from "react";
import { TrajectoryBrowser } from "@/components/trajectory/trajectory-browser";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getTrajectoryFacets } from "@/lib/server/get-trajectory-facets";
import { ensureSearchIndexer } from "@/lib/server/index-search";
import { listSavedViews } from "@/lib/server/list-saved-views";
import { listTrajectories } from "@/lib/server/list-trajectories";
import { DEFAULT_TRAJECTORY_QUERY, safeParseTrajectoryQuery, trajectoryQueryString } from "@/lib/trajectory-query";

export const metadata: Metadata = { title: "Trajectories" };

export default async function TrajectoriesPage({ searchParams }: PageProps<"/trajectories">) {
  const user = await requireUser();
  const parsed = safeParseTrajectoryQuery(await searchParams);
  const query = parsed.success ? parsed.data : DEFAULT_TRAJECTORY_QUERY;
  ensureSearchIndexer();
  const [page, facets, views] = await Promise.all([listTrajectories(query, { limit: 50 }), getTrajectoryFacets(), listSavedViews(user.id)]);
  return (
    <>
      <PageHeader
        title="Trajectories"
        description="Filter and search every stored trajectory; open one to read its steps with the RRM's judgment beside them."
      />
      {/* useSearchParams in the browser component: the boundary keeps the rest of the page static-friendly. */}
      <Suspense>
        <TrajectoryBrowser
          initialQs={trajectoryQueryString(query)}
          initialPage={page}
          facets={facets}
          views={views}
          canDeleteShared={user.role === "admin"}
        />
      </Suspense>
    </>
  );
}
