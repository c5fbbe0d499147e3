// One shape of progress for every long call of the core (index builds, text and image embedding):
// a named stage and how many of its units are done. Each binding converts a step into its
// language's public callback (Python's progress(stage, fraction) / progress(done, total) and the
// progress=True bar, JS callbacks, worker progress messages); none of them computes progress itself.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace ruvector {

struct ProgressStep {
  std::string_view stage;  // "train", "encode" (builds), "embed" (encoders)
  std::size_t done = 0;    // units of the stage done so far, at most `total`
  std::size_t total = 0;   // the stage's units (texts, images, top clusters, tenths of the encode)

  // done / total; 1 for a stage without units.
  [[nodiscard]] double fraction() const noexcept {
    return total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  }
};

// Called after each unit or batch of units; may throw to cancel the call (the error propagates).
using Progress = std::function<void(const ProgressStep&)>;

}  // namespace ruvector
