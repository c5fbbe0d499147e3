// Compiled by `tsc -p web/js/tsconfig.json --noEmit` only (never shipped): uses the API as a consumer
// would, so a wrong or missing declaration fails the type check. The @ts-expect-error lines prove
// the declarations reject misuse rather than accepting anything.
import {
  init, FlatIndex, distances, hamming, cpuFeatures, RuVectorError, DimensionMismatch, A2AError,
  TransportError, errorFromRecord, type SearchResult, type Metric, type CpuFeatures,
} from '@ruvector/sdk';
import { IndexWorker, ShardedIndex, EmptyIndex, type IndexInfo } from '@ruvector/sdk/worker';
import {
  RabitqIndex, type RabitqBuildOptions, type RabitqSearchOptions, type VectorStore,
} from '@ruvector/sdk';
import { HashEmbedder, type HashEmbedderOptions } from '@ruvector/sdk';
import {
  TextEmbedder, ImageEncoder, type EmbedProgress, type ImageEmbedOptions, type ImagePixels,
} from '@ruvector/sdk';
import { EmbedWorker, ImageEmbedWorker, WitnessWorker } from '@ruvector/sdk/worker';
import {
  Lake, LocalBackend, ShardMap, eventual, type LakeStats, type FederatedResult, type ShardRule, type LakeOptionValues,
} from '@ruvector/sdk';
import {
  A2AClient, cardRequests, clearCardCache, verifyAgentCard, ProtocolError, CardSignatureInvalid, type A2AEvent,
  type A2ATaskList, type TaskState, type CardVerification, type JsonValue,
} from '@ruvector/sdk';

export async function consumer(): Promise<number> {
  await init();
  await init({ wasmUrl: new URL('https://example.invalid/ruvector_wasm.wasm') });
  await init({ wasmBinary: new Uint8Array(8) });

  const index = new FlatIndex(3, { metric: 'cosine' });
  index.add(new Float32Array(6));
  index.add([1, 2, 3], [10n]);
  index.add(new Float64Array(3), new BigUint64Array([11n]));
  index.add([4, 5, 6], null);
  const hits: SearchResult = index.search([0.1, 0.2, 0.3], 2);
  const firstId: bigint | undefined = hits.ids[0];
  const firstDistance: number | undefined = hits.distances[0];
  const removed: number = index.remove([10, 11n]);
  const metric: Metric = index.metric;
  const sizes: number = index.size + index.dim + index.memoryBytes + hits.k + hits.queries;
  index.dispose();

  const built = FlatIndex.build([0, 0, 1, 1], 2, { metric: 'l2', ids: [5, 6] });
  built.dispose();
  const matrix: Float32Array = distances([1, 0], new Float32Array([0, 1, 1, 0]), 2, { metric: 'ip' });
  const bits: Uint32Array = hamming(new Uint8Array([1]), [3], 1);
  const features: CpuFeatures = cpuFeatures();
  const isa: string = features.isa;

  const worker = await IndexWorker.create({ url: new URL('https://example.invalid/worker_host.mjs') });
  await worker.build(new Float32Array(4), 2, { metric: 'ip', ids: [1n, 2n] });
  await worker.add([1, 2]);
  const remote: SearchResult = await worker.search([1, 1], 1);
  const n: number = (await worker.size()) + (await worker.remove([1]));
  worker.terminate();

  try {
    index.search([1, 2]);
  } catch (err) {
    if (err instanceof DimensionMismatch) console.log(err.name, err.message);
    if (err instanceof EmptyIndex || err instanceof RuVectorError) console.log(err.message);
  }
  const transport: A2AError = new TransportError('unreachable');
  const rebuilt: Error = errorFromRecord({ name: 'InvalidInput', message: 'bad' });
  console.log(firstId, firstDistance, isa, remote.ids, transport, rebuilt, bits, matrix);

  // @ts-expect-error an unknown metric name is a type error
  new FlatIndex(3, { metric: 'manhattan' });
  // @ts-expect-error strings are not vectors
  index.add('1,2,3');
  // @ts-expect-error the result is read-only
  index.size = 3;
  // @ts-expect-error IndexWorker has no public constructor
  new IndexWorker();
  return removed + sizes + n;
}

export function embedConsumer(): number {
  const embedder = new HashEmbedder({ dim: 64, ngramMin: 2, ngramMax: 4, seed: 2n ** 63n });
  const rows: Float32Array = embedder.embed(['hello world', 'naïve café']);
  const one: Float32Array = embedder.embedOne('hello');
  const packed: Float32Array = embedder.embedUtf8(new TextEncoder().encode('abcd'), new Uint32Array([0, 2, 4]));
  const options: HashEmbedderOptions = { seed: 7 };
  const seed: bigint = embedder.seed;
  new HashEmbedder(options).dispose();
  new HashEmbedder().dispose();
  // @ts-expect-error embed takes an array of strings, not one string
  embedder.embed('hello');
  // @ts-expect-error the dimension is read-only
  embedder.dim = 3;
  embedder.dispose();
  return rows.length + one.length + packed.length + embedder.ngramMin + embedder.ngramMax + Number(seed);
}

