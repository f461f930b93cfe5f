// The CLI starts a simulator in another process, prints its URI, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';

describe('mongo-sim: cli', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints {"uri"} and serves the driver until SIGTERM', async () => {
    const root = path.resolve(__dirname, '../../..');
    child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(__dirname, 'cli.ts'), '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child!.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
    });
    const { uri } = JSON.parse(line) as { uri: string };
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.db('cli').collection('c').insertOne({ a: 1 });
      expect(await client.db('cli').collection('c').countDocuments()).toBe(1);
    } finally {
      await client.close();
    }
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
