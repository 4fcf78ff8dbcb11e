// Smoothing of training curves. Pure.

/**
 * Exponential moving average with TensorBoard's debiasing: s_t = α·s_{t−1} + (1 − α)·x_t from s_0 = 0, divided by
 * 1 − α^t so early points are not pulled toward zero. α = weight in [0, 1): 0 leaves the curve as it is.
 * Non-finite values are passed through as null and do not update the average.
 */
export function ema(values: readonly (number | null)[], weight: number): (number | null)[] {
  const alpha = Math.min(Math.max(weight, 0), 0.999);
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * alpha + (1 - alpha) * v;
    count++;
    const debias = 1 - Math.pow(alpha, count);
    return debias === 0 ? v : last / debias;
  });
}
