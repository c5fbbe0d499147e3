// Linked with --post-js (inside the module's scope, beside FS and PROXYFS): lets the core's file code
// (FsBackend, bundle directories, the transparency log) run on another Emscripten module's files,
// Pyodide's, so Python under Pyodide passes its own paths and the same C++ reads and writes them.
//
// shareFileSystem(foreign, cwd) mounts each top-level directory of `foreign` (an Emscripten FS
// object, e.g. pyodide.FS) at the same path here with PROXYFS, then makes `cwd` this module's
// working directory, so absolute and relative paths mean what they mean to Python. Call it before
// each operation that touches files: it remounts when `foreign` is another instance and mounts
// top-level directories created since. Nodes under these mounts are never cached (FS caches every
// node it looks up): Python changes those files between calls, and a stale cached node would make
// mkdir or an exclusive create of a path Python removed fail with EEXIST.
/* global Module, FS, PROXYFS, ERRNO_CODES */
(function () {
  // Emscripten 4's ErrnoError (Pyodide's) carries only `errno`; PROXYFS maps errors by `code`. The
  // errno numbers are the same in both (musl's), so the name comes from this module's table.
  const errnoNames = {};
  for (const name in ERRNO_CODES) errnoNames[ERRNO_CODES[name]] = name;
  const OPS = ['lstat', 'chmod', 'utime', 'truncate', 'mkdir', 'writeFile', 'rename', 'unlink', 'rmdir', 'readdir',
    'symlink', 'readlink', 'open', 'close', 'read', 'write'];
  function withErrorCodes(foreign) {
    const fs = {};
    for (const op of OPS) {
      fs[op] = function () {
        try {
          return foreign[op].apply(foreign, arguments);
        } catch (e) {
          if (e && typeof e.errno === 'number' && !e.code) e.code = errnoNames[e.errno] || 'EIO';
          throw e;
        }
      };
    }
    return fs;
  }

  const addToCache = FS.hashAddNode;
  FS.hashAddNode = (node) => {
    if (!(node.mount && node.mount.type === PROXYFS)) addToCache(node);
  };

  let shared = null; // {foreign, fs, mounted: Set of paths}
  Module['shareFileSystem'] = function (foreign, cwd) {
    if (shared && shared.foreign !== foreign) {
      FS.chdir('/');
      for (const path of shared.mounted) FS.unmount(path);
      shared = null;
    }
    if (!shared) shared = { foreign: foreign, fs: withErrorCodes(foreign), mounted: new Set() };
    for (const name of foreign.readdir('/')) {
      const path = '/' + name;
      if (name === '.' || name === '..' || name === 'dev' || name === 'proc' || shared.mounted.has(path)) continue;
      if (!FS.isDir(foreign.lstat(path).mode)) continue;
      if (!FS.analyzePath(path).exists) FS.mkdir(path);
      FS.mount(PROXYFS, { root: path, fs: shared.fs }, path);
      shared.mounted.add(path);
    }
    FS.chdir(cwd);
  };
})();
