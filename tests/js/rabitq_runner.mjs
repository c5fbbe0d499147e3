// Runs the RabitqIndex golden cases (tests/data/golden_rabitq.json) against any object shaped like the
// @ruvector/sdk module namespace and returns plain, JSON-safe outcomes; checking them is a separate
// step, so the browser test can run the cases in a Worker and check them in Node with the same code.
// No Node-only imports: this file also runs in browsers.

/** The CRC-32 trailer of serialize(): its last 4 bytes, little-endian. */
export function crc32Trailer(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset + bytes.byteLength - 4, 4).getUint32(0, true);
}

/** Builds the case with the golden seed, searches, and round-trips the bytes through deserialize(). */
export function runRabitqCase(api, golden, c) {
  const queries = golden.queries.flat();
  const index = api.RabitqIndex.build(golden.vectors.flat(), golden.dim, {
    metric: c.metric, bits: c.bits, store: c.store, nlist: c.nlist || undefined, seed: BigInt(golden.seed),
  });
  try {
    const bytes = index.serialize();
    const r = index.search(queries, golden.k);
    const copy = api.RabitqIndex.deserialize(bytes);
    let roundTrip;
    try {
      const again = copy.search(queries, golden.k);
      roundTrip = {
        sameBytes: crc32Trailer(copy.serialize()) === crc32Trailer(bytes),
        sameIds: [...again.ids].join() === [...r.ids].join(),
        sameDistances: [...again.distances].join() === [...r.distances].join(),
      };
    } finally {
      copy.dispose();
    }
    return {
      name: c.name, nlist: index.nlist, crc32: crc32Trailer(bytes), size: index.size, k: r.k, queries: r.queries,
      ids: [...r.ids].map(String), distances: [...r.distances], roundTrip,
    };
  } finally {
    index.dispose();
  }
}

/** Mismatches between an outcome and the golden case ([] when it passes). */
export function checkRabitqCase(golden, c, got) {
  const problems = [];
  if (got.nlist !== c.nlist_built) problems.push(`nlist ${got.nlist}, want ${c.nlist_built}`);
  if (got.crc32 !== c.crc32) problems.push(`index bytes differ: CRC-32 ${got.crc32}, want ${c.crc32}`);
  if (got.size !== golden.vectors.length) problems.push(`size ${got.size}, want ${golden.vectors.length}`);
  if (got.k !== golden.k || got.queries !== golden.queries.length) {
    problems.push(`result shape ${got.queries} x ${got.k}, want ${golden.queries.length} x ${golden.k}`);
  }
  const wantIds = c.expected_ids.flat().map(String);
  if (got.ids.join() !== wantIds.join()) problems.push(`ids [${got.ids}] want [${wantIds}]`);
  // Estimates (store 'none') use ISA-independent arithmetic: exact. Reranked distances: 1e-5 relative.
  const exact = c.store === 'none';
  c.expected_distances.flat().forEach((want, i) => {
    const ok = exact ? got.distances[i] === want : Math.abs(got.distances[i] - want) <= 1e-5 * Math.abs(want);
    if (!ok) problems.push(`distances[${i}] = ${got.distances[i]}, want ${want}${exact ? ' exactly' : ''}`);
  });
  for (const [what, ok] of Object.entries(got.roundTrip)) {
    if (!ok) problems.push(`deserialize(serialize()) round trip: ${what} is false`);
  }
  return problems;
}
