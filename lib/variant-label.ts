// How a run variant is named to people (the database keeps reagent_c, the paper writes Reagent-C). Pure.

export const VARIANT_LABELS: Record<string, string> = {
  base: "Base",
  reagent_c: "Reagent-C",
  reagent_r: "Reagent-R",
  reagent_u: "Reagent-U",
  grpo: "GRPO",
  custom: "Custom",
};

export function variantLabel(variant: string): string {
  return VARIANT_LABELS[variant] ?? variant;
}
