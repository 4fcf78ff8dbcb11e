"use client";

import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Tabs } from "radix-ui";
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/components/settings/styles";
import { Correctness } from "@/components/trajectory/correctness";
import { JudgmentPanel } from "@/components/trajectory/judgment-panel";
import { SplitView } from "@/components/trajectory/split-view";
import { StepTimeline, type StepTimelineHandle } from "@/components/trajectory/step-timeline";
import { formatCount } from "@/components/ui/format";
import { variantLabel } from "@/lib/variant-label";
import { KeyboardHelp } from "@/components/ui/keyboard-help";
import { useHotkeys } from "@/components/ui/use-hotkeys";
import { getJson } from "@/components/trajectory/get-json";
import { PAPER_LAMBDA } from "@/lib/reagent/grpo";
import type { TrajectoryDetail, TrajectoryList } from "@/lib/trajectory-schemas";
import { stripAnsi } from "@/lib/trajectory-text";

// The attempts (with the diff library) and group panels load when first opened.
const AttemptsPanel = lazy(() => import("@/components/trajectory/attempts-panel").then((m) => ({ default: m.AttemptsPanel })));
const GroupPanel = lazy(() => import("@/components/trajectory/group-panel").then((m) => ({ default: m.GroupPanel })));
const panelFallback = <p className="p-4 text-sm text-zinc-500" role="status">Loading…</p>;

const PANELS = ["judgment", "attempts", "group"] as const;
type Panel = (typeof PANELS)[number];

/**
 * Updates the page's search params in place (no navigation, no history entry), keeping the #step hash. Only when
 * something changed: Next's router syncs itself to every replaceState, and one landing while a j/k navigation is
 * under way puts the router back on this page (the navigation is lost).
 */
function replaceParams(patch: Record<string, string | null>) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  replaceUrlIfChanged(url);
}

