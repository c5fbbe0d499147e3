// emscripten JS library for developer probes run under node (bench/text_encoder_profile.cpp as
// wasm): clock() and clock_gettime(CLOCK_PROCESS_CPUTIME_ID) report this process's CPU time
// (process.cpuUsage), as they do natively; emscripten 3.1.6 answers both with wall time, which is
// meaningless on a loaded machine.
mergeInto(LibraryManager.library, {
  clock: function () {
    const used = process.cpuUsage();
    return (used.user + used.system) | 0; // CLOCKS_PER_SEC is 1e6: microseconds
  },
  clock_gettime: function (clockId, timespec) {
    const used = process.cpuUsage();
    const micros = clockId === 2 ? used.user + used.system : Math.round(performance.now() * 1000);
    HEAP32[timespec >> 2] = Math.floor(micros / 1e6);
    HEAP32[(timespec + 4) >> 2] = (micros % 1e6) * 1000;
    return 0;
  },
});
