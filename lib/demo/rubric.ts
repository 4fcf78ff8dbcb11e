// The "Critique quality" rubric (v1) the demo annotations answer. Pure data.
import { ERROR_TYPES, type ErrorType } from "@/lib/demo/trajectories";

/** snake_case value stored in answers and Annotation.errorTags for each error type label. */
export function errorTypeValue(label: ErrorType): string {
  return label.replace(/[^a-z]+/g, "_").replace(/^_|_$/g, "");
}

export const CRITIQUE_QUALITY_RUBRIC = {
  name: "Critique quality",
  version: 1,
  questions: [
    {
      id: "critique_correct",
      type: "single",
      label: "Is the critique correct?",
      required: true,
      options: [
        { value: "yes", label: "Yes" },
        { value: "partly", label: "Partly" },
        { value: "no", label: "No" },
      ],
    },
    { id: "specific", type: "scale", label: "How specific is the critique?", required: true, min: 1, max: 5, minLabel: "Vague", maxLabel: "Points at the exact step" },
    { id: "actionable", type: "scale", label: "How actionable is the critique?", required: true, min: 1, max: 5, minLabel: "No guidance", maxLabel: "Says exactly what to do instead" },
    {
      id: "score_calibration",
      type: "single",
      label: "The RRM score is …",
      required: true,
      options: [
        { value: "too_low", label: "Too low" },
        { value: "about_right", label: "About right" },
        { value: "too_high", label: "Too high" },
      ],
    },
    {
      id: "error_types",
      type: "multi",
      label: "Which errors did the agent make?",
      required: false,
      options: ERROR_TYPES.map((label) => ({ value: errorTypeValue(label), label: label.charAt(0).toUpperCase() + label.slice(1) })),
    },
    { id: "note", type: "text", label: "Note", required: false },
  ],
} as const;

export type CritiqueQualityAnswers = {
  critique_correct: "yes" | "partly" | "no";
  specific: number;
  actionable: number;
  score_calibration: "too_low" | "about_right" | "too_high";
  error_types: string[];
  note?: string;
};
