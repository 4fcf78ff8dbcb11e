// Startup options of the app's database sessions (pg's `options`, sent in the connection's startup packet).
//
// JIT compilation off: PostgreSQL compiles a query once its estimated cost passes jit_above_cost, which the Compare
// page's aggregates and the bulk paths' statements do; compiling takes 40-100 ms, about as long as those queries run,
// and never pays back on statements this short (measured on the 1M-trajectory bench database: 67 → 33 ms, 129 → 76 ms).
// PGlite has no JIT and ignores the option.
export const NO_JIT = "-c jit=off";
