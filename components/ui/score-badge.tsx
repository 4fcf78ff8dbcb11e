import { formatScore, scoreScaleClass } from "@/components/ui/format";

export function ScoreBadge({ score, label = "RRM score" }: { score: number | null | undefined; label?: string }) {
  return (
    <span
      className={`inline-block min-w-[3.25rem] rounded px-1.5 py-0.5 text-center font-mono text-xs tabular-nums ${scoreScaleClass(score)}`}
      aria-label={`${label} ${formatScore(score)}`}
    >
      {formatScore(score)}
    </span>
  );
}
