// The core's progress steps (ruvector/core/progress.hpp) as a Python callback's arguments: the one
// conversion both public shapes go through. The callback runs with the GIL held; what it raises
// propagates out of the core call.
#pragma once

#include <nanobind/nanobind.h>

#include <string>

#include "ruvector/core/progress.hpp"

namespace ruvector::python {

enum class ProgressArgs {
  kStageFraction,  // progress(stage, fraction): index builds
  kDoneTotal,      // progress(done, total): embedding texts or images
};

// `progress` must outlive the returned callback (it is the bound call's argument).
inline Progress progress_callback(const nanobind::object& progress, ProgressArgs args) {
  if (progress.is_none()) return {};
  return [&progress, args](const ProgressStep& step) {
    const nanobind::gil_scoped_acquire gil;
    if (args == ProgressArgs::kStageFraction) {
      progress(std::string(step.stage), step.fraction());
    } else {
      progress(step.done, step.total);
    }
  };
}

}  // namespace ruvector::python
