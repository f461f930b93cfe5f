// Preloaded into the memory scenario's gateway only (node --expose-gc -r bench/gc-on-signal.cjs):
// SIGUSR2 runs full garbage collections, so the bench reads RSS and heap with the garbage of the
// seeding requests collected, not whatever the collector had got to by then.
process.on('SIGUSR2', () => {
  if (typeof global.gc !== 'function') return;
  global.gc();
  global.gc();
});
