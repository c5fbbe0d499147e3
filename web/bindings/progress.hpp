// The core's progress steps (ruvector/core/progress.hpp) as calls of a JS function, for every long
// call bound here (index builds, text and image embedding): fn(done, total, stage, fraction). The
// function is one the SDK's wrapper makes (web/js/progress.mjs) so that it never throws: it catches
// the user's exception, keeps it and returns true, and the call is then abandoned by a C++ exception
// that unwinds normally (a JS exception crossing wasm frames would skip destructors).
#pragma once

#include <emscripten/val.h>

#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/core/progress.hpp"

namespace ruvector::wasm {

// `fn` (undefined/null: no progress) must outlive the returned callback.
inline Progress js_progress(const emscripten::val& fn) {
  if (fn.isUndefined() || fn.isNull()) return {};
  return [&fn](const ProgressStep& step) {
    if (fn(static_cast<double>(step.done), static_cast<double>(step.total), std::string(step.stage), step.fraction())
            .as<bool>()) {
      throw_error(ErrorCode::kRuVectorError, "the progress callback threw");
    }
  };
}

}  // namespace ruvector::wasm
