import Link from "next/link";
import type { ReactNode } from "react";
import { Correctness } from "@/components/trajectory/correctness";
import { formatCount } from "@/components/ui/format";
import { variantLabel } from "@/lib/variant-label";
import { ScoreBadge } from "@/components/ui/score-badge";
import type { TrajectoryRow } from "@/lib/trajectory-schemas";

export type Column = {
  id: string;
  label: string;
  align?: "left" | "right";
  /** Shown unless the user hides it. */
  defaultVisible: boolean;
  className?: string;
  render: (row: TrajectoryRow, href: string) => ReactNode;
};

const dash = <span className="text-zinc-400">—</span>;

export function formatWhen(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export const COLUMNS: Column[] = [
  {
    id: "id",
    label: "#",
    align: "right",
    defaultVisible: true,
    render: (row, href) => (
      <Link href={href} className="font-mono text-xs text-sky-800 hover:underline dark:text-sky-300" tabIndex={-1}>
        {row.id}
      </Link>
    ),
  },
  {
    id: "question",
    label: "Task",
    defaultVisible: true,
    className: "min-w-[18rem] max-w-[34rem]",
    render: (row, href) => (
      <Link href={href} className="line-clamp-2 break-words text-zinc-900 hover:underline dark:text-zinc-100" title={row.question}>
        {row.question}
      </Link>
    ),
  },
  {
    id: "benchmark",
    label: "Benchmark",
    defaultVisible: true,
    render: (row) => (
      <span className="whitespace-nowrap">
        {row.benchmark}
        {row.level ? <span className="text-zinc-500"> · {row.level}</span> : null}
      </span>
    ),
  },
  {
    id: "run",
    label: "Run",
    defaultVisible: true,
    render: (row) => (
      <span className="block max-w-[12rem] truncate" title={`${row.runName} (${variantLabel(row.variant)})`}>
        {row.runName}
      </span>
    ),
  },
  { id: "variant", label: "Variant", defaultVisible: false, render: (row) => variantLabel(row.variant) },
  {
    id: "answer",
    label: "Answer",
    defaultVisible: true,
    className: "max-w-[12rem]",
    render: (row) => (row.finalAnswer === null ? dash : <span className="line-clamp-2 break-words font-mono text-xs">{row.finalAnswer}</span>),
  },
  { id: "correct", label: "Outcome", defaultVisible: true, render: (row) => <Correctness correct={row.correct} /> },
  { id: "score", label: "RRM score", align: "right", defaultVisible: true, render: (row) => <ScoreBadge score={row.rrmScore} /> },
  { id: "ruleReward", label: "Rule reward", align: "right", defaultVisible: false, render: (row) => (row.ruleReward === null ? dash : row.ruleReward.toFixed(2)) },
  { id: "steps", label: "Steps", align: "right", defaultVisible: true, render: (row) => formatCount(row.stepCount) },
  { id: "toolCalls", label: "Tool calls", align: "right", defaultVisible: false, render: (row) => formatCount(row.toolCallCount) },
  { id: "tokens", label: "Tokens", align: "right", defaultVisible: true, render: (row) => (row.tokenCount === null ? dash : formatCount(row.tokenCount)) },
  {
    id: "tools",
    label: "Tools",
    defaultVisible: false,
    render: (row) => (row.toolsUsed.length ? <span className="font-mono text-xs">{row.toolsUsed.join(", ")}</span> : dash),
  },
  { id: "termination", label: "Termination", defaultVisible: true, render: (row) => row.termination ?? dash },
  {
    id: "attempt",
    label: "Attempt",
    defaultVisible: false,
    render: (row) => (row.stage === "refined" ? "refined retry" : `rollout ${row.rolloutIndex}`),
  },
  { id: "judgments", label: "Judgments", align: "right", defaultVisible: false, render: (row) => row.judgmentCount },
  { id: "annotated", label: "Annotated", defaultVisible: false, render: (row) => (row.annotated ? "yes" : "no") },
  {
    id: "duration",
    label: "Duration",
    align: "right",
    defaultVisible: false,
    render: (row) => (row.durationMs === null ? dash : `${(row.durationMs / 1000).toFixed(1)} s`),
  },
  {
    id: "time",
    label: "Imported",
    defaultVisible: true,
    render: (row) => <time dateTime={row.createdAt} className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400">{formatWhen(row.createdAt)}</time>,
  },
];

export const DEFAULT_COLUMNS = COLUMNS.filter((c) => c.defaultVisible).map((c) => c.id);
