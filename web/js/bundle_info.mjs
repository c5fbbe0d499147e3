// Internal (not a public entry point): the decoding of the bindings' checked-bundle record, shared by
// witness.readBundle (bundle bytes) and the Pyodide ring's bundle directories (web/pyodide/files.mjs).

/** A tree size (or other u64 the bindings send as decimal) as a number when exact, else a bigint. */
export function sizeOut(decimal) {
  const big = BigInt(decimal);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** The record of witnessReadBundle / witnessReadBundleDir as readBundle returns it. */
export function bundleInfo(b) {
  const c = b.checkpoint;
  return {
    dataRef: b.dataRef,
    dim: Number(b.dim),
    rotationSeed: sizeOut(b.rotationSeed),
    rerankFactor: sizeOut(b.rerankFactor),
    generation: b.generationKind === 'opaque' ? b.generation : sizeOut(b.generation),
    rvfWitness: b.rvfWitness,
    metric: b.metric,
    rotationKind: b.rotationKind,
    bits: b.bits,
    contentWitness: { paramsHash: b.paramsHash, dataRoot: b.dataRoot, count: sizeOut(b.count), root: b.root },
    indexBytes: sizeOut(b.indexBytes),
    indexRoot: b.indexRoot,
    logIndex: b.logIndex === null ? null : sizeOut(b.logIndex),
    checkpoint: c === null ? null : { origin: c.origin, size: sizeOut(c.size), root: c.root, extensions: c.extensions },
  };
}
