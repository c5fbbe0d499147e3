// Runs the cross-target golden cases (tests/data/golden_flat.json) against any object shaped like
// the @ruvector/sdk module namespace and returns plain, JSON-safe outcomes; checking them is a
// separate step. The browser test runs the cases in a Worker and checks the outcomes in Node with
// the same functions as the Node tests. No Node-only imports: this file also runs in browsers.

/** JSON.parse that turns the golden file's "NaN"/"Infinity" strings back into floats. */
export function parseGolden(text) {
  const special = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
  return JSON.parse(text, (_key, value) => (typeof value === 'string' && value in special ? special[value] : value));
}

const rows = (matrix) => matrix.flat();

export function runFlatCase(api, c) {
  const matrix = api.distances(rows(c.queries), rows(c.vectors), c.dim, { metric: c.metric });
  const index = api.FlatIndex.build(rows(c.vectors), c.dim, { metric: c.metric, ids: c.ids ?? undefined });
  try {
    const r = index.search(rows(c.queries), c.k);
    return {
      name: c.name, matrix: [...matrix], k: r.k, queries: r.queries,
      ids: [...r.ids].map(String), distances: [...r.distances], size: index.size,
    };
  } finally {
    index.dispose();
  }
}

export function runHammingCase(api, c) {
  return [...api.hamming(Uint8Array.from(rows(c.a)), Uint8Array.from(rows(c.b)), c.bytes)];
}

/** Performs the failing operation the way tests/cpp/test_golden.cpp does; returns what was thrown. */
export function runErrorCase(api, c) {
  let index = null;
  try {
    index = new api.FlatIndex(c.dim, { metric: c.metric });
    if (c.op === 'search' || c.op === 'search_empty') {
      if (c.op === 'search') index.add(new Array(c.dim).fill(0.5));
      index.search(c.query, c.k ?? 1);
    } else if (c.op === 'add') {
      index.add(rows(c.vectors));
    } else if (c.op === 'add_ids') {
      index.add(rows(c.vectors), c.ids);
    }
    return { op: c.op, thrown: false };
  } catch (err) {
    return {
      op: c.op, thrown: true, name: err?.name, message: err?.message,
      isRuVectorError: err instanceof api.RuVectorError,
      isExpectedClass: typeof api[c.error] === 'function' && err instanceof api[c.error],
      isError: err instanceof Error,
    };
  } finally {
    index?.dispose();
  }
}

const close = (got, want, tolerance) => Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

/** Mismatches between a flat outcome and the golden case ([] when it passes). */
export function checkFlat(c, got, tolerance = 1e-4) {
  const problems = [];
  const wantMatrix = rows(c.distance_matrix);
  if (got.matrix.length !== wantMatrix.length) problems.push(`matrix has ${got.matrix.length} entries, want ${wantMatrix.length}`);
  wantMatrix.forEach((want, i) => {
    if (!close(got.matrix[i], want, tolerance)) problems.push(`matrix[${i}] = ${got.matrix[i]}, want ${want}`);
  });
  const wantK = c.expected_ids[0].length;
  if (got.k !== wantK) problems.push(`k = ${got.k}, want ${wantK}`);
  if (got.queries !== c.queries.length) problems.push(`queries = ${got.queries}, want ${c.queries.length}`);
  const wantIds = rows(c.expected_ids).map(String);
  if (got.ids.join() !== wantIds.join()) problems.push(`ids [${got.ids}] want [${wantIds}]`);
  const wantD = rows(c.expected_distances);
  if (got.distances.length !== wantD.length) problems.push(`${got.distances.length} distances, want ${wantD.length}`);
  wantD.forEach((want, i) => {
    if (!close(got.distances[i], want, tolerance)) problems.push(`distances[${i}] = ${got.distances[i]}, want ${want}`);
  });
  return problems;
}

export function checkHamming(c, got) {
  const want = rows(c.expected);
  return got.join() === want.join() ? [] : [`hamming ${c.bytes} bytes: [${got}] want [${want}]`];
}

export function checkError(c, got) {
  if (!got.thrown) return [`${c.op}: nothing was thrown, want ${c.error}`];
  const problems = [];
  if (got.name !== c.error) problems.push(`name ${got.name}, want ${c.error}`);
  if (!got.isExpectedClass) problems.push(`not an instance of ${c.error}`);
  if (!got.isRuVectorError) problems.push('not an instance of RuVectorError');
  if (!got.isError) problems.push('not an instance of Error');
  if (!String(got.message).includes(c.message_contains)) {
    problems.push(`message '${got.message}' lacks '${c.message_contains}'`);
  }
  return problems;
}
