"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Columns3, Filter, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Popover } from "radix-ui";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { secondaryButtonClass } from "@/components/settings/styles";
import { COLUMNS, DEFAULT_COLUMNS } from "@/components/trajectory/trajectory-columns";
import { SavedViewsMenu } from "@/components/trajectory/saved-views-menu";
import { FilterChips, SearchBox, TrajectoryFilters } from "@/components/trajectory/trajectory-filters";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { KeyboardHelp } from "@/components/ui/keyboard-help";
import { Td, Th } from "@/components/ui/table";
import { useHotkeys } from "@/components/ui/use-hotkeys";
import { getJson } from "@/components/trajectory/get-json";
import {
  DEFAULT_TRAJECTORY_QUERY,
  PRESET_VIEWS,
  safeParseTrajectoryQuery,
  trajectoryQuerySchema,
  trajectoryQueryString,
  type TrajectoryQuery,
  type TrajectoryQueryInput,
} from "@/lib/trajectory-query";
import type { SavedView, TrajectoryFacets, TrajectoryList } from "@/lib/trajectory-schemas";

const PAGE_SIZE = 50;
const COLUMNS_STORAGE_KEY = "rw.trajectories.columns";

/** The list's URL for a trajectory: the list's own state travels along, so j/k on the trajectory page follow it. */
export function trajectoryHref(id: number, listQs: string): string {
  return `/trajectories/${id}${listQs ? `?list=${encodeURIComponent(listQs.slice(1))}` : ""}`;
}

function useColumns(): [string[], (ids: string[]) => void] {
  const [columns, setColumns] = useState<string[]>(DEFAULT_COLUMNS);
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(COLUMNS_STORAGE_KEY) ?? "null");
      if (Array.isArray(saved) && saved.every((c) => typeof c === "string")) {
        const known = saved.filter((c: string) => COLUMNS.some((col) => col.id === c));
        if (known.length) setColumns(known);
      }
    } catch {
      // a broken entry: keep the defaults
    }
  }, []);
  const save = useCallback((ids: string[]) => {
    setColumns(ids);
    try {
      localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(ids));
    } catch {
      // private mode: the choice lasts for this page
    }
  }, []);
  return [columns, save];
}

