"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bookmark, Trash2, Users } from "lucide-react";
import { Popover } from "radix-ui";
import { lazy, Suspense, useState } from "react";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/components/settings/styles";
import { getJson } from "@/components/trajectory/get-json";
import { trajectoryQueryString, type TrajectoryQuery } from "@/lib/trajectory-query";
import type { SavedView } from "@/lib/trajectory-schemas";

export const VIEWS_KEY = ["saved-views"] as const;
const SaveViewDialog = lazy(() => import("@/components/trajectory/save-view-dialog"));

export function SavedViewsMenu({
  initial,
  current,
  onOpen,
  canDeleteShared,
}: {
  initial: SavedView[];
  current: TrajectoryQuery;
  onOpen: (view: SavedView) => void;
  canDeleteShared: boolean;
}) {
  const queryClient = useQueryClient();
  const { data: views = initial } = useQuery({
    queryKey: VIEWS_KEY,
    queryFn: async () => (await getJson<{ items: SavedView[] }>("/api/v1/saved-views")).items,
    initialData: initial,
  });
  const [saving, setSaving] = useState(false);
  const remove = useMutation({
    mutationFn: (view: SavedView) => getJson<null>(`/api/v1/saved-views/${view.id}`, { method: "DELETE" }),
    onSuccess: (_data, view) => {
      toast.success(`Deleted the view “${view.name}”`);
      void queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
    },
    onError: (error) => toast.error(error.message),
  });
  const mine = views.filter((v) => v.mine);
  const shared = views.filter((v) => !v.mine);
  const currentQs = trajectoryQueryString(current);

  const item = (view: SavedView) => (
    <li key={view.id} className="flex items-center gap-1">
      <Popover.Close asChild>
        <button
          type="button"
          onClick={() => onOpen(view)}
          className={`flex min-w-0 flex-1 items-center gap-2 rounded px-2 py-1 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
            trajectoryQueryString(view.query) === currentQs ? "font-medium" : ""
          }`}
        >
          <span className="truncate">{view.name}</span>
          {view.shared ? <Users aria-label="shared" className="size-3.5 shrink-0 text-zinc-500" /> : null}
          {!view.mine ? <span className="ml-auto shrink-0 text-xs text-zinc-500">{view.owner.name}</span> : null}
        </button>
      </Popover.Close>
      {view.mine || canDeleteShared ? (
        <button
          type="button"
          onClick={() => {
            if (window.confirm(`Delete the saved view “${view.name}”?`)) remove.mutate(view);
          }}
          aria-label={`Delete view ${view.name}`}
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-incorrect dark:hover:bg-zinc-800"
        >
          <Trash2 aria-hidden className="size-3.5" />
        </button>
      ) : null}
    </li>
  );

  return (
    <>
      <Popover.Root>
        <Popover.Trigger className={secondaryButtonClass}>
          <Bookmark aria-hidden className="size-3.5" /> Views
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="end"
            sideOffset={4}
            aria-label="Saved views"
            className="z-40 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-950"
          >
            <Popover.Close asChild>
              <button
                type="button"
                onClick={() => setSaving(true)}
                className="w-full rounded px-2 py-1 text-left text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                Save the current view…
              </button>
            </Popover.Close>
            <div className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            <p className="px-2 py-0.5 text-xs text-zinc-500">My views</p>
            {mine.length ? <ul>{mine.map(item)}</ul> : <p className="px-2 py-1 text-xs text-zinc-500">None yet.</p>}
            <p className="mt-1 px-2 py-0.5 text-xs text-zinc-500">Shared by others</p>
            {shared.length ? <ul>{shared.map(item)}</ul> : <p className="px-2 py-1 text-xs text-zinc-500">None.</p>}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {saving ? (
        <Suspense fallback={null}>
          <SaveViewDialog open={saving} onOpenChange={setSaving} query={current} />
        </Suspense>
      ) : null}
    </>
  );
}

