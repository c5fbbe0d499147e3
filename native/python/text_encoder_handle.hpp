// The Python object behind ruvector._core.TextEncoder, shared by the embed and collection bindings.
#pragma once

#include <memory>

#include "ruvector/embed/text_encoder.hpp"

namespace ruvector::python {

// The core encoder is immutable once loaded and shared by every thread that embeds with it.
struct PyTextEncoder {
  std::shared_ptr<const ruvector::embed::TextEncoder> impl;
};

}  // namespace ruvector::python
