// Module Worker: loads EfficientNet-Lite0 (.safetensors, the file named in ?model=) by URL from the
// test's static server, embeds the golden images of tests/data/golden_image_lite0.json with the
// package's ImageEncoder and posts embeddings and logits back (checked in Node by
// image_encoder.test.mjs).
import * as rv from '../../web/js/index.mjs';

try {
  const model = new URL(new URL(import.meta.url).searchParams.get('model'), import.meta.url);
  const golden = await (await fetch(new URL('../data/golden_image_lite0.json', import.meta.url))).json();
  await rv.init();
  const encoder = await rv.ImageEncoder.load(model);
  const { thumb_size: thumb, scale } = golden;
  const side = thumb * scale;
  // Each thumbnail with every pixel repeated `scale` times both ways, as RGBA (the ImageData layout).
  const images = golden.cases.map((c) => {
    const data = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const from = ((Math.floor(y / scale) * thumb) + Math.floor(x / scale)) * 3;
        data.set([...c.pixels.slice(from, from + 3), 255], (y * side + x) * 4);
      }
    }
    return new ImageData(data, side, side);
  });
  const rows = Array.from(encoder.embed(images));
  const logits = Array.from(encoder.logits(images));
  postMessage({ dim: encoder.dim, numClasses: encoder.numClasses, rows, logits });
  encoder.dispose();
} catch (err) {
  postMessage({ fatal: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` });
}
