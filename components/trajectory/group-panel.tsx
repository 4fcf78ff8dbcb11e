"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { Correctness } from "@/components/trajectory/correctness";
import { effectiveRuleReward } from "@/components/trajectory/judgment-panel";
import { ScoreBadge } from "@/components/ui/score-badge";
import { Td, Th } from "@/components/ui/table";
import { getJson } from "@/components/trajectory/get-json";
import { mean, scoreRollouts, unbiasedStd, type Rollout } from "@/lib/reagent/grpo";
import type { TrajectoryGroup } from "@/lib/trajectory-schemas";

/** A signed bar for an advantage: left of the axis for negative, right for positive (magnitude capped at 2.5). */
function AdvantageBar({ value }: { value: number }) {
  const width = Math.min(Math.abs(value), 2.5) / 2.5;
  return (
    <span className="relative inline-block h-2 w-20 rounded-sm bg-zinc-100 align-middle dark:bg-zinc-800" aria-hidden>
      <span className="absolute top-0 left-1/2 h-full w-px bg-zinc-400" />
      <span
        className="absolute top-0 h-full bg-zinc-600 dark:bg-zinc-300"
        style={value >= 0 ? { left: "50%", width: `${width * 50}%` } : { right: "50%", width: `${width * 50}%` }}
      />
    </span>
  );
}

/**
 * All rollouts of this trajectory's prompt in its run and training step, with rule reward, RRM score, combined reward
 * r = r_rule + λ·s and the GRPO advantage (r − mean)/(std + 1e-6), computed by lib/reagent/grpo.ts at the λ and the
 * pooling chosen above (Reagent-U pools first attempts and refined retries into one group).
 */
export function GroupPanel({
  trajectoryId,
  lambda,
  pool,
  listParam,
}: {
  trajectoryId: number;
  lambda: number;
  pool: boolean;
  listParam: string;
}) {
  const group = useQuery({
    queryKey: ["trajectory-group", trajectoryId],
    queryFn: () => getJson<TrajectoryGroup>(`/api/v1/trajectories/${trajectoryId}/group`),
    staleTime: 60_000,
  });
  const scored = useMemo(() => {
    if (!group.data) return [];
    const rollouts: (Rollout & { source: (typeof group.data.rollouts)[number]; ruleMissing: boolean })[] = [];
    for (const r of group.data.rollouts) {
      const rule = effectiveRuleReward(r.ruleReward, r.correct);
      rollouts.push({ id: r.id, groupKey: group.data.groupKey, stage: r.stage, ruleReward: rule ?? 0, rrmScore: r.rrmScore, source: r, ruleMissing: rule === null });
    }
    const result = scoreRollouts(rollouts, { lambda, pool });
    return result.map((s, i) => ({ ...s, source: rollouts[i].source, ruleMissing: rollouts[i].ruleMissing }));
  }, [group.data, lambda, pool]);

  if (group.isPending) return <p className="p-4 text-sm text-zinc-500" role="status">Loading the group…</p>;
  if (group.isError) {
    return (
      <div role="alert" className="p-4 text-sm">
        <p className="font-medium">The group could not be loaded: {group.error.message}</p>
        <button type="button" className="mt-2 underline" onClick={() => void group.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const groups = [...new Set(scored.map((s) => s.pooledGroup))];
  return (
    <div className="flex flex-col gap-3 p-4">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Group <span className="font-mono">{group.data.groupKey}</span> of {group.data.run.name}: {scored.length} rollouts
        {pool ? ", pooled into one group (Reagent-U)" : groups.length > 1 ? ", first attempts and refined retries as separate groups" : ""}.
      </p>
      {groups.map((key) => {
        const members = scored.filter((s) => s.pooledGroup === key);
        const rewards = members.map((m) => m.reward);
        return (
          <div key={key} className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
            <table className="w-full border-collapse text-sm" aria-label={`GRPO group ${pool ? "(pooled)" : key.endsWith("#refined") ? "(refined retries)" : "(first attempts)"}`}>
              <caption className="px-3 py-1.5 text-left text-xs text-zinc-600 dark:text-zinc-400">
                {pool ? "Pooled group" : key.endsWith("#refined") ? "Refined retries" : "First attempts"} · n = {members.length} · mean r ={" "}
                {mean(rewards).toFixed(3)} · std = {unbiasedStd(rewards).toFixed(3)}
              </caption>
              <thead>
                <tr>
                  <Th>Rollout</Th>
                  <Th>Outcome</Th>
                  <Th align="right">r_rule</Th>
                  <Th align="right">RRM s</Th>
                  <Th align="right">r = r_rule + λ·s</Th>
                  <Th align="right">Advantage</Th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id} className={m.id === trajectoryId ? "bg-sky-50 dark:bg-sky-950" : ""} aria-current={m.id === trajectoryId ? "true" : undefined}>
                    <Td>
                      {m.id === trajectoryId ? (
                        <span className="font-medium">#{m.id} (this)</span>
                      ) : (
                        <Link href={`/trajectories/${m.id}${listParam}`} className="text-sky-800 underline dark:text-sky-300">
                          #{m.id}
                        </Link>
                      )}
                      <span className="ml-1 text-xs text-zinc-500">{m.stage === "refined" ? "retry" : `r${m.source.rolloutIndex}`}</span>
                    </Td>
                    <Td>
                      <Correctness correct={m.source.correct} compact />
                    </Td>
                    <Td align="right">
                      {m.ruleMissing ? <span title="No rule reward and no outcome: counted as 0">0 ?</span> : m.ruleReward.toFixed(2)}
                    </Td>
                    <Td align="right">
                      <ScoreBadge score={m.rrmScore} />
                    </Td>
                    <Td align="right">{m.reward.toFixed(3)}</Td>
                    <Td align="right" className="whitespace-nowrap">
                      <span className="mr-2 font-mono" data-testid={`advantage-${m.id}`}>
                        {m.advantage >= 0 ? "+" : ""}
                        {m.advantage.toFixed(3)}
                      </span>
                      <AdvantageBar value={m.advantage} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
      <p className="text-xs text-zinc-500">
        Advantage A = (r − mean) / (std + 1e-6), std unbiased (n − 1); a group of one gets 0 (verl GRPO, as Reagent computes it).
      </p>
    </div>
  );
}
