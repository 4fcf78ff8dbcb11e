import { Check, CircleHelp, X } from "lucide-react";

/** Correct / incorrect / ungraded: icon, word and the meaning colour, never colour alone. */
export function Correctness({ correct, compact = false }: { correct: boolean | null | undefined; compact?: boolean }) {
  if (correct === true) {
    return (
      <span className="inline-flex items-center gap-1 font-medium text-correct" title="Correct">
        <Check aria-hidden className="size-3.5" />
        {compact ? <span className="sr-only">correct</span> : "correct"}
      </span>
    );
  }
  if (correct === false) {
    return (
      <span className="inline-flex items-center gap-1 font-medium text-incorrect" title="Incorrect">
        <X aria-hidden className="size-3.5" />
        {compact ? <span className="sr-only">incorrect</span> : "incorrect"}
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 text-unknown" title="Not graded">
      <CircleHelp aria-hidden className="size-3.5" />
      {compact ? <span className="sr-only">ungraded</span> : "ungraded"}
    </span>
  );
}
