/*
 * A 3-primary Redis Cluster on loopback for the toolkit's cluster suites, built from Debian's
 * redis-server: three nodes with cluster-enabled yes on free ports (each port + 10000, the cluster
 * bus, must be free too), joined with `redis-cli --cluster create ... --cluster-replicas 0`, then
 * polled until every node reports cluster_state:ok. close() stops the nodes by PID and removes
 * their directories. Resolves null when redis-server is not installed (see reference.ts).
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { startReference, type ReferenceServer } from './reference.js';

const run = promisify(execFile);

export interface LocalCluster {
  readonly ports: number[];
  readonly nodes: ReferenceServer[];
  close(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free port below 55535 whose cluster bus port (port + 10000) is free as well. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (taken.has(port) || taken.has(port + 10000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10000))) {
      taken.add(port);
      taken.add(port + 10000);
      return port;
    }
  }
  throw new Error('no free port pair for a cluster node');
}

async function clusterInfo(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'CLUSTER', 'INFO']);
  return stdout;
}

export async function startCluster(size = 3): Promise<LocalCluster | null> {
  const nodes: ReferenceServer[] = [];
  const taken = new Set<number>();
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.close()));
  };
  try {
    for (let i = 0; i < size; i++) {
      const port = await clusterPort(taken);
      const node = await startReference(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000'], { port });
      if (node === null) {
        await close();
        return null;
      }
      nodes.push(node);
    }
    const ports = nodes.map((n) => n.port);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const infos = await Promise.all(ports.map((p) => clusterInfo(p)));
      if (infos.every((info) => info.includes('cluster_state:ok'))) break;
      if (Date.now() > deadline) throw new Error(`cluster did not reach cluster_state:ok:\n${infos.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { ports, nodes, close };
  } catch (err) {
    await close();
    throw err;
  }
}
