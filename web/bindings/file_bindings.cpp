// Embind glue for the core's whole-file I/O (core/file_io.hpp) on the module's file system, which
// under Pyodide is Pyodide's own (shared_fs.js): the Pyodide ring saves and loads through the same
// atomic-save code as the native targets. Returns values or error records (guarded).
#include <emscripten/bind.h>

#include <cstdint>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "ruvector/core/file_io.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

val write_file_atomic(const std::string& path, std::uintptr_t bytes, double size) {
  return guarded([&] {
    ruvector::write_file_atomic(path,
                                heap_span<std::uint8_t>(bytes, static_cast<std::size_t>(integer_arg(size, "size", 0))));
    return val::undefined();
  });
}

val read_file(const std::string& path) {
  return guarded([&] {
    const std::vector<std::uint8_t> bytes = ruvector::read_file(path);
    return copy_to_js("Uint8Array", bytes.data(), bytes.size());
  });
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_files) {
  emscripten::function("fileWriteAtomic", &ruvector::wasm::write_file_atomic);
  emscripten::function("fileRead", &ruvector::wasm::read_file);
}