export async function rabitqConsumer(): Promise<number> {
  await init();
  const options: RabitqBuildOptions = {
    metric: 'cosine', bits: 4, rerankFactor: 8, nlist: 4, nprobe: null, seed: 2n ** 63n, rotation: 'hadamard',
    store: 'f16', ids: [1, 2n], progress: (stage: string, fraction: number) => console.log(stage, fraction),
  };
  const index: RabitqIndex = RabitqIndex.build(new Float32Array(64), 32, options);
  RabitqIndex.build([1, 2, 3, 4], 2, { seed: 7 }).dispose();
  index.add([...new Array(32).fill(0.5)], [3n]);
  const hits: SearchResult = index.search(new Float32Array(32), 2, { nprobe: 2, rerankFactor: 4 });
  const plain: SearchResult = index.search(new Float32Array(32));
  const removed: number = index.remove([1]);
  const bytes: Uint8Array = index.serialize();
  const copy: RabitqIndex = RabitqIndex.deserialize(bytes);
  await copy.save('/tmp/index.rvq');
  const loaded: RabitqIndex = await RabitqIndex.load(new URL('file:///tmp/index.rvq'));
  const store: VectorStore = index.store;
  const rotation: 'haar' | 'hadamard' = index.rotation;
  const seed: bigint = index.seed;
  const numbers: number = index.size + index.dim + index.bits + index.nlist + index.nprobe + index.rerankFactor
    + index.memoryBytes + index.codeBytesPerVector + removed + hits.k + plain.queries;
  const metric: Metric = index.metric;
  const search: RabitqSearchOptions = { nprobe: 1 };
  console.log(store, rotation, seed, metric, search);
  // @ts-expect-error an unknown store is a type error
  RabitqIndex.build([1], 1, { store: 'f64' });
  // @ts-expect-error RabitqIndex has no public constructor
  new RabitqIndex();
  // @ts-expect-error properties are read-only
  index.nprobe = 3;
  copy.dispose();
  loaded.dispose();
  index.dispose();

  const w = await IndexWorker.create();
  await w.build(new Float32Array(64), 32, { kind: 'rabitq', store: 'none', bits: 7, progress: (s, f) => console.log(s, f) });
  await w.build(new Float32Array(64), 32, { kind: 'flat', metric: 'ip' });
  await w.build(new Float32Array(64), 32);
  const r: SearchResult = await w.search(new Float32Array(32), 5, { nprobe: 4 });
  const info: IndexInfo | null = await w.info();
  const nlist = info?.kind === 'rabitq' ? info.nlist : 0;
  const saved: Uint8Array = await w.serialize();
  await w.load(saved);
  // @ts-expect-error a flat worker index takes no RaBitQ build options
  await w.build(new Float32Array(64), 32, { kind: 'flat', bits: 4 });
  w.terminate();

  const sharded: ShardedIndex = await IndexWorker.createSharded({ shards: 3, kind: 'rabitq', store: 'f32', nlist: 2 });
  const again: ShardedIndex = await ShardedIndex.create({ shards: 2, shardBy: 'range' });
  const rule: ShardRule = again.shardMap.rule;
  const homes: Uint32Array = new ShardMap(rule, 2, [1n, 9n]).assign([3n]);
  const bounds: BigUint64Array = ShardMap.fromBounds([5n]).bounds;
  // @ts-expect-error shards are dealt by 'hash' or 'range' only
  void ShardMap.prototype.assign.call(new ShardMap('mod', 2), []);
  await sharded.build(new Float32Array(64), 32, { rerankFactor: 50, progress: (s, f, shard) => console.log(s, f, shard) });
  await sharded.add([...new Array(32).fill(1)]);
  const merged: SearchResult = await sharded.search(new Float32Array(32), 10, { nprobe: 2 });
  const total: number = (await sharded.size()) + (await sharded.remove([0n])) + sharded.shards;
  const infos: Array<IndexInfo | null> = await sharded.info();
  sharded.terminate();
  again.terminate();
  return numbers + r.k + nlist + saved.length + merged.k + total + infos.length + homes.length + bounds.length;
}

