// Compiles src/ to JavaScript for the gateway processes under load: each file transpiled on its own
// with the project's compiler options (what ts-node --transpile-only does at start-up, and what
// `npm run build` emits, without the type check). The output goes under node_modules/.cache so Node
// resolves packages from the project and git never sees it.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Transpiles `<root>/src` into `outDir`/src and returns the path of main.js. `root` is the project by
 * default; BENCH_SRC=<dir with a src/ tree> benchmarks another version of the code (e.g. a proposed
 * change outside bench/) against the same harness.
 */
export function buildGateway(outDir: string, root = process.env.BENCH_SRC ? path.resolve(process.env.BENCH_SRC) : ROOT): { mainJs: string; files: number; ms: number; root: string } {
  const started = performance.now();
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
  rmSync(outDir, { recursive: true, force: true });
  const files = sources(path.join(root, 'src'));
  for (const file of files) {
    const { outputText } = ts.transpileModule(ts.sys.readFile(file)!, { compilerOptions, fileName: file, reportDiagnostics: false });
    const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return { mainJs: path.join(outDir, 'src', 'main.js'), files: files.length, ms: Math.round(performance.now() - started), root };
}

export const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'booking-gateway-bench');
