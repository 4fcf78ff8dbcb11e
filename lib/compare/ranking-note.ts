// What the within-group ranking of a series says when it has no number. Pure.

/** What the GRPO groups without a correct × incorrect scored pair hold (read only when no group has such a pair). */
export type GroupMakeup = { allCorrect: number; allIncorrect: number; mixed: number };

/** Why a series has no ranking accuracy; `makeup` says what its groups hold when none has a pair. Pure. */
export function rankingNote(groups: number, pairs: number, makeup?: GroupMakeup): string | null {
  if (groups === 0) return "no GRPO groups";
  if (pairs > 0) return null;
  if (!makeup) return "no GRPO group holds both a correct and an incorrect scored rollout: nothing to rank";
  const total = makeup.allCorrect + makeup.allIncorrect + makeup.mixed;
  const every = total === 1 ? "the one GRPO group is" : `all ${total} GRPO groups are`;
  if (makeup.allCorrect === total) return `${every} all correct: no correct × incorrect pair to rank`;
  if (makeup.allIncorrect === total) return `${every} all incorrect: no correct × incorrect pair to rank`;
  const parts = [
    makeup.allCorrect ? `${makeup.allCorrect} all correct` : null,
    makeup.allIncorrect ? `${makeup.allIncorrect} all incorrect` : null,
    makeup.mixed ? `${makeup.mixed} with both but no pair scored by this RRM` : null,
  ].filter(Boolean);
  return `no GRPO group holds both a correct and an incorrect scored rollout (${parts.join(", ")}): nothing to rank`;
}

