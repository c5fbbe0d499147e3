// The core's input checks for JS code that must refuse rows before any index sees them:
// ShardedIndex splits the caller's rows over workers, so it checks them first, here, and messages
// name the caller's row numbers in the core's words (check.hpp).
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include "guarded.hpp"
#include "ruvector/core/check.hpp"

namespace ruvector::wasm {
namespace {

// {rows} if the `count` floats at `values` are whole, finite rows of `dim`; else the error record.
emscripten::val check_rows_record(std::uintptr_t values, double count, double dim, const std::string& what) {
  return guarded([&] {
    const std::size_t width = checked_dim(integer_arg(dim, "dim"));
    const auto rows = heap_span<float>(values, static_cast<std::size_t>(integer_arg(count, "count", 0)));
    const std::size_t row_count = check_rows(rows, width, what);
    check_finite(rows, width, what);
    emscripten::val out = emscripten::val::object();
    out.set("rows", static_cast<double>(row_count));
    return out;
  });
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_check) {
  emscripten::function("checkRows", &ruvector::wasm::check_rows_record);
}
