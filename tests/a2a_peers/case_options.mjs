// The shared hostile-peer cases' option placeholders, resolved the same way wherever the cases run
// (node, a Chromium worker): "$JWKS" is the JWKS hostile.py wrote, "$RECORDER_HTTPS" the https
// twin of the recorder's origin. No Node APIs: browsers import this file too.

/** The options of `c` for a client, in the core's (camelCase) names. */
export function caseOptions(c, { jwks, recorder }) {
  const out = {};
  for (const [key, value] of Object.entries(c.options)) {
    if (value === '$JWKS') out[key] = jwks;
    else if (Array.isArray(value)) {
      out[key] = value.map((v) => (v === '$RECORDER_HTTPS' ? recorder.replace('http://', 'https://') : v));
    } else out[key] = value;
  }
  return out;
}