export async function a2aConsumer(): Promise<number> {
  const controller = new AbortController();
  const client: A2AClient = await A2AClient.connect('http://127.0.0.1:8000', {
    bearerToken: 't', headers: { 'X-Trace': '1' }, trustedKeys: { keys: [] }, requireSignature: true,
    protocolVersion: '0.3', maxResubscribes: 2, connectTimeoutMs: 1000, readTimeoutMs: 5000, signal: controller.signal,
    fetch: (url, init) => fetch(url, init),
  });
  const version: '1.0' | '0.3' = client.protocolVersion;
  const described = `${client.name} ${client.endpoint} ${client.cardVerified} ${client.cardKeyId} ${version}`;
  const answer: A2AEvent = await client.send('hello', { configuration: { returnImmediately: true }, metadata: { a: 1 } });
  await client.send({ parts: [{ text: 'hi' }] });
  let finals = 0;
  for await (const ev of client.stream('count 3', { signal: controller.signal })) {
    const state: TaskState | null = ev.state;
    if (ev.final && ev.kind === 'status-update' && state === 'completed') finals += 1;
    const id: string | null = ev.taskId;
    console.log(id, ev.text, ev.value);
  }
  for await (const ev of client.subscribe('task-1')) console.log(ev.kind);
  const task: A2AEvent = await client.getTask('task-1', { historyLength: 2 });
  const list: A2ATaskList = await client.listTasks({ contextId: 'c', pageSize: 10 });
  const canceled: A2AEvent = await client.cancelTask('task-1');
  const raw: JsonValue | A2AEvent | A2ATaskList = await client.call('GetExtendedAgentCard');
  // @ts-expect-error a task id is a string
  await client.getTask(7);
  // @ts-expect-error the protocol version is '1.0' or '0.3'
  await A2AClient.connect('http://x', { protocolVersion: '2.0' });
  try {
    await client.send('x');
  } catch (err) {
    if (err instanceof ProtocolError) console.log(err.rpcCode ?? 0);
    if (err instanceof CardSignatureInvalid || err instanceof TransportError) console.log(err.message);
  }
  client.close();
  const v: CardVerification = verifyAgentCard('{}', '{"keys": []}', { requireSignature: false });
  const requests = cardRequests('http://127.0.0.1:8000');
  clearCardCache();
  return finals + list.tasks.length + described.length + answer.text.length + task.text.length + canceled.text.length
    + (raw === null ? 0 : 1) + (v.verified ? 1 : 0) + requests.length;
}

export function lakeConsumer(): number {
  const backend = new LocalBackend('mem');
  backend.putCollection('docs', new Float32Array(8), 4, [1n, 2n]);
  const lake = new Lake({ consistency: eventual(500), maxEntries: 4 });
  lake.register(backend);
  const hits = lake.search('mem', 'docs', new Float32Array(4), 1);
  const fed: FederatedResult = lake.searchFederated([['mem', 'docs']], new Float32Array(4), 1, { nprobe: 2, rerankFactor: 4 });
  const pulled: BigUint64Array = backend.pull('docs').ids;
  const stats: LakeStats = lake.stats();
  const defaults: LakeOptionValues = Lake.defaults();
  const used = new Lake({ store: defaults.store, bits: defaults.bits }).options;
  // @ts-expect-error consistency is 'fresh' | 'frozen' | eventual(ttl)
  void new Lake({ consistency: 'sometimes' });
  // @ts-expect-error store is 'f32' | 'f16' | 'none'
  void new Lake({ store: 'f64' });
  return hits.k + fed.shards.length + pulled.length + stats.primes + used.rerankFactor;
}

export async function encoderProgressConsumer(files: Record<string, Uint8Array>, image: Uint8Array): Promise<number> {
  const text = TextEmbedder.fromFiles(files);
  const seen: number[] = [];
  const rows: Float32Array = text.embed(['a', 'b'], {
    batchSize: 1, progress: (done: number, total: number, stage: string, fraction: number) => seen.push(done, total, fraction, stage.length),
  });
  // @ts-expect-error progress is a function (done, total, stage, fraction)
  text.embed(['a'], { progress: true });
  const images = ImageEncoder.fromBytes(image);
  const pixels: ImagePixels = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 };
  const options: ImageEmbedOptions = { progress: (done, total) => seen.push(done / total) };
  const vectors: Float32Array = images.embed([pixels], options);
  const logits: Float32Array = images.logits(pixels, { progress: null });
  const worker = await EmbedWorker.create({ model: 'models/minilm/' });
  const inWorker: Float32Array = await worker.embed(['a'], { progress: (done, total) => seen.push(done, total) });
  const imageWorker = await ImageEmbedWorker.create({ model: image });
  const inImageWorker: Float32Array = await imageWorker.logits([pixels], { progress: (done) => seen.push(done) });
  const step: EmbedProgress = () => {};
  const queries: Float32Array = text.embed(['q'], { promptName: 'query' });
  const promptIds: Int32Array = await worker.tokenize('q', { promptName: 'query' });
  const prompts: Record<string, string> = text.prompts;
  const defaultPrompt: string | null = text.defaultPromptName;
  // @ts-expect-error promptName is a prompt's name (a string)
  text.embed(['q'], { promptName: 1 });
  return rows.length + vectors.length + logits.length + inWorker.length + inImageWorker.length + seen.length + step.length +
    queries.length + promptIds.length + Object.keys(prompts).length + (defaultPrompt ?? '').length;
}

export async function bundleInWorker(files: { sidecar: string; witness: string; index: Uint8Array }): Promise<number> {
  const w = await WitnessWorker.create();
  const info = await w.verifyBundle(files, ['verifier-key']);
  const read = await w.readBundle(files);
  const checkpoint = await w.bundleCheckpoint(files.witness, 'verifier-key');
  // @ts-expect-error the key list is required
  await w.verifyBundle(files);
  w.terminate();
  return info.dim + (read.checkpoint === null ? 0 : 1) + checkpoint.origin.length;
}
