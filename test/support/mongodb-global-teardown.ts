export default async function mongodbGlobalTeardown(): Promise<void> {
  await (globalThis as { stopTestMongo?: () => Promise<void> }).stopTestMongo?.();
}
