/**
 * One measurement in a fresh process: `node .tmp/bench/child.js '<json job>'`, compiled by
 * the runner (bench/run.ts). Prints one JSON
 * line with the result. The runner starts one child per contender per run so every
 * contender gets a fresh heap and a JIT of its own.
 */
import type { Connection, Contender } from "./contenders/contender.js";
import { deltasPerResponse, replyShape } from "./lib/traffic.js";

export type Job =
  | { test: "receive"; contender: string; port: number; chunkMs: number; deltas: number; warmup: number; warmupReps: number; reps: number }
  | { test: "send"; contender: string; port: number; chunks: number; warmup: number }
  | { test: "connect"; contender: string; port: number; connects: number; warmup: number }
  | { test: "memory"; contender: string; port: number; sessions: number }
  | { test: "pipeline"; contender: string; port: number; seconds: number };

async function load(name: string): Promise<Contender> {
  switch (name) {
    case "floor":
      return (await import("./contenders/floor.js")).floor;
    case "limit":
      return (await import("./contenders/limit.js")).limit;
    case "ours":
      return (await import("./contenders/ours.js")).ours;
    case "azure":
      return (await import("./contenders/azure.js")).azure;
    case "openai":
      return (await import("./contenders/openai.js")).openai;
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

/** The middle value of an odd-length list (the runner asks for an odd number of reps). */
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function receive(open: Contender, job: Extract<Job, { test: "receive" }>): Promise<Record<string, number>> {
  const conn = await open(job.port, `recv.${job.chunkMs}.${job.deltas}.${job.warmup}`);
  const perResponse = deltasPerResponse(job.chunkMs);
  let bytes = 0;
  let deltas = 0;
  let dones = 0;
  conn.onAudio = (n) => {
    bytes += n;
    deltas++;
  };
  const reply = (responses: number): Promise<void> =>
    new Promise((resolve) => {
      dones = 0;
      conn.onResponseDone = () => {
        if (++dones === responses) resolve();
      };
      conn.requestResponse();
    });
  await reply(replyShape({ deltas: job.warmup, chunkMs: job.chunkMs, perResponse }).responses);
  const shape = replyShape({ deltas: job.deltas, chunkMs: job.chunkMs, perResponse });
  const expectedBytes = job.deltas * ((24000 * job.chunkMs) / 1000) * 2;
  // `warmupReps` replies of the measured size, then `reps` measured back to back; the median
  // of each figure is reported. A child keeps getting faster for several replies after a
  // short warm-up: measured straight after 2,000 deltas, CPU per reply fell by up to a
  // half from the first reply to the fifth, and ratios between children swung with how far
  // each had got.
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let rep = 0; rep < job.warmupReps + job.reps; rep++) {
    bytes = 0;
    deltas = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await reply(shape.responses);
    const wall = performance.now() - start;
    const used = cpuMs(cpu);
    if (deltas !== job.deltas || bytes !== expectedBytes) throw new Error(`${job.contender} got ${deltas} deltas / ${bytes} bytes, expected ${job.deltas} / ${expectedBytes}`);
    if (rep < job.warmupReps) continue;
    walls.push(wall);
    cpus.push(used);
  }
  const wallMs = median(walls);
  const cpuUsed = median(cpus);
  await conn.close();
  return { events: shape.events, wallMs, cpuMs: cpuUsed, bytes, eventsPerSecond: (shape.events / wallMs) * 1000, mbPerSecond: bytes / 1e6 / (wallMs / 1000) };
}

async function send(open: Contender, job: Extract<Job, { test: "send" }>): Promise<Record<string, number>> {
  const conn = await open(job.port, "send");
  // 20 ms of 24 kHz PCM16: 960 bytes; a few distinct chunks, prepared before timing.
  const chunks = Array.from({ length: 8 }, (_, k) => {
    const bytes = new Uint8Array(960);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + k * 13) & 0xff;
    return bytes;
  });
  const burst = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await conn.sendAudio(chunks[i & 7]!);
    await conn.commit();
  };
  await burst(job.warmup);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await burst(job.chunks);
  const wallMs = performance.now() - start;
  const cpuUsed = cpuMs(cpu);
  await conn.close();
  return { chunks: job.chunks, wallMs, cpuMs: cpuUsed, chunksPerSecond: (job.chunks / wallMs) * 1000 };
}

async function connectLatency(open: Contender, job: Extract<Job, { test: "connect" }>): Promise<Record<string, number>> {
  const times: number[] = [];
  for (let i = 0; i < job.warmup + job.connects; i++) {
    const start = performance.now();
    const conn = await open(job.port, "idle");
    const ms = performance.now() - start;
    if (i >= job.warmup) times.push(ms);
    await conn.close();
  }
  times.sort((a, b) => a - b);
  return { connects: times.length, medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, maxMs: times[times.length - 1]! };
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("memory runs need --expose-gc");
  for (let i = 0; i < 4; i++) collect();
};

async function memory(open: Contender, job: Extract<Job, { test: "memory" }>): Promise<Record<string, number>> {
  // One session opened and closed first, so code, caches and pools exist before the baseline.
  await (await open(job.port, "idle")).close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const before = process.memoryUsage();
  const sessions: Connection[] = [];
  for (let i = 0; i < job.sessions; i += 20) {
    sessions.push(...(await Promise.all(Array.from({ length: Math.min(20, job.sessions - i) }, () => open(job.port, "idle")))));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const after = process.memoryUsage();
  for (const s of sessions) await s.close();
  return {
    sessions: job.sessions,
    rssPerSessionKb: (after.rss - before.rss) / job.sessions / 1024,
    heapPerSessionKb: (after.heapUsed - before.heapUsed) / job.sessions / 1024,
    externalPerSessionKb: (after.external - before.external) / job.sessions / 1024,
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as Job;
  let result: Record<string, number>;
  if (job.test === "pipeline") {
    const { pipelineFloor, pipelineOurs } = await import("./pipeline.js");
    const r = await (job.contender === "ours" ? pipelineOurs : pipelineFloor)(job.port, job.seconds);
    result = { ...r, cpuMsPerSecond: r.cpuMs / r.seconds };
  } else {
    const open = await load(job.contender);
    if (job.test === "receive") result = await receive(open, job);
    else if (job.test === "send") result = await send(open, job);
    else if (job.test === "connect") result = await connectLatency(open, job);
    else result = await memory(open, job);
  }
  if (job.contender === "ours") {
    const { ourProtocolErrors } = await import("./contenders/ours.js");
    if (ourProtocolErrors.count > 0) throw new Error(`voicelive-client reported ${ourProtocolErrors.count} protocol errors`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Sockets are closed; lingering SDK timers must not stretch the run.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