function ColumnChooser({ visible, onChange }: { visible: string[]; onChange: (ids: string[]) => void }) {
  return (
    <Popover.Root>
      <Popover.Trigger className={secondaryButtonClass}>
        <Columns3 aria-hidden className="size-3.5" /> Columns
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={4}
          aria-label="Columns"
          className="z-40 w-56 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-950"
        >
          <ul>
            {COLUMNS.map((c) => (
              <li key={c.id}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-900">
                  <input
                    type="checkbox"
                    checked={visible.includes(c.id)}
                    disabled={c.id === "question" || c.id === "id"}
                    onChange={(e) =>
                      onChange(e.target.checked ? COLUMNS.filter((col) => col.id === c.id || visible.includes(col.id)).map((col) => col.id) : visible.filter((v) => v !== c.id))
                    }
                  />
                  {c.label === "#" ? "Id" : c.label}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => onChange(DEFAULT_COLUMNS)} className="mt-1 px-1.5 text-xs text-sky-800 hover:underline dark:text-sky-300">
            Default columns
          </button>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

export function TrajectoryBrowser({
  initialQs,
  initialPage,
  facets,
  views,
  canDeleteShared,
}: {
  initialQs: string;
  initialPage: TrajectoryList;
  facets: TrajectoryFacets;
  views: SavedView[];
  canDeleteShared: boolean;
}) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const parsed = useMemo(() => safeParseTrajectoryQuery(searchParams), [searchParams]);
  const query: TrajectoryQuery = parsed.success ? parsed.data : DEFAULT_TRAJECTORY_QUERY;
  const qs = trajectoryQueryString(query);

  const setQuery = useCallback((next: TrajectoryQueryInput, { replace = false }: { replace?: boolean } = {}) => {
    const nextQs = trajectoryQueryString(trajectoryQuerySchema.parse(next));
    const url = `/trajectories${nextQs}`;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);
  const update = useCallback(
    (patch: Partial<TrajectoryQuery>, options?: { replace?: boolean }) => {
      const next = { ...query, ...patch };
      const checked = trajectoryQuerySchema.safeParse(next);
      // An inconsistent range while typing (min above max) drops the other bound rather than failing.
      if (!checked.success) {
        if (patch.minScore !== undefined) next.maxScore = undefined;
        if (patch.maxScore !== undefined) next.minScore = undefined;
        if (patch.minSteps !== undefined) next.maxSteps = undefined;
        if (patch.maxSteps !== undefined) next.minSteps = undefined;
        if (patch.minTokens !== undefined) next.maxTokens = undefined;
        if (patch.maxTokens !== undefined) next.minTokens = undefined;
      }
      setQuery(next, options);
    },
    [query, setQuery],
  );

  const list = useInfiniteQuery({
    queryKey: ["trajectories", qs],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(qs.slice(1));
      params.set("limit", String(PAGE_SIZE));
      if (pageParam) params.set("cursor", pageParam);
      return getJson<TrajectoryList>(`/api/v1/trajectories?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: qs === initialQs ? { pages: [initialPage], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const searchPending = list.data?.pages[0]?.searchPending ?? 0;
  const updating = list.isPlaceholderData && list.isFetching;

  const [columns, setColumns] = useColumns();
  const shown = COLUMNS.filter((c) => columns.includes(c.id));

  // Keyboard: j/k move the selection, Enter/o opens it, / searches.
  const [selected, setSelected] = useState(-1);
  useEffect(() => setSelected(-1), [qs]);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const select = (index: number) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(i);
    const row = tableRef.current?.querySelectorAll("tr")[i];
    row?.scrollIntoView({ block: "nearest" });
    if (i >= rows.length - 5 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  };
  useHotkeys({
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    Enter: () => selected >= 0 && rows[selected] && router.push(trajectoryHref(rows[selected].id, qs)),
    o: () => selected >= 0 && rows[selected] && router.push(trajectoryHref(rows[selected].id, qs)),
    "/": () => document.getElementById("trajectory-search")?.focus(),
  });

  // Load the next page when the end of the table scrolls into view.
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !list.hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !list.isFetchingNextPage) void list.fetchNextPage();
    }, { rootMargin: "400px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [list, list.hasNextPage, list.isFetchingNextPage]);

  const openView = (view: SavedView) => setQuery(view.query);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox value={query.q} onChange={(q, immediate) => update({ q }, { replace: !immediate })} />
        {PRESET_VIEWS.map((preset) => (
          <button key={preset.id} type="button" className={secondaryButtonClass} title={preset.description} onClick={() => setQuery(preset.query)}>
            <Filter aria-hidden className="size-3.5" /> {preset.label}
          </button>
        ))}
        <SavedViewsMenu initial={views} current={query} onOpen={openView} canDeleteShared={canDeleteShared} />
        <ColumnChooser visible={columns} onChange={setColumns} />
        <KeyboardHelp
          title="Trajectory list keys"
          keys={[
            { keys: ["j", "k"], description: "Next / previous trajectory in the list" },
            { keys: ["Enter", "o"], description: "Open the selected trajectory" },
            { keys: ["/"], description: "Search" },
            { keys: ["?"], description: "This help" },
          ]}
        />
      </div>
      <TrajectoryFilters query={query} facets={facets} update={update} />
      <FilterChips query={query} facets={facets} update={update} onClear={() => setQuery({})} />

      {!parsed.success ? (
        <p role="alert" className="rounded border border-incorrect/40 bg-incorrect/5 px-3 py-2 text-sm">
          Part of this link is not a valid filter ({parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); showing all
          trajectories.{" "}
          <button type="button" className="underline" onClick={() => setQuery({})}>
            Clear the link’s filters
          </button>
        </p>
      ) : null}
      {query.q && searchPending > 0 ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {formatCount(searchPending)} recently imported trajectories are still being indexed for full-text search; their questions and answers are
          searched already, the rest follows within minutes.
        </p>
      ) : null}

      {list.isError && !rows.length ? (
        <div role="alert" className="rounded-md border border-incorrect/40 p-4 text-sm">
          <p className="font-medium">The trajectories could not be loaded: {list.error.message}</p>
          <button type="button" className={`${secondaryButtonClass} mt-2`} onClick={() => void list.refetch()}>
            <RotateCcw aria-hidden className="size-3.5" /> Try again
          </button>
        </div>
      ) : !rows.length && !list.isFetching ? (
        <EmptyState title={query.q || qs ? "No trajectories match" : "No trajectories yet"}>
          {qs ? (
            <>
              Widen a filter or{" "}
              <button type="button" className="text-sky-800 underline dark:text-sky-300" onClick={() => setQuery({})}>
                clear them all
              </button>
              {query.q ? "; search finds whole words (and substrings of questions and answers)" : ""}.
            </>
          ) : (
            <>
              <Link href="/import" className="text-sky-800 underline dark:text-sky-300">
                Import trajectories
              </Link>{" "}
              to browse them here.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <div
            className={`max-h-[calc(100vh-17rem)] min-h-[12rem] overflow-auto rounded-md border border-zinc-200 transition-opacity dark:border-zinc-800 ${updating ? "opacity-60" : ""}`}
            aria-busy={list.isFetching}
          >
            <table className="w-full border-collapse text-sm" aria-label="Trajectories">
              <thead>
                <tr>
                  {shown.map((c) => (
                    <Th key={c.id} align={c.align}>
                      {c.label}
                    </Th>
                  ))}
                </tr>
              </thead>
              <tbody ref={tableRef}>
                {rows.map((row, i) => {
                  const href = trajectoryHref(row.id, qs);
                  return (
                    <tr
                      key={row.id}
                      aria-selected={i === selected}
                      data-trajectory-id={row.id}
                      onClick={(e) => {
                        if ((e.target as HTMLElement).closest("a,button")) return;
                        setSelected(i);
                      }}
                      onDoubleClick={() => router.push(href)}
                      className={i === selected ? "bg-sky-50 outline outline-2 -outline-offset-2 outline-sky-600 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-900/60"}
                    >
                      {shown.map((c) => (
                        <Td key={c.id} align={c.align} className={c.className}>
                          {c.render(row, href)}
                        </Td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div ref={sentinel} aria-hidden className="h-px" />
          </div>
          <div className="flex items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400">
            <span role="status">
              {updating ? "Updating…" : `${formatCount(rows.length)} trajectories${list.hasNextPage ? " shown, more below" : ""}`}
            </span>
            {list.hasNextPage ? (
              <button type="button" className={secondaryButtonClass} disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {list.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            ) : null}
            {list.isError && rows.length ? <span role="alert" className="text-incorrect">Loading more failed: {list.error.message}</span> : null}
          </div>
        </>
      )}
    </div>
  );
}
