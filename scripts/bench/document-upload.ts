// A contract document near the 20 MB limit, streamed into local R2: time and the Worker's memory.
import type { LocalStack } from '../local-stack';
import { startWorkerRuntime } from '../worker-runtime';
import { memoryOf, mib, ms, percentile, workerdPids } from './measure';
import { benchTenant } from './tenant';

export async function benchDocumentUpload(stack: LocalStack, { runs = 3 } = {}): Promise<string> {
  const databaseUrl = await stack.createDatabase('bench_documents');
  const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl });
  const tenant = await benchTenant(databaseUrl, worker, 'DOCS');
  try {
    const [pid] = workerdPids();
    if (!pid) throw new Error('could not find the workerd process');
    const size = 19.5 * 1024 * 1024;
    const file = new Uint8Array(size).map((_, i) => (i * 13) % 256);
    file.set(new TextEncoder().encode('%PDF-1.7\n'));
    const idle = memoryOf(pid);
    const times: number[] = [];
    let afterFirst = idle;
    let lastId = 0;
    for (let run = 0; run < runs; run++) {
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'application/pdf' }), '스캔본.pdf');
      const started = performance.now();
      const res = await worker.fetch('/contractDocuments/upload', { method: 'POST', headers: { Authorization: `Bearer ${tenant.token}` }, body: form });
      if (res.status !== 201) throw new Error(`upload failed: HTTP ${res.status} ${await res.text()}`);
      lastId = ((await res.json()) as { contractDocumentId: number }).contractDocumentId;
      times.push(performance.now() - started);
      if (run === 0) afterFirst = memoryOf(pid);
    }
    const after = memoryOf(pid);
    const started = performance.now();
    const download = await worker.fetch(`/contractDocuments/${lastId}/download`, { headers: { Authorization: `Bearer ${tenant.token}` } });
    const downloaded = (await download.arrayBuffer()).byteLength;
    const downloadMs = performance.now() - started;
    times.sort((a, b) => a - b);
    return [
      `## Contract document upload (${(size / 1024 / 1024).toFixed(1)} MiB PDF, limit 20 MiB, ${runs} runs)`,
      '',
      '| figure | value |',
      '| --- | --- |',
      `| upload time, p50 | ${ms(percentile(times, 50))} |`,
      `| download time (${(downloaded / 1024 / 1024).toFixed(1)} MiB) | ${ms(downloadMs)} |`,
      `| workerd resident memory, idle | ${mib(idle.rssKib)} |`,
      `| workerd peak resident memory, first upload | ${mib(afterFirst.peakKib)} (+${mib(afterFirst.peakKib - idle.rssKib)} over idle) |`,
      `| workerd peak resident memory, after all uploads | ${mib(after.peakKib)} (+${mib(after.peakKib - idle.rssKib)} over idle) |`,
      '',
      'The Worker reads the upload part by part and writes it to R2 in 5 MiB multipart chunks: by construction it holds',
      'one 5 MiB part buffer and the chunk in flight, never the file. The process figure cannot show that alone: local',
      'R2 (Miniflare) runs in the same workerd process and keeps the uploaded parts and the assembled object in memory.',
    ].join('\n');
  } finally {
    await tenant.close();
    await worker.close();
  }
}