function replaceUrlIfChanged(url: URL) {
  if (url.href !== window.location.href) window.history.replaceState(null, "", `${url.pathname}${url.search}${url.hash}`);
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

/** `canAnnotate`: the rubric form shows in the judgment panel only for those who may save it. */
export function TrajectoryReader({ detail, listQs, canAnnotate }: { detail: TrajectoryDetail; listQs: string; canAnnotate: boolean }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const timeline = useRef<StepTimelineHandle>(null);
  const id = useId();
  const listParam = listQs ? `?list=${encodeURIComponent(listQs)}` : "";

  // ------------------------------------------------------------------------------------------ URL state
  const urlLambda = Number(searchParams.get("lambda"));
  const initialLambda = searchParams.get("lambda") !== null && urlLambda >= 0 && urlLambda <= 1 ? urlLambda : (detail.run.lambda ?? PAPER_LAMBDA);
  const [lambda, setLambda] = useState(initialLambda);
  const poolParam = searchParams.get("pool");
  // Local state answers the click at once; the URL follows (Next applies history updates in a transition).
  const [pool, setPool] = useState(poolParam === null ? detail.run.variant === "reagent_u" : poolParam === "1");
  const panelParam = searchParams.get("panel") as Panel | null;
  const panel: Panel = panelParam && PANELS.includes(panelParam) ? panelParam : "judgment";
  const judge = searchParams.get("judge");

  useEffect(() => {
    const timer = setTimeout(() => {
      const fallback = detail.run.lambda ?? PAPER_LAMBDA;
      replaceParams({ lambda: Math.abs(lambda - fallback) < 1e-9 ? null : String(lambda) });
    }, 250);
    return () => clearTimeout(timer);
  }, [lambda, detail.run.lambda]);

  // ------------------------------------------------------------------------------------------ steps and #step-N
  const onCurrentChange = useCallback((stepIndex: number) => {
    const url = new URL(window.location.href);
    url.hash = `step-${stepIndex}`;
    replaceUrlIfChanged(url);
  }, []);
  useEffect(() => {
    const follow = () => {
      const match = /^#step-(\d+)$/.exec(window.location.hash);
      if (match) timeline.current?.goTo(Number(match[1]), { expand: true });
    };
    follow();
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [detail.id]);
  const goToStep = useCallback((index: number) => timeline.current?.goTo(index, { expand: true }), []);

  // ------------------------------------------------------------------------------------------ j/k through the list
  const [moving, setMoving] = useState(false);
  const move = async (direction: "after" | "before") => {
    if (moving) return;
    setMoving(true);
    try {
      const params = new URLSearchParams(listQs);
      params.set(direction, String(detail.id));
      params.set("limit", "1");
      const page = await getJson<TrajectoryList>(`/api/v1/trajectories?${params}`);
      const target = page.items[0];
      if (target) router.push(`/trajectories/${target.id}${listParam}`);
      else toast.info(direction === "after" ? "This is the last trajectory of the list" : "This is the first trajectory of the list");
    } catch (error) {
      toast.error(`Could not move through the list: ${(error as Error).message}`);
    } finally {
      setMoving(false);
    }
  };

  useHotkeys({
    j: () => void move("after"),
    k: () => void move("before"),
    n: () => timeline.current?.next(),
    p: () => timeline.current?.previous(),
    "/": () => timeline.current?.focusSearch(),
    "1": () => replaceParams({ panel: null }),
    "2": () => replaceParams({ panel: "attempts" }),
    "3": () => replaceParams({ panel: "group" }),
  });

  const attemptCount = (detail.parent ? 1 : 0) + detail.refinements.length;
  const question = stripAnsi(detail.task.question);

  return (
    <div className="flex h-[calc(100vh-5.5rem)] min-h-[32rem] flex-col gap-3">
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <nav aria-label="Breadcrumb" className="text-zinc-500">
            <Link href={`/trajectories${listQs ? `?${listQs}` : ""}`} className="hover:underline">
              Trajectories
            </Link>{" "}
            / <span className="text-zinc-900 dark:text-zinc-100">#{detail.id}</span>
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <button type="button" className={secondaryButtonClass} onClick={() => void move("before")} disabled={moving} aria-label="Previous trajectory in the list (k)" title="Previous in the list (k)">
              <ChevronLeft aria-hidden className="size-4" /> Prev
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => void move("after")} disabled={moving} aria-label="Next trajectory in the list (j)" title="Next in the list (j)">
              Next <ChevronRight aria-hidden className="size-4" />
            </button>
            <a href={`/api/v1/trajectories/${detail.id}/raw`} download className={secondaryButtonClass} title="The record as it was imported">
              <Download aria-hidden className="size-3.5" /> Raw source
            </a>
            <KeyboardHelp
              title="Trajectory keys"
              keys={[
                { keys: ["j", "k"], description: "Next / previous trajectory of the list you came from" },
                { keys: ["n", "p"], description: "Next / previous step" },
                { keys: ["/"], description: "Find in steps (Enter: next hit, Shift+Enter: previous)" },
                { keys: ["1", "2", "3"], description: "Judgment / Attempts / Group panel" },
                { keys: ["?"], description: "This help" },
              ]}
            />
          </div>
        </div>
        <h1 className="sr-only">Trajectory {detail.id}</h1>
        <details className="group rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800" open={question.length <= 400}>
          <summary className="cursor-pointer text-sm">
            <span className="font-medium">Task</span>{" "}
            <span className="text-zinc-500">
              {detail.task.benchmark}
              {detail.task.level ? ` · ${detail.task.level}` : ""} · {detail.task.externalId}
            </span>
            <span className="line-clamp-1 text-zinc-700 group-open:hidden dark:text-zinc-300">{question}</span>
          </summary>
          <p className="mt-1 max-h-40 overflow-y-auto text-sm whitespace-pre-wrap break-words">{question}</p>
        </details>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4 lg:grid-cols-8">
          <Fact label="Final answer">
            <span className="font-mono" title={detail.finalAnswer ?? undefined}>
              {detail.finalAnswer ?? "—"}
            </span>
          </Fact>
          <Fact label="Ground truth">
            <span className="font-mono" title={detail.task.groundTruth ?? undefined}>
              {detail.task.groundTruth ?? "—"}
            </span>
          </Fact>
          <Fact label="Outcome">
            <Correctness correct={detail.correct} />
          </Fact>
          <Fact label="Run">
            <Link href={`/runs/${detail.run.id}`} className="text-sky-800 hover:underline dark:text-sky-300" title={`${detail.run.name} (${variantLabel(detail.run.variant)})`}>
              {detail.run.name}
            </Link>
          </Fact>
          <Fact label="Attempt">
            {detail.stage === "refined" ? "refined retry" : `rollout ${detail.rolloutIndex}`}
            {detail.trainingStep !== null ? ` · step ${detail.trainingStep}` : ""}
          </Fact>
          <Fact label="Termination">{detail.termination ?? "—"}</Fact>
          <Fact label="Steps / tool calls">
            {formatCount(detail.stepCount)} / {formatCount(detail.toolCallCount)}
          </Fact>
          <Fact label="Tokens · time">
            {detail.tokenCount === null ? "—" : formatCount(detail.tokenCount)}
            {detail.durationMs !== null ? ` · ${(detail.durationMs / 1000).toFixed(1)} s` : ""}
          </Fact>
        </dl>
        {detail.error ? (
          <p role="note" className="rounded border border-incorrect/40 px-3 py-1.5 text-sm">
            <span className="font-medium text-incorrect">The attempt failed:</span> <span className="font-mono text-xs break-words">{stripAnsi(detail.error)}</span>
          </p>
        ) : null}
      </div>

      <SplitView
        leftLabel="Steps"
        rightLabel="RRM judgment"
        left={<StepTimeline ref={timeline} trajectoryId={detail.id} steps={detail.steps} onCurrentChange={onCurrentChange} />}
        right={
          <Tabs.Root value={panel} onValueChange={(value) => replaceParams({ panel: value === "judgment" ? null : value })} className="flex h-full min-h-0 flex-col">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
              <Tabs.List aria-label="Panels" className="flex gap-1">
                {(
                  [
                    ["judgment", `Judgment${detail.judgments.length > 1 ? ` (${detail.judgments.length})` : ""}`],
                    ["attempts", `Attempts${attemptCount ? ` (${attemptCount + 1})` : ""}`],
                    ["group", `Group${detail.groupSize ? ` (${detail.groupSize})` : ""}`],
                  ] as const
                ).map(([value, label]) => (
                  <Tabs.Trigger
                    key={value}
                    value={value}
                    className="rounded px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 data-[state=active]:bg-zinc-200 data-[state=active]:font-medium data-[state=active]:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:data-[state=active]:bg-zinc-800 dark:data-[state=active]:text-zinc-100"
                  >
                    {label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              <div className="ml-auto flex items-center gap-2 text-xs">
                <label htmlFor={`${id}-lambda`} className="whitespace-nowrap">
                  λ (RRM weight)
                </label>
                <input
                  id={`${id}-lambda`}
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={lambda}
                  onChange={(e) => setLambda(Number(e.target.value))}
                  className="w-24"
                />
                <output htmlFor={`${id}-lambda`} className="w-8 font-mono tabular-nums">
                  {lambda.toFixed(2)}
                </output>
                {panel === "group" ? (
                  <label className="flex items-center gap-1 whitespace-nowrap" title="Reagent-U: first attempts and their refined retries form one group">
                    <input
                      type="checkbox"
                      checked={pool}
                      onChange={(e) => {
                        setPool(e.target.checked);
                        replaceParams({ pool: e.target.checked ? "1" : "0" });
                      }}
                    />
                    Pool retries (Reagent-U)
                  </label>
                ) : null}
              </div>
            </div>
            <Tabs.Content value="judgment" className="min-h-0 flex-1 overflow-y-auto">
              <JudgmentPanel
                judgments={detail.judgments}
                selected={judge}
                onSelect={(model) => replaceParams({ judge: model })}
                ruleReward={detail.ruleReward}
                correct={detail.correct}
                lambda={lambda}
                steps={detail.steps}
                onStep={goToStep}
                trajectoryId={canAnnotate ? detail.id : undefined}
              />
            </Tabs.Content>
            <Tabs.Content value="attempts" className="min-h-0 flex-1 overflow-y-auto">
              <Suspense fallback={panelFallback}>
                <AttemptsPanel detail={detail} listParam={listParam} />
              </Suspense>
            </Tabs.Content>
            <Tabs.Content value="group" className="min-h-0 flex-1 overflow-y-auto">
              {detail.groupKey ? (
                <Suspense fallback={panelFallback}>
                  <GroupPanel trajectoryId={detail.id} lambda={lambda} pool={pool} listParam={listParam} />
                </Suspense>
              ) : (
                <p className="p-4 text-sm text-zinc-600 dark:text-zinc-400">This trajectory belongs to no GRPO group (it has no group key).</p>
              )}
            </Tabs.Content>
          </Tabs.Root>
        }
      />
    </div>
  );
}
