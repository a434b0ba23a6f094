/**
 * What the multi-process suites share: finding the CouchDB cluster, starting and stopping real
 * sync-server processes, and the answers and files of a TDP application they file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnswerValue } from '../../common/application-schema.js';

const DEFAULT_CLUSTER = ['http://admin:admin@127.0.0.1:15984', 'http://admin:admin@127.0.0.1:25984', 'http://admin:admin@127.0.0.1:35984'];

/** The cluster's node URLs when a cluster of at least two nodes answers; else undefined. */
export async function clusterNodes(): Promise<string[] | undefined> {
  const urls = process.env.COUCHDB_CLUSTER ? process.env.COUCHDB_CLUSTER.split(',').filter(Boolean) : DEFAULT_CLUSTER;
  try {
    const first = new URL(urls[0] ?? '');
    const auth = `Basic ${Buffer.from(`${first.username}:${first.password}`).toString('base64')}`;
    const response = await fetch(`${first.origin}/_membership`, { headers: { authorization: auth }, signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { cluster_nodes?: string[] };
    return response.ok && (body.cluster_nodes?.length ?? 0) >= 2 ? urls : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/**
 * Starts `sync-server/main.ts` as a process of its own on `storeUrl`.
 * @param syncProcesses SYNC_PROCESSES: 'shared' for several processes on one store.
 */
export async function startProcess(storeUrl: string, staticDir: string, syncProcesses = 'shared'): Promise<ServerProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-multi-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', COUCHDB_URL: storeUrl, DEMO_DATA: '1',
      SYNC_PROCESSES: syncProcesses,
      DATA_DIR: dataDir, STATIC_DIR: staticDir, LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /App:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { url, child, dataDir };
}

export async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  await fs.rm(server.dataDir, { recursive: true, force: true });
}

const ADDRESS = {
  street: 'Jl. Jenderal Sudirman No. 12', rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota',
  city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113',
};

export function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
    businessForm: 'cv', companyAddress: { ...ADDRESS }, partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }],
    kbli: '47112', siupNumber: '', establishmentDate: '2018-03-12', employeeCount: 8,
  };
}

export function jpeg(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
  return bytes;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
